package io.castwire.publishing.wordpress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.publishing.delivery.DestinationContract;
import io.castwire.support.HubTest;
import io.castwire.support.WordpressServer;
import io.castwire.support.fakes.FaultProxy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/**
 * WordPress through the hub's routes against a real WordPress 6 (scripts/wordpress-test-server.sh),
 * with a proxy in front that makes it look down, rate-limited or refusing when a test asks.
 */
class WordpressRouteTest extends DestinationContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private WordpressServer.Credentials wp;
    private FaultProxy proxy;

    @BeforeEach
    void remoteSide() {
        wp = WordpressServer.get();
        proxy = HubTest.wordpressProxy(wp);
    }

    @Override
    protected String name() {
        return "wordpress";
    }

    /** Posts in any status whose title or content contains the fragment, asked of WordPress directly. */
    private JsonNode postsWith(String fragment) {
        try {
            HttpRequest get = HttpRequest.newBuilder(URI.create(wp.url() + "/wp-json/wp/v2/posts?status=any&context=edit"
                            + "&per_page=100&search=" + URLEncoder.encode(fragment, StandardCharsets.UTF_8)))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (wp.user() + ":" + wp.appPassword()).getBytes(StandardCharsets.UTF_8)))
                    .GET().build();
            HttpResponse<String> r = client.send(get, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("WordPress search answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected long postsMentioning(String fragment) {
        return postsWith(fragment).size();
    }

    @Override
    protected String remoteIdMentioning(String fragment) {
        return postsWith(fragment).get(0).get("id").asText();
    }

    @Override
    protected int remoteCalls() {
        return proxy.calls();
    }

    @Override
    protected void unavailableNext(int n) {
        proxy.failNext(n, 503, Map.of("Content-Type", "text/html"), "<h1>Service Unavailable</h1>");
    }

    @Override
    protected void refuseNext() {
        proxy.failNext(1, 403, Map.of("Content-Type", "application/json"),
                "{\"code\":\"rest_cannot_create\",\"message\":\"Sorry, you are not allowed to create posts as this user.\","
                        + "\"data\":{\"status\":403}}");
    }

    @Override
    protected void rateLimitNext() {
        proxy.failNext(1, 429, Map.of("Retry-After", "1", "Content-Type", "application/json"),
                "{\"code\":\"too_many_requests\",\"message\":\"Slow down\",\"data\":{\"status\":429}}");
    }
}
