package io.castwire.processing.metadata;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a JSON request to an LLM API with a deadline per call, and calls again after a 5xx, a 429 or no answer,
 * with exponential backoff (a longer Retry-After wins, up to {@link #MAX_WAIT}). Redirects are never followed
 * (they would carry the key elsewhere). Logs name the host, status and timing, never the key or the bodies.
 */
final class LlmHttp {

    private static final Logger LOG = LoggerFactory.getLogger(LlmHttp.class);
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /** The start of an error body kept for the message: the API's own words on what was wrong. */
    private static final int ERROR_SNIPPET = 200;

    private final MetadataProperties properties;
    private final HttpClient http;

    LlmHttp(MetadataProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.getConnectTimeout())
                .build();
    }

    /**
     * The body of a 2xx answer.
     *
     * @param provider for messages
     * @param keyEnv   the variable the key came from, named when the API refuses it
     */
    String post(String provider, URI url, Map<String, String> headers, String json, String keyEnv) throws LlmException {
        int attempts = properties.getMaxAttempts();
        Duration backoff = properties.getRetryBackoff();
        LlmException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                pause(backoff);
                backoff = backoff.multipliedBy(2);
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(properties.getTimeout())
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
            headers.forEach(b::header);
            long started = System.nanoTime();
            HttpResponse<String> response;
            try {
                response = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (HttpTimeoutException e) {
                last = new LlmException(provider + " did not answer within " + properties.getTimeout().toSeconds()
                        + " s", false, e);
                LOG.warn("LLM call to {} timed out (attempt {} of {})", url.getHost(), attempt, attempts);
                continue;
            } catch (IOException e) {
                last = new LlmException("cannot reach " + provider + " at " + url.getHost() + " (" + e.getClass()
                        .getSimpleName() + ")", false, e);
                LOG.warn("LLM call to {} failed: {} (attempt {} of {})", url.getHost(), e.getClass().getSimpleName(),
                        attempt, attempts);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LlmException("interrupted while waiting for " + provider, false, e);
            }
            int status = response.statusCode();
            LOG.info("LLM call to {} answered HTTP {} after {} ms", url.getHost(), status,
                    (System.nanoTime() - started) / 1_000_000);
            if (status / 100 == 2) {
                return response.body();
            }
            String said = snippet(response.body());
            if (status == 401 || status == 403) {
                throw new LlmException(provider + " refused the API key in " + keyEnv + " (HTTP " + status + ")", true);
            }
            if (status == 429 || status / 100 == 5) {
                last = new LlmException(provider + " answered HTTP " + status + said, false);
                Duration retryAfter = retryAfter(response);
                if (retryAfter != null && retryAfter.compareTo(backoff) > 0) {
                    backoff = retryAfter.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : retryAfter;
                }
                continue;
            }
            throw new LlmException(provider + " refused the request with HTTP " + status + said, true);
        }
        throw last;
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Long.parseLong(v.strip()));
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String one = body.replaceAll("\\s+", " ").strip();
        return ": " + (one.length() <= ERROR_SNIPPET ? one : one.substring(0, ERROR_SNIPPET) + "\u2026");
    }

    private static void pause(Duration d) throws LlmException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException("interrupted while waiting to call the LLM again", false, e);
        }
    }
}
