package io.castwire.operations.health;

import io.castwire.publishing.youtube.YoutubeQuota;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The outgoing part of a destination's health: is its API reachable (a HEAD to its configured
 * {@code castwire.publish.<name>.base-url} or {@code .url}, any HTTP answer counts, within
 * {@code castwire.health.timeout}, reused for {@code castwire.health.cache-for}), and its quota
 * state where castwire keeps one (YouTube's daily units). The URL is configuration, so it is not
 * put through the SSRF guard; details show its origin only.
 */
@Component
public class DestinationChecks {

    /** What the checks found, and why the destination is degraded (null: it is not). */
    public record Result(Map<String, Object> details, String problem) {
    }

    private final Environment env;
    private final HealthProperties properties;
    private final ObjectProvider<YoutubeQuota> youtubeQuota;
    private final CachedCheck<Map<String, Object>> cache;
    private final HttpClient http;

    public DestinationChecks(Environment env, HealthProperties properties, ObjectProvider<YoutubeQuota> youtubeQuota,
                             Clock clock) {
        this.env = env;
        this.properties = properties;
        this.youtubeQuota = youtubeQuota;
        this.cache = new CachedCheck<>(properties::getCacheFor, clock);
        this.http = HttpClient.newBuilder().connectTimeout(properties.getTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The checks of an enabled destination. */
    public Result check(String destination) {
        Map<String, Object> details = new LinkedHashMap<>();
        String problem = null;
        Optional<URI> url = url(destination);
        if (url.isPresent()) {
            Map<String, Object> reach = cache.get(destination + " " + url.get(), () -> reach(url.get()));
            details.put("reachability", reach);
            if (!Boolean.TRUE.equals(reach.get("reachable"))) {
                problem = "unreachable: " + reach.get("error");
            }
        }
        if (destination.equals("youtube")) {
            YoutubeQuota quota = youtubeQuota.getIfAvailable();
            if (quota != null) {
                long remaining = quota.remaining();
                details.put("quota", Map.of("used", quota.used(), "remaining", remaining, "resetsAt", quota.nextReset()));
                if (remaining == 0 && problem == null) {
                    problem = "daily quota used up: uploads wait until " + quota.nextReset();
                }
            }
        }
        return new Result(details, problem);
    }

    /** The destination's API address from its configuration, if it has one. */
    Optional<URI> url(String destination) {
        for (String key : new String[] {"base-url", "url"}) {
            String v = env.getProperty("castwire.publish." + destination + "." + key);
            if (v != null && !v.isBlank()) {
                try {
                    URI u = URI.create(v.strip());
                    if (u.getScheme() != null && u.getHost() != null) {
                        return Optional.of(u);
                    }
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private Map<String, Object> reach(URI url) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("origin", url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()));
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .timeout(properties.getTimeout()).build(), HttpResponse.BodyHandlers.discarding());
            m.put("reachable", true);
            m.put("status", r.statusCode());
        } catch (IOException e) {
            m.put("reachable", false);
            m.put("error", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            m.put("reachable", false);
            m.put("error", "interrupted");
        }
        return m;
    }
}
