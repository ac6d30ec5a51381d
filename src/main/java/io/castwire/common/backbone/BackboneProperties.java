package io.castwire.common.backbone;

import io.castwire.common.Amount;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code castwire.backbone.*}: what carries the ids between stages. {@code seda} (the embedded
 * default) keeps them in in-process queues; {@code kafka} (profile {@code kafka}) puts them on
 * Kafka topics so that several replicas share the work.
 */
@Validated
@ConfigurationProperties(prefix = "castwire.backbone")
public class BackboneProperties {

    public enum Type { SEDA, KAFKA }

    @NotNull
    private Type type = Type.SEDA;
    @Valid
    private final Kafka kafka = new Kafka();

    public Type getType() { return type; }
    public void setType(Type v) { this.type = v; }
    public Kafka getKafka() { return kafka; }

    public static class Kafka {
        /** host:port list; the kafka profile takes it from CASTWIRE_KAFKA_BOOTSTRAP_SERVERS. */
        @NotBlank
        @Pattern(regexp = "^\\s*[^\\s,:/]+:\\d{1,5}\\s*(,\\s*[^\\s,:/]+:\\d{1,5}\\s*)*$",
                message = "must be a comma-separated list of host:port, such as kafka-0:9092,kafka-1:9092")
        private String bootstrapServers = "localhost:9092";
        /** Consumer groups are {@code <group-prefix><route-id>}: one group per hand-off, shared by the replicas. */
        @NotNull
        private String groupPrefix = "castwire-";
        /** Deliveries of one record that fail before it goes to {@code castwire.dead-letters}. */
        @Min(1)
        private int maxAttempts = 5;
        /** Partitions of the topics castwire creates at start-up (an existing topic is left as it is). */
        @Min(1)
        private int partitions = 6;
        @Min(1)
        private short replicationFactor = 1;
        /** Consumer session timeout: how soon a dead replica's partitions move to the others. */
        @NotNull
        @Amount
        private Duration sessionTimeout = Duration.ofSeconds(15);
        @NotNull
        @Amount
        private Duration heartbeatInterval = Duration.ofSeconds(3);
        @Min(1)
        private int maxPollRecords = 20;
        /** Create the topics at start-up (off when a platform, e.g. Strimzi, owns them). */
        private boolean createTopics = true;

        public String getBootstrapServers() { return bootstrapServers; }
        public void setBootstrapServers(String v) { this.bootstrapServers = v; }
        public String getGroupPrefix() { return groupPrefix; }
        public void setGroupPrefix(String v) { this.groupPrefix = v; }
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int v) { this.maxAttempts = v; }
        public int getPartitions() { return partitions; }
        public void setPartitions(int v) { this.partitions = v; }
        public short getReplicationFactor() { return replicationFactor; }
        public void setReplicationFactor(short v) { this.replicationFactor = v; }
        public Duration getSessionTimeout() { return sessionTimeout; }
        public void setSessionTimeout(Duration v) { this.sessionTimeout = v; }
        public Duration getHeartbeatInterval() { return heartbeatInterval; }
        public void setHeartbeatInterval(Duration v) { this.heartbeatInterval = v; }
        public int getMaxPollRecords() { return maxPollRecords; }
        public void setMaxPollRecords(int v) { this.maxPollRecords = v; }
        public boolean isCreateTopics() { return createTopics; }
        public void setCreateTopics(boolean v) { this.createTopics = v; }
    }
}
