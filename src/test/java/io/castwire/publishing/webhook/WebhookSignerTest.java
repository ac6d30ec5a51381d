package io.castwire.publishing.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    // the test vector of the Standard Webhooks reference libraries (libraries/go/webhook_test.go)
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TS = 1614265330L;
    private static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final Instant NOW = Instant.ofEpochSecond(1_790_000_000L);
    private static final Duration TOLERANCE = WebhookSigner.DEFAULT_TOLERANCE;

    /** Independent implementation straight from the spec: HMAC-SHA256(base64decode(secret without whsec_), id.ts.body). */
    private static String specSignature(String secret, String id, long ts, byte[] body) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] signed = (id + "." + ts + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed));
    }

    @Test
    void matchesThePublishedTestVector() {
        assertThat(WebhookSigner.sign(SPEC_ID, SPEC_TS, SPEC_BODY, SPEC_SECRET)).isEqualTo(SPEC_SIGNATURE);
    }

    @Test
    void theIndependentImplementationAgreesWithTheTestVectorAndTheSigner() throws Exception {
        assertThat(specSignature(SPEC_SECRET, SPEC_ID, SPEC_TS, SPEC_BODY)).isEqualTo(SPEC_SIGNATURE);

        String secret = WebhookSigner.newSecret();
        byte[] body = "{\"type\":\"episode.published\",\"timestamp\":\"2026-11-21T10:00:00Z\",\"data\":{\"title\":\"Ünïcödé\"}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSigner.sign("msg_abc", NOW.getEpochSecond(), body, secret))
                .isEqualTo(specSignature(secret, "msg_abc", NOW.getEpochSecond(), body));
    }

    @Test
    void rotationSignsWithEverySecretInOrder() throws Exception {
        String current = WebhookSigner.newSecret();
        String previous = WebhookSigner.newSecret();
        String header = WebhookSigner.sign("msg_rot", SPEC_TS, SPEC_BODY, current + "  " + previous);

        assertThat(header.split(" ")).containsExactly(specSignature(current, "msg_rot", SPEC_TS, SPEC_BODY),
                specSignature(previous, "msg_rot", SPEC_TS, SPEC_BODY));
        // a receiver that only knows either secret accepts it
        assertThatCode(() -> WebhookSigner.verify("msg_rot", Long.toString(SPEC_TS), header, SPEC_BODY, previous,
                Instant.ofEpochSecond(SPEC_TS), TOLERANCE)).doesNotThrowAnyException();
        assertThatCode(() -> WebhookSigner.verify("msg_rot", Long.toString(SPEC_TS), header, SPEC_BODY, current,
                Instant.ofEpochSecond(SPEC_TS), TOLERANCE)).doesNotThrowAnyException();
    }

    @Test
    void verifiesASignatureMadeByTheIndependentImplementation() throws Exception {
        String secret = WebhookSigner.newSecret();
        String sig = specSignature(secret, "msg_1", NOW.getEpochSecond(), SPEC_BODY);
        assertThatCode(() -> WebhookSigner.verify("msg_1", Long.toString(NOW.getEpochSecond()), sig, SPEC_BODY, secret, NOW,
                TOLERANCE)).doesNotThrowAnyException();
    }

    @Test
    void acceptsOneValidSignatureAmongOthersAndSkipsOtherVersions() throws Exception {
        String ts = Long.toString(SPEC_TS);
        String header = String.join(" ", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
                "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", "v1a,not-base64!", SPEC_SIGNATURE,
                "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=");
        assertThatCode(() -> WebhookSigner.verify(SPEC_ID, ts, header, SPEC_BODY, SPEC_SECRET, Instant.ofEpochSecond(SPEC_TS),
                TOLERANCE)).doesNotThrowAnyException();
        // the right bytes under another version label do not count
        String relabelled = SPEC_SIGNATURE.replace("v1,", "v2,");
        assertThatThrownBy(() -> WebhookSigner.verify(SPEC_ID, ts, relabelled, SPEC_BODY, SPEC_SECRET,
                Instant.ofEpochSecond(SPEC_TS), TOLERANCE)).isInstanceOf(SignatureException.class);
    }

    @Test
    void refusesTamperingAWrongSecretAndMissingHeaders() {
        String ts = Long.toString(SPEC_TS);
        Instant at = Instant.ofEpochSecond(SPEC_TS);
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> WebhookSigner.verify(SPEC_ID, ts, SPEC_SIGNATURE, tampered, SPEC_SECRET, at, TOLERANCE))
                .isInstanceOf(SignatureException.class).hasMessageContaining("no valid v1 signature");
        assertThatThrownBy(() -> WebhookSigner.verify("msg_other", ts, SPEC_SIGNATURE, SPEC_BODY, SPEC_SECRET, at, TOLERANCE))
                .isInstanceOf(SignatureException.class);
        assertThatThrownBy(() -> WebhookSigner.verify(SPEC_ID, ts, SPEC_SIGNATURE, SPEC_BODY, WebhookSigner.newSecret(), at,
                TOLERANCE)).isInstanceOf(SignatureException.class);
        assertThatThrownBy(() -> WebhookSigner.verify(SPEC_ID, null, SPEC_SIGNATURE, SPEC_BODY, SPEC_SECRET, at, TOLERANCE))
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> WebhookSigner.verify(null, ts, SPEC_SIGNATURE, SPEC_BODY, SPEC_SECRET, at, TOLERANCE))
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> WebhookSigner.verify(SPEC_ID, ts, " ", SPEC_BODY, SPEC_SECRET, at, TOLERANCE))
                .hasMessageContaining("missing");
    }

    @Test
    void refusesTimestampsOutsideTheToleranceEitherWay() throws Exception {
        Instant at = Instant.ofEpochSecond(SPEC_TS);
        String ts = Long.toString(SPEC_TS);
        assertThatCode(() -> WebhookSigner.verify(SPEC_ID, ts, SPEC_SIGNATURE, SPEC_BODY, SPEC_SECRET, at.plus(TOLERANCE),
                TOLERANCE)).doesNotThrowAnyException();
        assertThatThrownBy(() -> WebhookSigner.verify(SPEC_ID, ts, SPEC_SIGNATURE, SPEC_BODY, SPEC_SECRET,
                at.plus(TOLERANCE).plusSeconds(1), TOLERANCE)).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> WebhookSigner.verify(SPEC_ID, ts, SPEC_SIGNATURE, SPEC_BODY, SPEC_SECRET,
                at.minus(TOLERANCE).minusSeconds(1), TOLERANCE)).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> WebhookSigner.verify(SPEC_ID, "soon", SPEC_SIGNATURE, SPEC_BODY, SPEC_SECRET, at, TOLERANCE))
                .hasMessageContaining("not a number");
    }

    @Test
    void refusesUnusableSecretsWithoutQuotingThem() {
        String tooShort = "whsec_" + Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> WebhookSigner.sign("msg_1", SPEC_TS, SPEC_BODY, tooShort))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24 to 64 bytes")
                .hasMessageNotContaining(tooShort.substring(6));
        String notBase64 = "whsec_this*is*not*base64*at*all*padding";
        assertThatThrownBy(() -> WebhookSigner.sign("msg_1", SPEC_TS, SPEC_BODY, notBase64))
                .hasMessageNotContaining("this*is");
        assertThatThrownBy(() -> WebhookSigner.sign("msg_1", SPEC_TS, SPEC_BODY, " ")).hasMessageContaining("no webhook secret");
    }

    @Test
    void refusesIdsThatWouldMakeTheSignedContentAmbiguous() {
        assertThatThrownBy(() -> WebhookSigner.sign("msg.1", SPEC_TS, SPEC_BODY, SPEC_SECRET))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSigner.sign("msg 1", SPEC_TS, SPEC_BODY, SPEC_SECRET))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void newSecretsAreSpecShapedAndDistinct() {
        String a = WebhookSigner.newSecret();
        assertThat(a).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(a.substring(6))).hasSize(32);
        assertThat(List.of(a, WebhookSigner.newSecret())).doesNotHaveDuplicates();
        assertThat(Arrays.asList(WebhookSigner.keys(a + " " + SPEC_SECRET).toArray())).hasSize(2);
    }
}
