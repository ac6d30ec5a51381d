package io.castwire.operations.health;

import io.castwire.common.backbone.BackboneProperties;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code backbone}. With SEDA (the embedded default) the hand-offs are in-process
 * queues backed by the database outbox, so this is UP whenever the process runs (the database has
 * its own component). With Kafka, the brokers must answer a cluster description within
 * {@code castwire.health.timeout} (result reused for {@code castwire.health.cache-for}); DOWN
 * otherwise, and the kafka profile puts this component into readiness.
 */
@Component("backboneHealthIndicator")
public class BackboneHealthIndicator implements HealthIndicator {

    private final BackboneProperties backbone;
    private final HealthProperties properties;
    private final CachedCheck<Health> cache;

    public BackboneHealthIndicator(BackboneProperties backbone, HealthProperties properties, Clock clock) {
        this.backbone = backbone;
        this.properties = properties;
        this.cache = new CachedCheck<>(properties::getCacheFor, clock);
    }

    @Override
    public Health health() {
        if (backbone.getType() != BackboneProperties.Type.KAFKA) {
            return Health.up().withDetail("type", "seda").withDetail("outbox", "database").build();
        }
        String servers = backbone.getKafka().getBootstrapServers();
        return cache.get(servers, () -> kafka(servers));
    }

    private Health kafka(String servers) {
        long timeout = properties.getTimeout().toMillis();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "castwire-health");
        try (AdminClient admin = AdminClient.create(p)) {
            DescribeClusterResult cluster = admin.describeCluster();
            Collection<Node> nodes = cluster.nodes().get(timeout, TimeUnit.MILLISECONDS);
            return Health.up().withDetails(Map.of("type", "kafka", "bootstrapServers", servers, "brokers", nodes.size(),
                    "clusterId", cluster.clusterId().get(timeout, TimeUnit.MILLISECONDS))).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("type", "kafka").withDetail("reason", "interrupted").build();
        } catch (Exception e) {
            return Health.down().withDetail("type", "kafka").withDetail("bootstrapServers", servers)
                    .withDetail("reason", "brokers did not answer within " + properties.getTimeout() + ": " + e).build();
        }
    }
}
