package io.castwire.support;

import io.castwire.publishing.webhook.WebhookSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Signs and sends inbound webhooks to the hub under test like an external system would (Standard
 * Webhooks headers). The test sources' secrets are test-only values; the hub reads them from the
 * variable named in castwire.inbound.sources[n].secret-env.
 */
public final class InboundWebhooks {

    /** The current secret of the test sources. */
    public static final String SECRET = "whsec_Y2FzdHdpcmUtaW5ib3VuZC10ZXN0LXNlY3JldC0wMSE=";
    /** The previous one, still accepted during a rotation (the variable holds both). */
    public static final String OLD_SECRET = "whsec_Y2FzdHdpcmUtaW5ib3VuZC1vbGQtc2VjcmV0LTAwMiE=";
    public static final String SECRET_VARIABLE = "CASTWIRE_TEST_INBOUND_SECRET";
    /** Source that may send media.created and episode.create, show "inbound-cms". */
    public static final String CMS = "test-cms";
    /** Source that may send every event type. */
    public static final String ALL = "test-all";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private InboundWebhooks() {
    }

    public static String newId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Sends a signed POST; {@code extra} are more header name/value pairs. */
    public static HttpResponse<String> post(int port, String path, String id, Instant at, String body, String secret,
                                            String... extra) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(WebhookSigner.ID_HEADER, id)
                .header(WebhookSigner.TIMESTAMP_HEADER, Long.toString(at.getEpochSecond()))
                .header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(id, at.getEpochSecond(), bytes, secret));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            b.setHeader(extra[i], extra[i + 1]);
        }
        return CLIENT.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request signed now with the current secret. */
    public static HttpResponse<String> post(int port, String source, String body) throws Exception {
        return post(port, "/webhooks/" + source, newId(), Instant.now(), body, SECRET);
    }
}
