package io.castwire.common.backbone;

import static org.awaitility.Awaitility.await;

import io.castwire.common.InboundHeaderFilter;
import io.castwire.support.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test (runs only with {@code -Dcastwire.bench=true}; see bench/README.md): the
 * hand-off cost of the Kafka backbone (idempotent producer with acks=all and a key; manual commit
 * after each exchange; header filter; poison bookkeeping) against a bare Camel kafka route on the
 * same embedded broker (Camel's defaults: auto commit). Prints throughput and latency and their ratios.
 */
@EnabledIfSystemProperty(named = "castwire.bench", matches = "true")
class BackboneBenchTest {

    private static final int MESSAGES = Integer.getInteger("castwire.bench.messages", 2000);
    private static final int PINGS = 100;

    @Test
    void backboneAgainstABareKafkaRoute() throws Exception {
        String brokers = TestKafka.bootstrapServers();
        BackboneProperties p = new BackboneProperties();
        p.setType(BackboneProperties.Type.KAFKA);
        p.getKafka().setBootstrapServers(brokers);
        p.getKafka().setPartitions(1);
        Backbone backbone = new Backbone(p);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Handoff handoff = new Handoff("bench-backbone-run", "bench.backbone." + suffix);
        String bareTopic = "bench.bare." + suffix;
        backbone.ensureTopic(bareTopic);

        Map<String, Long> arrived = new ConcurrentHashMap<>();
        AtomicInteger count = new AtomicInteger();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind(Backbone.HEADER_FILTER, new InboundHeaderFilter().asStrategy());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kafka:" + bareTopic + "?brokers=" + brokers + "&groupId=bench-bare-" + suffix
                            + "&autoOffsetReset=earliest").routeId("bench-bare")
                            .process(e -> arrive(e, arrived, count));
                    from(backbone.consumer(handoff, 1, "")).routeId(handoff.routeId())
                            .process(backbone.receive())
                            .process(e -> arrive(e, arrived, count));
                    from("direct:bare").to("kafka:" + bareTopic + "?brokers=" + brokers);
                    from("direct:backbone").process(backbone.keyed()).to(backbone.producer(handoff, ""));
                }
            });
            camel.start();
            ProducerTemplate send = camel.createProducerTemplate();
            // warm both paths (consumer group joins, producer metadata)
            for (String side : List.of("bare", "backbone")) {
                roundTrip(send, side, "warm-" + side, arrived);
            }
            StringBuilder report = new StringBuilder("\n| measure | bare Camel kafka route | castwire backbone | ratio |\n|---|---|---|---|\n");
            double[] bare = measure(send, "bare", arrived, count);
            double[] hub = measure(send, "backbone", arrived, count);
            report.append(String.format("| throughput, %d ids (msg/s) | %.0f | %.0f | %.2f |%n", MESSAGES, bare[0], hub[0], bare[0] / hub[0]));
            report.append(String.format("| hand-off latency p50 (ms) | %.1f | %.1f | %.2f |%n", bare[1], hub[1], hub[1] / bare[1]));
            report.append(String.format("| hand-off latency p95 (ms) | %.1f | %.1f | %.2f |%n", bare[2], hub[2], hub[2] / bare[2]));
            System.out.println(report);
        }
    }

    private static void arrive(Exchange e, Map<String, Long> arrived, AtomicInteger count) {
        arrived.put(e.getMessage().getBody(String.class), System.nanoTime());
        count.incrementAndGet();
    }

    /** [throughput msg/s, p50 ms, p95 ms]: a burst sent asynchronously, then one id at a time. */
    private static double[] measure(ProducerTemplate send, String side, Map<String, Long> arrived, AtomicInteger count) {
        int before = count.get();
        long start = System.nanoTime();
        List<java.util.concurrent.CompletableFuture<Object>> sent = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            sent.add(send.asyncRequestBody("direct:" + side, side + "-" + i));
        }
        sent.forEach(java.util.concurrent.CompletableFuture::join);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(5)).until(() -> count.get() - before >= MESSAGES);
        double throughput = MESSAGES / ((System.nanoTime() - start) / 1e9);
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < PINGS; i++) {
            latencies.add(roundTrip(send, side, side + "-ping-" + i, arrived));
        }
        Collections.sort(latencies);
        return new double[] {throughput, latencies.get(PINGS / 2), latencies.get(PINGS * 95 / 100)};
    }

    private static double roundTrip(ProducerTemplate send, String side, String id, Map<String, Long> arrived) {
        long t0 = System.nanoTime();
        send.sendBody("direct:" + side, id);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1)).until(() -> arrived.containsKey(id));
        return (arrived.get(id) - t0) / 1e6;
    }
}
