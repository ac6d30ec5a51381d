package io.castwire.common.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Which endpoint each hand-off gets, decided by configuration only. */
class BackboneTest {

    private static Backbone backbone(BackboneProperties.Type type) {
        BackboneProperties p = new BackboneProperties();
        p.setType(type);
        p.getKafka().setBootstrapServers("kafka-0:9092,kafka-1:9092");
        p.getKafka().setCreateTopics(false);
        return new Backbone(p);
    }

    @Test
    void aDeadLetterReplayCanOnlyReachTheHandoffsOwnTopics() {
        assertThatThrownBy(() -> backbone(BackboneProperties.Type.SEDA).republishEndpoint("castwire.episodes"))
                .isInstanceOf(IllegalStateException.class);
        Backbone b = backbone(BackboneProperties.Type.KAFKA);
        assertThat(b.republishEndpoint("castwire.episodes")).startsWith("kafka:castwire.episodes?brokers=kafka-0:9092")
                .contains("requestRequiredAcks=all", "enableIdempotence=true");
        assertThat(b.republishEndpoint("castwire.publish.wordpress")).startsWith("kafka:castwire.publish.wordpress?");
        for (String stored : new String[] {"castwire.dead-letters", "other.topic", "castwire.publish.x?brokers=evil:9092",
                "castwire.episodes&brokers=evil:9092", "", null}) {
            assertThatThrownBy(() -> b.republishEndpoint(stored)).as(String.valueOf(stored))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void embeddedDefaultIsAnInProcessQueueWithTheSameOptionsAtBothEnds() {
        Backbone b = backbone(BackboneProperties.Type.SEDA);
        assertThat(b.isKafka()).isFalse();
        assertThat(b.consumer(Handoff.EPISODES, 3, "size=1000")).isEqualTo("seda:processing-episode-run?size=1000&concurrentConsumers=3");
        assertThat(b.producer(Handoff.EPISODES, "size=1000")).isEqualTo("seda:processing-episode-run?size=1000");
        assertThat(b.consumer(Handoff.PUBLICATIONS, 1, "")).isEqualTo("seda:publish-rss-feed?concurrentConsumers=1");
        assertThat(b.producer(Handoff.PUBLICATIONS, "")).isEqualTo("seda:publish-rss-feed");
    }

    @Test
    void kafkaModeUsesTheTopicsWithOneGroupPerHandoffManualCommitAndIdempotentProducers() {
        Backbone b = backbone(BackboneProperties.Type.KAFKA);
        String consumer = b.consumer(Handoff.EPISODES, 2, "size=1000");
        assertThat(consumer).startsWith("kafka:castwire.episodes?brokers=kafka-0:9092,kafka-1:9092")
                .contains("groupId=castwire-processing-episode-run", "autoCommitEnable=false", "allowManualCommit=true",
                        "breakOnFirstError=true", "consumersCount=2", "headerFilterStrategy=#" + Backbone.HEADER_FILTER)
                .doesNotContain("seda");
        assertThat(b.producer(Handoff.EPISODES, "size=1000")).startsWith("kafka:castwire.episodes?")
                .contains("requestRequiredAcks=all", "enableIdempotence=true");
        assertThat(b.consumer(Handoff.PUBLICATIONS, 1, "")).startsWith("kafka:castwire.publications?")
                .contains("groupId=castwire-publish-rss-feed");
        assertThat(b.consumer(Handoff.WEBHOOKS, 4, "")).startsWith("kafka:castwire.publish.webhooks?");
        assertThat(b.consumer(Handoff.destination("youtube", "publish-youtube-send"), 2, ""))
                .startsWith("kafka:castwire.publish.youtube?").contains("groupId=castwire-publish-youtube-send");
        assertThat(b.deadLetterProducer()).startsWith("kafka:castwire.dead-letters?");
    }

    @Test
    void aDestinationNameThatIsNoTopicNameIsRefused() {
        assertThatThrownBy(() -> Handoff.destination("x&brokers=evil:1", "publish-x-send"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onSedaTheReceiveAndKeyStepsDoNothingAndTheRouteRuns() throws Exception {
        Backbone b = backbone(BackboneProperties.Type.SEDA);
        List<Object> seen = new ArrayList<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").process(b.keyed()).to(b.producer(Handoff.EPISODES, "size=10"));
                    from(b.consumer(Handoff.EPISODES, 1, "size=10")).routeId("processing-episode-run")
                            .process(b.receive())
                            .process(e -> {
                                synchronized (seen) {
                                    seen.add(e.getMessage().getBody());
                                    seen.add(e.getMessage().getHeader("kafka.KEY"));
                                }
                            });
                }
            });
            camel.start();
            camel.createProducerTemplate().sendBody("direct:in", 42L);
            org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> {
                synchronized (seen) {
                    return seen.size() == 2;
                }
            });
            assertThat(seen).containsExactly(42L, null);
        }
    }
}
