package io.castwire.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import io.castwire.publishing.webhook.WebhookSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook source's check, without HTTP: what passes, what is refused and with which status. */
class KameletWebhookVerifierTest {

    private static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "kamelet-test-secret-of-32-bytes!".getBytes(StandardCharsets.UTF_8));
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private KameletWebhookVerifier verifier;

    @BeforeEach
    void setUp() {
        verifier = new KameletWebhookVerifier();
        verifier.setSecret(SECRET);
        verifier.setSource("cms");
        verifier.setMaxBodyBytes(100);
        verifier.setToleranceSeconds(300);
        verifier.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private Exchange request(String id, long ts, String body, String secret) {
        Exchange x = new DefaultExchange(camel);
        x.getMessage().setHeader("Webhook-Id", id);
        x.getMessage().setHeader("webhook-timestamp", Long.toString(ts));
        x.getMessage().setHeader("webhook-signature", WebhookSigner.sign(id, ts, body.getBytes(StandardCharsets.UTF_8), secret));
        x.getMessage().setHeader("Content-Type", "application/json");
        x.getMessage().setHeader("CamelHttpUri", "http://169.254.169.254/");
        x.getMessage().setHeader("X-Anything", "outside");
        x.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        return x;
    }

    private static int status(Exchange x) {
        return x.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
    }

    @Test
    void aSignedEventPassesWithOnlyItsIdTimestampAndContentType() throws Exception {
        Exchange x = request("msg_1", NOW.getEpochSecond(), "{\"a\":1}", SECRET);

        verifier.process(x);

        assertThat(x.isRouteStop()).isFalse();
        assertThat(x.getMessage().getBody()).isEqualTo("{\"a\":1}");
        assertThat(x.getMessage().getHeaders()).containsOnlyKeys("webhook-id", "webhook-timestamp", Exchange.CONTENT_TYPE,
                KameletHeaders.WEBHOOK_SOURCE);
    }

    @Test
    void aWrongSecretAStaleTimestampOrNoSecretAtAllIs401() throws Exception {
        Exchange forged = request("msg_2", NOW.getEpochSecond(), "{}", "whsec_" + java.util.Base64.getEncoder()
                .encodeToString(new byte[32]));
        verifier.process(forged);
        Exchange stale = request("msg_3", NOW.minusSeconds(301).getEpochSecond(), "{}", SECRET);
        verifier.process(stale);
        KameletWebhookVerifier unconfigured = new KameletWebhookVerifier();
        Exchange any = request("msg_4", Instant.now().getEpochSecond(), "{}", SECRET);
        unconfigured.process(any);

        for (Exchange x : new Exchange[] {forged, stale, any}) {
            assertThat(x.isRouteStop()).isTrue();
            assertThat(status(x)).isEqualTo(401);
            assertThat(x.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/problem+json");
            assertThat(x.getMessage().getHeaders()).doesNotContainKey("CamelHttpUri");
        }
        assertThat(any.getMessage().getBody(String.class)).contains("no secret configured");
    }

    @Test
    void theSameWebhookIdTwiceIs409() throws Exception {
        verifier.process(request("msg_5", NOW.getEpochSecond(), "{}", SECRET));
        Exchange again = request("msg_5", NOW.getEpochSecond(), "{}", SECRET);

        verifier.process(again);

        assertThat(status(again)).isEqualTo(409);
    }

    @Test
    void aBodyOverTheLimitIs413BeforeAnySignatureWork() throws Exception {
        Exchange big = request("msg_6", NOW.getEpochSecond(), "x".repeat(101), SECRET);
        verifier.process(big);
        Exchange announced = request("msg_7", NOW.getEpochSecond(), "{}", SECRET);
        announced.getMessage().setHeader("Content-Length", "5000");
        verifier.process(announced);

        assertThat(status(big)).isEqualTo(413);
        assertThat(status(announced)).isEqualTo(413);
    }
}
