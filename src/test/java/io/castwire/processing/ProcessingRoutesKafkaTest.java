package io.castwire.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubRouteConfigurations;
import io.castwire.common.InboundHeaderFilter;
import io.castwire.common.backbone.Backbone;
import io.castwire.common.backbone.BackboneProperties;
import io.castwire.common.backbone.Handoff;
import io.castwire.support.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The real {@link ProcessingRoutes} in Kafka mode, on the shared embedded broker: ids on
 * {@code castwire.episodes} reach {@code EpisodeProcessor.process}, a processed one goes on to
 * {@code castwire.publications} keyed by its id, and a record that is no id ends in
 * {@code castwire.dead-letters} without holding up the next one on its partition. The processor is
 * a stand-in (the route is what is tested); only this test uses these topics in the test JVM.
 */
class ProcessingRoutesKafkaTest {

    /** Records the ids it is given; "processes" every one. */
    static final class RecordingProcessor extends EpisodeProcessor {
        final List<Long> processed = new CopyOnWriteArrayList<>();

        RecordingProcessor() {
            super(null, null, List.of(), null, null, null);
        }

        @Override
        public boolean process(long id) {
            processed.add(id);
            return true;
        }
    }

    @Test
    void idsFlowFromEpisodesToPublicationsAndAPoisonRecordGoesToTheDeadLetterTopic() throws Exception {
        BackboneProperties p = new BackboneProperties();
        p.setType(BackboneProperties.Type.KAFKA);
        p.getKafka().setBootstrapServers(TestKafka.bootstrapServers());
        p.getKafka().setMaxAttempts(3);
        p.getKafka().setPartitions(2);
        Backbone backbone = new Backbone(p);
        RecordingProcessor processor = new RecordingProcessor();
        String poison = "episode-" + UUID.randomUUID();
        long first = 1_000_000 + (long) (Math.random() * 1_000_000);
        try (DefaultCamelContext camel = new DefaultCamelContext();
             KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            camel.getRegistry().bind(Backbone.HEADER_FILTER, new InboundHeaderFilter().asStrategy());
            camel.getRegistry().bind("episodeProcessor", processor);
            camel.addRoutes(new HubRouteConfigurations());
            camel.addRoutes(new ProcessingRoutes(new CastwireProperties(), backbone));
            camel.start();

            String key = Long.toString(first);
            producer.send(new ProducerRecord<>(Handoff.EPISODES.topic(), key, key)).get(10, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Handoff.EPISODES.topic(), key, poison)).get(10, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Handoff.EPISODES.topic(), key, Long.toString(first + 1))).get(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(40)).until(() -> processor.processed.contains(first + 1));
            assertThat(processor.processed).containsExactly(first, first + 1);

            List<ConsumerRecord<String, String>> published = read(Handoff.PUBLICATIONS.topic(),
                    r -> r.value().equals(key) || r.value().equals(Long.toString(first + 1)), 2);
            assertThat(published).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(key, Long.toString(first + 1));
            ConsumerRecord<String, String> dead = read(Handoff.DEAD_LETTER_TOPIC, r -> r.value().equals(poison), 1).get(0);
            assertThat(header(dead, Backbone.DL_ROUTE)).isEqualTo(ProcessingRoutes.RUN);
            assertThat(header(dead, Backbone.DL_ATTEMPTS)).isEqualTo("3");
            assertThat(header(dead, Backbone.DL_CAUSE)).contains(poison);
        }
    }

    private static Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return config;
    }

    private static List<ConsumerRecord<String, String>> read(String topic,
            java.util.function.Predicate<ConsumerRecord<String, String>> wanted, int n) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> found = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(config)) {
            c.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() != null && wanted.test(r)) {
                        found.add(r);
                    }
                });
                return found.size() >= n;
            });
        }
        return found;
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
