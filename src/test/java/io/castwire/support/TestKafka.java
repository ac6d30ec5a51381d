package io.castwire.support;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One embedded KRaft Kafka broker for the whole test JVM (spring-kafka-test), started on first use
 * and stopped when the JVM exits. Tests keep apart by using their own topics and consumer groups.
 */
public final class TestKafka {

    private static EmbeddedKafkaKraftBroker broker;

    private TestKafka() {
    }

    /** The broker's bootstrap servers, starting it if needed. */
    public static synchronized String bootstrapServers() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker b = new EmbeddedKafkaKraftBroker(1, 2);
            b.brokerProperties(java.util.Map.of("group.initial.rebalance.delay.ms", "0",
                    "offsets.topic.num.partitions", "5"));
            b.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(b::destroy, "test-kafka-stop"));
            broker = b;
        }
        return broker.getBrokersAsString();
    }
}
