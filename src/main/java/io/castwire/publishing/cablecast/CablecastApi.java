package io.castwire.publishing.cablecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.HttpFailures;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import io.castwire.publishing.delivery.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * The Cablecast API over HTTP ({@code <base-url>/cablecastapi/v1}): HTTP Basic auth with the
 * password read from its environment variable at call time, JSON in and out, and every failure
 * turned into the delivery exceptions the routes understand. 401 and 403 are refusals that name the
 * user and the password variable (never the password); 408, 429 and 5xx may pass, with the
 * server's Retry-After. Messages name the call, never a URL with parameters or a header.
 */
@Component
public class CablecastApi {

    static final String NAME = "cablecast";
    static final String PREFIX = "/cablecastapi/v1";

    /** One answer: status, Retry-After and the (small, JSON) body. */
    public record Answer(int status, String retryAfter, String body) {

        boolean ok() {
            return status / 100 == 2;
        }

        /** The body as JSON; a missing node when empty or not JSON. */
        JsonNode json() {
            if (body == null || body.isBlank()) {
                return MissingNode.getInstance();
            }
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }
    }

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final CablecastProperties props;
    private final Secrets secrets;
    private final Clock clock;
    private final HttpClient client;

    public CablecastApi(CablecastProperties props, Secrets secrets, Clock clock) {
        this.props = props;
        this.secrets = secrets;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                // a redirect would carry the Basic credentials to wherever it points
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(props.getConnectTimeout())
                .build();
    }

    /** GET; any status comes back as an answer. */
    public Answer get(String pathAndQuery, String what) throws DeliveryException {
        return send(request(pathAndQuery).GET().build(), what);
    }

    /** POST of a JSON body. */
    public Answer post(String pathAndQuery, JsonNode body, String what) throws DeliveryException {
        return send(request(pathAndQuery).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(write(body))).build(), what);
    }

    /** PUT of a JSON body. */
    public Answer put(String pathAndQuery, JsonNode body, String what) throws DeliveryException {
        return send(request(pathAndQuery).header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString(write(body))).build(), what);
    }

    /** DELETE. */
    public Answer delete(String pathAndQuery, String what) throws DeliveryException {
        return send(request(pathAndQuery).DELETE().build(), what);
    }

    /** POST of {@code length} bytes of the file from {@code offset}, streamed (application/octet-stream). */
    public Answer postBytes(String pathAndQuery, Path file, long offset, long length, String what)
            throws DeliveryException {
        HttpRequest.BodyPublisher body = io.castwire.common.http.FileSlice.publisher(file, offset, length);
        return send(request(pathAndQuery).header("Content-Type", "application/octet-stream").POST(body).build(), what);
    }

    /** Throws the right exception for an answer that is not 2xx. */
    public void check(Answer a, String what) throws DeliveryException {
        if (a.ok()) {
            return;
        }
        throw failure(a, what);
    }

    /** The exception for an answer that is not 2xx. */
    public DeliveryException failure(Answer a, String what) {
        if (a.status() == 401 || a.status() == 403) {
            return new PermanentDeliveryException(NAME + " " + what + " answered HTTP " + a.status()
                    + ": check the credentials (user '" + props.getUser() + "', password in the variable '"
                    + props.getPasswordEnv() + "') and the user's permissions", a.status());
        }
        return HttpFailures.of(NAME, what, a.status(), a.retryAfter(), a.body(), clock);
    }

    private HttpRequest.Builder request(String pathAndQuery) throws PermanentDeliveryException {
        String base = props.getBaseUrl() == null ? "" : props.getBaseUrl().strip();
        if (base.isEmpty()) {
            throw new PermanentDeliveryException(NAME + ": castwire.publish.cablecast.base-url is not set", 0);
        }
        if (props.getUser() == null || props.getUser().isBlank()) {
            throw new PermanentDeliveryException(NAME + ": castwire.publish.cablecast.user is not set", 0);
        }
        String password = secrets.require(NAME, props.getPasswordEnv());
        String basic = Base64.getEncoder().encodeToString((props.getUser() + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                        + PREFIX + pathAndQuery))
                .timeout(props.getRequestTimeout())
                .header("Authorization", "Basic " + basic)
                .header("Accept", "application/json")
                .header("User-Agent", "castwire");
    }

    private Answer send(HttpRequest request, String what) throws DeliveryException {
        String at = NAME + " " + what;
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null), r.body());
        } catch (HttpConnectTimeoutException e) {
            throw new DeliveryException(at + ": no connection within " + props.getConnectTimeout(), e);
        } catch (HttpTimeoutException e) {
            throw new DeliveryException(at + ": no answer within " + props.getRequestTimeout(), e);
        } catch (ConnectException e) {
            throw new DeliveryException(at + ": cannot connect", e);
        } catch (IOException | UncheckedIOException e) {
            throw new DeliveryException(at + ": the connection failed (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(at + ": interrupted", e);
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
