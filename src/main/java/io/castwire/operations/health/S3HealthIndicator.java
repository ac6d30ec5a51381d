package io.castwire.operations.health;

import io.castwire.common.storage.S3Clients;
import io.castwire.common.storage.S3Properties;
import io.castwire.common.storage.SharedStorageProperties;
import io.castwire.publishing.delivery.DestinationsHealth;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Health component {@code s3}: each configured bucket (S3 inbox, shared storage, an {@code s3://}
 * archive) must answer a HEAD with the configured credentials; a result is reused for
 * {@code castwire.health.cache-for}. UNKNOWN when no bucket is configured; DEGRADED (never DOWN, not
 * in readiness) when one does not answer: local work goes on, and what needs the bucket waits or is retried.
 */
@Component("s3HealthIndicator")
public class S3HealthIndicator implements HealthIndicator {

    private final S3Properties s3;
    private final SharedStorageProperties shared;
    private final io.castwire.common.CastwireProperties properties;
    private final Environment env;
    private final CachedCheck<String> cache;
    private final HealthProperties health;
    private S3Client client;

    public S3HealthIndicator(S3Properties s3, SharedStorageProperties shared, io.castwire.common.CastwireProperties properties,
                             Environment env, HealthProperties health, Clock clock) {
        this.s3 = s3;
        this.shared = shared;
        this.properties = properties;
        this.env = env;
        this.health = health;
        this.cache = new CachedCheck<>(health::getCacheFor, clock);
    }

    /** Bucket by use, for those configured. */
    Map<String, String> buckets() {
        Map<String, String> b = new LinkedHashMap<>();
        if (!s3.getIngest().getBucket().isBlank()) {
            b.put("ingest", s3.getIngest().getBucket());
        }
        if (!shared.getBucket().isBlank()) {
            b.put("shared", shared.getBucket());
        }
        String archive = properties.getStorage().getArchive().strip();
        if (archive.startsWith("s3://")) {
            String rest = archive.substring(5);
            b.put("archive", rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest);
        }
        return b;
    }

    @Override
    public Health health() {
        Map<String, String> buckets = buckets();
        if (buckets.isEmpty()) {
            return Health.unknown().withDetail("reason", "no bucket configured").build();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        String failed = null;
        for (Map.Entry<String, String> use : buckets.entrySet()) {
            String result = cache.get(use.getValue(), () -> head(use.getValue()));
            details.put(use.getKey(), Map.of("bucket", use.getValue(), "result", result));
            if (!result.equals("ok") && failed == null) {
                failed = use.getKey() + " bucket " + use.getValue() + ": " + result;
            }
        }
        return (failed == null ? Health.up() : Health.status(DestinationsHealth.DEGRADED).withDetail("reason", failed))
                .withDetails(details).build();
    }

    private String head(String bucket) {
        try {
            client().headBucket(r -> r.bucket(bucket).overrideConfiguration(o -> o.apiCallTimeout(health.getTimeout())));
            return "ok";
        } catch (RuntimeException e) {
            // the SDK's message names the status (403: credentials, 404: no such bucket), never the keys
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private synchronized S3Client client() {
        if (client == null) {
            client = S3Clients.create(s3, env);
        }
        return client;
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
