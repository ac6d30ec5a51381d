package io.castwire.common.backbone;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Decides what carries each hand-off between stages, from configuration only: an in-process SEDA
 * queue (the embedded default) or a Kafka topic ({@code castwire.backbone.type=kafka}). Routes take
 * their endpoints from here, so they are the same in both modes.
 *
 * <p>On Kafka every consuming route starts with {@link #receive()}: a record's offset is committed
 * only after its exchange completed (its work, or its failure, is recorded in the database); an
 * exception that reaches the consumer leaves the offset where it is and the record comes again;
 * after {@code castwire.backbone.kafka.max-attempts} such deliveries it goes to
 * {@code castwire.dead-letters} with its cause, is committed, and the partition moves on.
 */
@Component
public class Backbone {

    private static final Logger LOG = LoggerFactory.getLogger(Backbone.class);

    /** Registry name of the header filter every Kafka endpoint uses (InboundHeaderFilter's rule). */
    public static final String HEADER_FILTER = "castwireKafkaHeaderFilter";
    /** Dead-letter record headers: why, from where, after how many deliveries. */
    public static final String DL_CAUSE = "CastwireDeadLetterCause";
    public static final String DL_TOPIC = "CastwireDeadLetterTopic";
    public static final String DL_PARTITION = "CastwireDeadLetterPartition";
    public static final String DL_OFFSET = "CastwireDeadLetterOffset";
    public static final String DL_ATTEMPTS = "CastwireDeadLetterAttempts";
    public static final String DL_ROUTE = "CastwireDeadLetterRoute";

    private final BackboneProperties properties;
    /** Deliveries so far of records that failed and were not committed, by topic/partition@offset. */
    private final Map<String, Attempts> failing = new ConcurrentHashMap<>();
    private final Set<String> topicsEnsured = ConcurrentHashMap.newKeySet();
    /** Where else a record given up on is reported (the hub's dead-letter list); nowhere until set. */
    private volatile java.util.function.Consumer<DeadRecord> deadLetterSink = r -> { };

    /** A record given up on: where it was, its key and value, why, after how many deliveries, by which route. */
    public record DeadRecord(String topic, String partition, String offset, String key, String value, String cause,
                             int attempts, String routeId) {
    }

    public Backbone(BackboneProperties properties) {
        this.properties = properties;
    }

    public boolean isKafka() {
        return properties.getType() == BackboneProperties.Type.KAFKA;
    }

    /**
     * The endpoint a hand-off's route consumes from.
     *
     * @param concurrency consumers in this process (SEDA concurrentConsumers, Kafka consumersCount)
     * @param sedaOptions the in-process queue's own options (size, discardWhenFull, ...), without concurrentConsumers
     */
    public String consumer(Handoff h, int concurrency, String sedaOptions) {
        if (!isKafka()) {
            String queue = seda(h, sedaOptions);
            return queue + (queue.contains("?") ? "&" : "?") + "concurrentConsumers=" + concurrency;
        }
        BackboneProperties.Kafka k = properties.getKafka();
        ensureTopic(h.topic());
        return kafka(h.topic()) + "&headerFilterStrategy=#" + HEADER_FILTER + "&groupId=" + k.getGroupPrefix() + h.routeId()
                + "&autoOffsetReset=earliest&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true"
                + "&consumersCount=" + Math.max(1, concurrency) + "&maxPollRecords=" + k.getMaxPollRecords()
                + "&sessionTimeoutMs=" + k.getSessionTimeout().toMillis()
                + "&heartbeatIntervalMs=" + k.getHeartbeatInterval().toMillis()
                // a short poll lets a stopping route (Hawtio, shutdown) let go of its partitions quickly
                + "&pollTimeoutMs=1000";
    }

    /**
     * The endpoint a route hands ids to. Precede it with {@link #keyed()} so that Kafka keeps one
     * id's records in order on one partition.
     *
     * @param sedaOptions the same options the consumer gives its queue (SEDA needs them equal at both ends)
     */
    public String producer(Handoff h, String sedaOptions) {
        if (!isKafka()) {
            return seda(h, sedaOptions);
        }
        ensureTopic(h.topic());
        return kafka(h.topic()) + "&requestRequiredAcks=all&enableIdempotence=true";
    }

    /** The dead-letter topic's producer (Kafka mode only). */
    public String deadLetterProducer() {
        ensureTopic(Handoff.DEAD_LETTER_TOPIC);
        return kafka(Handoff.DEAD_LETTER_TOPIC) + "&requestRequiredAcks=all&enableIdempotence=true";
    }

    /** Reports every record given up on to {@code sink} too (after it is on the dead-letter topic). */
    public void onDeadLetter(java.util.function.Consumer<DeadRecord> sink) {
        this.deadLetterSink = sink;
    }

    /**
     * The producer that puts a record given up on back on the topic it came from (a dead-letter
     * replay). The topic must be one of the hand-offs' own, so no other endpoint can be reached
     * through a stored dead letter.
     *
     * @throws IllegalStateException when the backbone is not Kafka
     * @throws IllegalArgumentException when the topic is not a hand-off's
     */
    public String republishEndpoint(String topic) {
        if (!isKafka()) {
            throw new IllegalStateException("the backbone is in-process (castwire.backbone.type=seda): no topic to send to");
        }
        boolean known = topic != null && (topic.equals(Handoff.EPISODES.topic()) || topic.equals(Handoff.PUBLICATIONS.topic())
                || topic.equals(Handoff.WEBHOOKS.topic()) || topic.matches("castwire\\.publish\\.[a-z0-9][a-z0-9-]{0,48}"));
        if (!known) {
            throw new IllegalArgumentException("'" + topic + "' is not a castwire hand-off topic");
        }
        ensureTopic(topic);
        return kafka(topic) + "&requestRequiredAcks=all&enableIdempotence=true";
    }

    /**
     * Before a Kafka producer: the body (an id) becomes the record key, and Kafka headers of the
     * record this exchange came from are dropped. Does nothing on SEDA.
     */
    public Processor keyed() {
        return exchange -> {
            if (isKafka()) {
                Message m = exchange.getMessage();
                m.removeHeaders("kafka.*");
                m.setHeader(KafkaConstants.KEY, String.valueOf(m.getBody()));
            }
        };
    }

    /**
     * The first step of every route that consumes a hand-off (does nothing on SEDA). Commits the
     * record once the exchange completes; counts deliveries that fail; a record seen more than
     * {@code max-attempts} times goes to the dead-letter topic instead of being processed again.
     */
    public Processor receive() {
        return exchange -> {
            Message m = exchange.getMessage();
            KafkaManualCommit commit = m.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (commit == null) {
                return;
            }
            String at = m.getHeader(KafkaConstants.TOPIC, String.class) + "/" + m.getHeader(KafkaConstants.PARTITION)
                    + "@" + m.getHeader(KafkaConstants.OFFSET);
            Attempts attempts = failing.computeIfAbsent(at, k -> new Attempts());
            int n = attempts.count.incrementAndGet();
            if (n > properties.getKafka().getMaxAttempts()) {
                deadLetter(exchange, attempts, n - 1);
                commit.commit();
                failing.remove(at);
                exchange.setRouteStop(true);
                return;
            }
            // a commit per record, not per poll: after an error the consumer seeks back to the last
            // committed offset, so a completed record left uncommitted would run again with the failing one
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onComplete(Exchange done) {
                    failing.remove(at);
                    commit.commit();
                }

                @Override
                public void onFailure(Exchange failed) {
                    Exception e = failed.getException();
                    attempts.cause = e == null ? "failed" : e.getClass().getSimpleName() + ": " + e.getMessage();
                    LOG.warn("{} delivery {} of {} failed, not committed ({})", failed.getFromRouteId(), n, at, attempts.cause);
                    if (failing.size() > 10_000) {
                        // partitions this process lost while their records failed: their counts start again elsewhere
                        failing.clear();
                    }
                }
            });
        };
    }

    private void deadLetter(Exchange exchange, Attempts attempts, int tried) {
        Message m = exchange.getMessage();
        String topic = m.getHeader(KafkaConstants.TOPIC, String.class);
        Object key = m.getHeader(KafkaConstants.KEY);
        Map<String, Object> headers = new java.util.LinkedHashMap<>();
        headers.put(DL_CAUSE, attempts.cause == null ? "unknown" : attempts.cause);
        headers.put(DL_TOPIC, topic);
        headers.put(DL_PARTITION, String.valueOf(m.getHeader(KafkaConstants.PARTITION)));
        headers.put(DL_OFFSET, String.valueOf(m.getHeader(KafkaConstants.OFFSET)));
        headers.put(DL_ATTEMPTS, Integer.toString(tried));
        headers.put(DL_ROUTE, String.valueOf(exchange.getFromRouteId()));
        if (key != null) {
            headers.put(KafkaConstants.KEY, key.toString());
        }
        ProducerTemplate template = exchange.getContext().createProducerTemplate();
        try {
            template.sendBodyAndHeaders(deadLetterProducer(), m.getBody(String.class), headers);
        } finally {
            try {
                template.stop();
            } catch (Exception ignored) {
                // a template that will not stop holds nothing of ours
            }
        }
        LOG.error("{}: record {}/{}@{} failed {} times ({}); sent to {} and skipped", exchange.getFromRouteId(), topic,
                headers.get(DL_PARTITION), headers.get(DL_OFFSET), tried, headers.get(DL_CAUSE), Handoff.DEAD_LETTER_TOPIC);
        try {
            deadLetterSink.accept(new DeadRecord(topic, (String) headers.get(DL_PARTITION), (String) headers.get(DL_OFFSET),
                    key == null ? null : key.toString(), m.getBody(String.class), (String) headers.get(DL_CAUSE), tried,
                    (String) headers.get(DL_ROUTE)));
        } catch (RuntimeException e) {
            // it is on the dead-letter topic: the list in the database is a convenience
            LOG.warn("Could not add the dead record {}/{}@{} to the dead-letter list: {}", topic, headers.get(DL_PARTITION),
                    headers.get(DL_OFFSET), e.toString());
        }
    }

    private static String seda(Handoff h, String options) {
        return "seda:" + h.routeId() + (options == null || options.isBlank() ? "" : "?" + options);
    }

    private String kafka(String topic) {
        // producers keep Kafka's own outbound filter (no Camel* or kafka.* record headers); consumers
        // use InboundHeaderFilter's rule so that no record header becomes a Camel header
        return "kafka:" + topic + "?brokers=" + properties.getKafka().getBootstrapServers();
    }

    /** Creates the topic with the configured partitions unless it exists (or topic creation is off). */
    void ensureTopic(String topic) {
        BackboneProperties.Kafka k = properties.getKafka();
        if (!k.isCreateTopics() || !topicsEnsured.add(topic)) {
            return;
        }
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, k.getBootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(java.util.List.of(new NewTopic(topic, k.getPartitions(), k.getReplicationFactor())))
                    .all().get(20, TimeUnit.SECONDS);
            LOG.info("Created topic {} with {} partition(s)", topic, k.getPartitions());
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                topicsEnsured.remove(topic);
                LOG.warn("Could not create topic {} ({}); the broker's defaults apply if it creates it", topic,
                        e.getCause().getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.TimeoutException e) {
            topicsEnsured.remove(topic);
            LOG.warn("Kafka at {} did not answer while creating topic {}", k.getBootstrapServers(), topic);
        }
    }

    /** Records of this process that failed and wait for another delivery. */
    public int failingRecords() {
        return failing.size();
    }

    private static final class Attempts {
        final AtomicInteger count = new AtomicInteger();
        volatile String cause;
    }

    @Override
    public String toString() {
        return "Backbone[" + properties.getType().name().toLowerCase(Locale.ROOT) + "]";
    }
}
