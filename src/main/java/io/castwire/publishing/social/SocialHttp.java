package io.castwire.publishing.social;

import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.DestinationSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP client of one social destination: its own {@link HttpClient} with the destination's
 * timeouts, and failures without an answer (refused connection, timeout, reset) turned into
 * {@link DeliveryException}s that may pass. Messages name the destination and the call, never a
 * URL with parameters or a header, so no credential can reach the ledger or a log line.
 */
final class SocialHttp {

    private final String destination;
    private final DestinationSettings settings;
    private final HttpClient client;

    SocialHttp(String destination, DestinationSettings settings) {
        this.destination = destination;
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                // a redirect would carry the bearer token to wherever it points
                .followRedirects(HttpClient.Redirect.NEVER)
                // plain-http fakes and proxies need no h2c upgrade on large uploads
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.getConnectTimeout())
                .build();
    }

    /** A request to {@code uri} with the destination's request timeout and the bearer token. */
    HttpRequest.Builder request(URI uri, String token) {
        return HttpRequest.newBuilder(uri)
                .timeout(settings.getRequestTimeout())
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .header("User-Agent", "castwire");
    }

    /** Sends and reads the whole (small, JSON) answer; any status comes back as an answer. */
    ApiResponse send(HttpRequest request, String what) throws DeliveryException {
        return await(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()), what);
    }

    /**
     * Sends after {@code delay}: for APIs that say how long to wait before asking again (X's media
     * processing). The delay is scheduled, not slept, and the caller waits for the answer.
     */
    ApiResponse sendAfter(Duration delay, HttpRequest request, String what) throws DeliveryException {
        CompletableFuture<HttpResponse<String>> later = CompletableFuture
                .runAsync(() -> { }, CompletableFuture.delayedExecutor(Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS))
                .thenCompose(ignored -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        return await(later, what);
    }

    private ApiResponse await(CompletableFuture<HttpResponse<String>> future, String what) throws DeliveryException {
        try {
            HttpResponse<String> r = future.get();
            return new ApiResponse(r.statusCode(), r.headers(), r.body());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new DeliveryException(destination + " " + what + ": interrupted", e);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), what);
        }
    }

    private DeliveryException failure(Throwable cause, String what) {
        String at = destination + " " + what;
        if (cause instanceof HttpConnectTimeoutException) {
            return new DeliveryException(at + ": no connection within " + settings.getConnectTimeout(), cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new DeliveryException(at + ": no answer within " + settings.getRequestTimeout(), cause);
        }
        if (cause instanceof ConnectException) {
            return new DeliveryException(at + ": cannot connect", cause);
        }
        if (cause instanceof IOException || cause instanceof java.io.UncheckedIOException) {
            return new DeliveryException(at + ": the connection failed (" + cause.getClass().getSimpleName() + ")", cause);
        }
        return new DeliveryException(at + ": " + cause.getClass().getSimpleName(), cause);
    }

    /** {@code base} (with or without a trailing slash) followed by {@code pathAndQuery}. */
    static URI uri(String base, String pathAndQuery) {
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
    }

    /** Removes a secret should an API ever echo it in a message castwire passes on. */
    static String scrub(String text, String secret) {
        if (text == null || secret == null || secret.isBlank()) {
            return text;
        }
        return text.replace(secret, "***");
    }
}
