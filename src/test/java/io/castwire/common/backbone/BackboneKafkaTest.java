package io.castwire.common.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.castwire.common.InboundHeaderFilter;
import io.castwire.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kafka backbone against a real (embedded KRaft) broker: a record is committed only after its
 * work completed, a failed one is seen again after the consumer restarts, a poison record goes to
 * {@code castwire.dead-letters} after N deliveries while the partition moves on, and record headers
 * never become Camel headers. Each test uses its own topic and consumer group.
 */
class BackboneKafkaTest {

    private static final int MAX_ATTEMPTS = 4;

    private final String topic = "castwire.test." + UUID.randomUUID().toString().substring(0, 8);
    private final Handoff handoff = new Handoff("test-backbone-run", topic);
    private Backbone backbone;
    private DefaultCamelContext camel;
    private KafkaProducer<String, String> producer;

    /** The "database": the ids whose work was recorded, in order. */
    private final List<String> recorded = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final Map<String, Object> headersSeen = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        BackboneProperties p = new BackboneProperties();
        p.setType(BackboneProperties.Type.KAFKA);
        p.getKafka().setBootstrapServers(TestKafka.bootstrapServers());
        p.getKafka().setMaxAttempts(MAX_ATTEMPTS);
        p.getKafka().setPartitions(2);
        p.getKafka().setSessionTimeout(Duration.ofSeconds(6));
        p.getKafka().setHeartbeatInterval(Duration.ofSeconds(1));
        backbone = new Backbone(p);
        camel = new DefaultCamelContext();
        camel.getRegistry().bind(Backbone.HEADER_FILTER, new InboundHeaderFilter().asStrategy());
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer = new KafkaProducer<>(config);
    }

    @AfterEach
    void stop() throws Exception {
        producer.close();
        camel.close();
    }

    /** A consumer route as the hub builds them: receive first, then the work (here: parse and record the id). */
    private void route(Worker worker) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(backbone.consumer(handoff, 1, ""))
                        .routeId(handoff.routeId())
                        .autoStartup("{{castwire.routes.test-backbone-run.auto-startup:true}}")
                        .process(backbone.receive())
                        .process(e -> {
                            String body = e.getMessage().getBody(String.class);
                            deliveries.computeIfAbsent(body, k -> new AtomicInteger()).incrementAndGet();
                            headersSeen.putAll(e.getMessage().getHeaders());
                            worker.work(body);
                            recorded.add(body);
                        });
            }
        });
        camel.start();
    }

    interface Worker {
        void work(String id) throws Exception;
    }

    private long send(String key, String value, Map<String, String> headers) throws Exception {
        ProducerRecord<String, String> r = new ProducerRecord<>(topic, key, value);
        headers.forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        RecordMetadata m = producer.send(r).get(10, TimeUnit.SECONDS);
        return m.offset();
    }

    private int partitionOf(String key) throws Exception {
        return producer.send(new ProducerRecord<>(topic + ".probe", key, "x")).get(10, TimeUnit.SECONDS).partition();
    }

    /** The group's committed offset on the key's partition (-1 when nothing is committed). */
    private long committed(String key) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("castwire-" + handoff.routeId())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
                if (e.getKey().topic().equals(topic) && e.getValue() != null
                        && e.getKey().partition() == partition(key)) {
                    return e.getValue().offset();
                }
            }
            return -1;
        }
    }

    private final Map<String, Integer> partitions = new HashMap<>();

    private int partition(String key) {
        return partitions.get(key);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAfterNAttemptsAndThePartitionMovesOn() throws Exception {
        List<Backbone.DeadRecord> listed = new CopyOnWriteArrayList<>();
        backbone.onDeadLetter(listed::add);
        route(id -> Long.parseLong(id));
        String poison = "not-an-id-" + UUID.randomUUID();
        send("episode-7", "1", Map.of());
        send("episode-7", poison, Map.of());
        send("episode-7", "3", Map.of());

        await().atMost(Duration.ofSeconds(30)).until(() -> recorded.contains("3"));
        assertThat(recorded).containsExactly("1", "3");
        assertThat(deliveries.get(poison)).hasValue(MAX_ATTEMPTS);

        ConsumerRecord<String, String> dead = deadLetter(poison);
        assertThat(dead.key()).isEqualTo("episode-7");
        assertThat(header(dead, Backbone.DL_CAUSE)).contains("NumberFormatException").contains(poison);
        assertThat(header(dead, Backbone.DL_ATTEMPTS)).isEqualTo(Integer.toString(MAX_ATTEMPTS));
        assertThat(header(dead, Backbone.DL_TOPIC)).isEqualTo(topic);
        assertThat(header(dead, Backbone.DL_ROUTE)).isEqualTo(handoff.routeId());
        // and reported for the hub's dead-letter list
        assertThat(listed).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo(topic);
            assertThat(r.key()).isEqualTo("episode-7");
            assertThat(r.value()).isEqualTo(poison);
            assertThat(r.cause()).contains("NumberFormatException");
            assertThat(r.attempts()).isEqualTo(MAX_ATTEMPTS);
            assertThat(r.routeId()).isEqualTo(handoff.routeId());
            assertThat(r.offset()).isEqualTo(header(dead, Backbone.DL_OFFSET));
        });
        // everything on the partition is committed: a restart would not see the poison record again
        await().atMost(Duration.ofSeconds(10)).until(() -> backbone.failingRecords() == 0);
    }

    @Test
    void aRecordWhoseWorkFailedIsNotCommittedAndIsSeenAgainAfterTheConsumerRestarts() throws Exception {
        String a = "11", x = "12", b = "13";
        CountDownLatch failedOnce = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean healthy = new AtomicBoolean(false);
        route(id -> {
            if (id.equals(x) && !healthy.get()) {
                if (failedOnce.getCount() > 0) {
                    failedOnce.countDown();
                    throw new IllegalStateException("database away");
                }
                // the redelivery waits here until the test has looked at the offsets, then fails too
                release.await(30, TimeUnit.SECONDS);
                throw new IllegalStateException("database still away");
            }
        });
        partitions.put("episode-12", partitionOf("episode-12"));
        long offsetA = send("episode-12", a, Map.of());
        long offsetX = send("episode-12", x, Map.of());
        long offsetB = send("episode-12", b, Map.of());
        assertThat(offsetX).isEqualTo(offsetA + 1);

        assertThat(failedOnce.await(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> committed("episode-12") == offsetX);
        assertThat(recorded).containsExactly(a);

        // the consumer stops while x still fails
        Thread stopper = new Thread(() -> {
            try {
                camel.getRouteController().stopRoute(handoff.routeId(), 20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        stopper.start();
        release.countDown();
        stopper.join(30_000);
        assertThat(committed("episode-12")).as("x was never committed").isEqualTo(offsetX);
        int before = deliveries.get(x).get();

        // started again (a restart, or another replica taking the partition): x comes again, then b
        healthy.set(true);
        camel.getRouteController().startRoute(handoff.routeId());
        await().atMost(Duration.ofSeconds(30)).until(() -> recorded.contains(b));
        assertThat(recorded).containsExactly(a, x, b);
        assertThat(deliveries.get(x).get()).isEqualTo(before + 1);
        assertThat(deliveries.get(a)).hasValue(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> committed("episode-12") == offsetB + 1);
    }

    @Test
    void recordHeadersNeverBecomeCamelHeaders() throws Exception {
        route(id -> { });
        send("episode-9", "9", Map.of("CamelBeanMethodName", "evil", "camelhttpuri", "http://169.254.169.254/",
                "kafka.OVERRIDE_TOPIC", "castwire.dead-letters", "x-trace", "t-1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> recorded.contains("9"));
        assertThat(headersSeen).doesNotContainKeys("CamelBeanMethodName", "camelhttpuri", "kafka.OVERRIDE_TOPIC");
        assertThat(headersSeen).containsKey("x-trace");
    }

    @Test
    void aRecordGivenUpOnIsListedInTheDatabaseAndAReplayPutsItBackOnItsTopic() throws Exception {
        String replayTopic = "castwire.publish.t" + UUID.randomUUID().toString().substring(0, 8);
        try (com.zaxxer.hikari.HikariDataSource db = io.castwire.support.TestDatabases.h2()) {
            var deadLetters = new io.castwire.operations.deadletter.DeadLetters(
                    new org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate(db), null,
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), java.time.Clock.systemUTC());
            camel.start();
            var listed = new io.castwire.operations.deadletter.BackboneDeadLetters(backbone, deadLetters,
                    new com.fasterxml.jackson.databind.ObjectMapper(), camel);
            listed.record(new Backbone.DeadRecord(replayTopic, "1", "42", "7", "7", "IllegalStateException: boom", 5,
                    "publish-t-send"));

            var letter = deadLetters.list(io.castwire.operations.deadletter.BackboneDeadLetters.DESTINATION, true, 10, 0);
            assertThat(letter).singleElement().satisfies(l -> {
                assertThat(l.routeId()).isEqualTo("publish-t-send");
                assertThat(l.cause()).isEqualTo("IllegalStateException: boom");
                assertThat(l.attempts()).isEqualTo(5);
                assertThat(l.payload()).contains("\"topic\":\"" + replayTopic + "\"", "\"offset\":\"42\"");
            });
            assertThat(listed.handles("backbone")).isTrue();

            String what = listed.replay(letter.get(0));

            assertThat(what).contains("1@42", replayTopic);
            ConsumerRecord<String, String> again = firstRecord(replayTopic);
            assertThat(again.key()).isEqualTo("7");
            assertThat(again.value()).isEqualTo("7");
        }
    }

    private ConsumerRecord<String, String> firstRecord(String topicName) {
        return firstMatching(topicName, r -> true);
    }

    private ConsumerRecord<String, String> deadLetter(String value) {
        return firstMatching(Handoff.DEAD_LETTER_TOPIC, r -> value.equals(r.value()));
    }

    /** The one record on the topic that matches, read by a new consumer group from the beginning. */
    private ConsumerRecord<String, String> firstMatching(String topicName,
                                                          java.util.function.Predicate<ConsumerRecord<String, String>> match) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-read-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(config)) {
            c.subscribe(List.of(topicName));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (match.test(r)) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
