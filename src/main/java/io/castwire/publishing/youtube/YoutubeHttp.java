package io.castwire.publishing.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.castwire.publishing.delivery.DeferredDeliveryException;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.HttpFailures;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * HTTP for the Google APIs: one client (HTTP/1.1, no redirects, so a bearer token never follows a
 * Location), failures without an answer turned into {@link DeliveryException}s, and Google's error
 * answers ({@code {"error":{"code","message","errors":[{"reason"}]}}}) classified. Messages never
 * carry a URL with parameters or a header.
 */
final class YoutubeHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> QUOTA = Set.of("quotaExceeded", "dailyLimitExceeded");
    private static final Set<String> RATE = Set.of("rateLimitExceeded", "userRateLimitExceeded");

    /** An answer: status, headers and the (small) body. */
    record Answer(int status, java.net.http.HttpHeaders headers, String body) {
        boolean ok() {
            return status / 100 == 2;
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        JsonNode json() {
            if (body == null || body.isBlank()) {
                return MissingNode.getInstance();
            }
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return MissingNode.getInstance();
            }
        }

        /** Google's {@code error.errors[0].reason} (or the OAuth {@code error}), or null. */
        String reason() {
            JsonNode e = json().path("error");
            if (e.isTextual()) {
                return e.asText();
            }
            JsonNode r = e.path("errors").path(0).path("reason");
            if (r.isTextual()) {
                return r.asText();
            }
            JsonNode s = e.path("status");
            return s.isTextual() ? s.asText() : null;
        }

        /** Google's message, cut short. */
        String message() {
            JsonNode e = json().path("error");
            String m = e.isTextual() ? json().path("error_description").asText(e.asText())
                    : e.path("message").asText(null);
            return HttpFailures.shorten(m != null ? m : body);
        }
    }

    private final YoutubeProperties props;
    private final Clock clock;
    private final HttpClient client;

    YoutubeHttp(YoutubeProperties props, Clock clock) {
        this.props = props;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(props.getConnectTimeout())
                .build();
    }

    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(props.getRequestTimeout()).header("User-Agent", "castwire");
    }

    /** Sends and reads the answer; no answer at all (refused, reset, timeout) is a {@link DeliveryException}. */
    Answer send(HttpRequest request, String what) throws DeliveryException {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("youtube " + what + ": interrupted", e);
        } catch (IOException e) {
            throw noAnswer(what, e);
        }
    }

    DeliveryException noAnswer(String what, IOException e) {
        String at = "youtube " + what;
        if (e instanceof HttpConnectTimeoutException) {
            return new DeliveryException(at + ": no connection within " + props.getConnectTimeout(), e);
        }
        if (e instanceof HttpTimeoutException) {
            return new DeliveryException(at + ": no answer within " + props.getRequestTimeout(), e);
        }
        if (e instanceof ConnectException) {
            return new DeliveryException(at + ": cannot connect", e);
        }
        return new DeliveryException(at + ": the connection failed (" + e.getClass().getSimpleName() + ")", e);
    }

    /**
     * The exception for an error answer of the Data or Analytics API: a spent daily quota waits for
     * the next window; rate limits, 429 and 5xx may pass (with Retry-After); other refusals (400
     * invalid metadata, 403 forbidden, 404) are permanent, with Google's message.
     */
    DeliveryException failure(String what, Answer a, YoutubeQuota quota) {
        String reason = a.reason();
        String message = "youtube " + what + " answered HTTP " + a.status() + (reason != null ? " " + reason : "")
                + ": " + a.message();
        Duration retryAfter = HttpFailures.retryAfter(a.header("Retry-After"), clock);
        if (a.status() == 403 && reason != null && QUOTA.contains(reason)) {
            return quota.exhausted(what, a.message());
        }
        if ("uploadLimitExceeded".equals(reason)) {
            // the channel's own daily upload limit: not the item's fault, try again tomorrow
            return new DeferredDeliveryException(message, quota.nextReset());
        }
        if ((a.status() == 403 && reason != null && RATE.contains(reason)) || HttpFailures.retryable(a.status())) {
            return new DeliveryException(message, a.status(), retryAfter);
        }
        return new PermanentDeliveryException(message, a.status());
    }

    static URI uri(String base, String pathAndQuery) {
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
    }
}
