package io.castwire.operations.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.common.CastwireProperties;
import io.castwire.common.backbone.Backbone;
import io.castwire.common.backbone.BackboneProperties;
import io.castwire.common.backbone.Handoff;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.MediaInfo;
import io.castwire.episode.NewEpisode;
import io.castwire.episode.Priority;
import io.castwire.episode.ShowRepository;
import io.castwire.processing.ProcessingRoutes;
import io.castwire.support.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The in-process processing queue under load: 200 bulk episodes are queued and being worked on
 * by two consumers when one urgent episode is handed over; it is the next one started, not the
 * 201st. The endpoints are the hub's own (Backbone SEDA with ProcessingRoutes' options).
 */
class PriorityQueueOrderTest {

    private static HikariDataSource ds;

    @BeforeAll
    static void start() {
        ds = TestDatabases.h2();
    }

    @AfterAll
    static void stop() {
        ds.close();
    }

    @Test
    void oneUrgentAmong200BulkStartsNextWhileTheBulkIsBeingWorkedOn() throws Exception {
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(ds);
        EpisodeRepository episodes = new EpisodeRepository(jdbc, Clock.systemUTC());
        QueueRepository repository = new QueueRepository(jdbc, episodes, Clock.systemUTC());
        long show = new ShowRepository(jdbc, Clock.systemUTC()).findOrCreate("prio");
        List<Long> bulk = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            bulk.add(insert(episodes, repository, show, i, Priority.BULK));
        }
        long urgent = insert(episodes, repository, show, 999, Priority.URGENT);

        CastwireProperties hub = new CastwireProperties();
        Backbone backbone = new Backbone(new BackboneProperties());
        List<Long> started = new CopyOnWriteArrayList<>();
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind(EpisodeQueue.BEAN, new EpisodeQueue(repository));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(backbone.consumer(Handoff.EPISODES, 2, ProcessingRoutes.queueOptions(hub)))
                            .routeId("test-processing").process(e -> {
                                started.add(e.getMessage().getBody(Long.class));
                                // each episode takes a little while, as real work does
                                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(15);
                                while (System.nanoTime() < until) {
                                    Thread.onSpinWait();
                                }
                            });
                }
            });
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            String queue = backbone.producer(Handoff.EPISODES, ProcessingRoutes.queueOptions(hub));
            for (long id : bulk) {
                producer.sendBody(queue, id);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> started.size() >= 10);
            int before = started.size();
            producer.sendBody(queue, urgent);
            await().atMost(Duration.ofSeconds(60)).until(() -> started.size() == 201);
            int position = started.indexOf(urgent);
            // only the two consumers' items already taken when it arrived start before it (a consumer
            // descheduled between taking an item and recording it may add one or two on a busy machine)
            assertThat(position).as("urgent started at position %d; %d had started when it was queued", position, before)
                    .isBetween(before, before + 4);
            assertThat(200 - position).as("bulk items still waiting behind it").isGreaterThan(100);
            List<Long> bulkOrder = started.stream().filter(id -> id != urgent).toList();
            assertThat(new java.util.HashSet<>(bulkOrder)).as("every bulk item ran once").hasSize(200);
            assertThat(bulkOrder.subList(0, 20)).as("bulk oldest first").allMatch(id -> id <= bulk.get(25));
        }
    }

    private static long insert(EpisodeRepository episodes, QueueRepository repository, long show, int n, Priority p) {
        String hash = String.format("%064x", 1_000_000L + n);
        long id = episodes.insert(new NewEpisode(show, "e" + n + ".mp3", "e" + n, hash, 1, "media/x/" + n + ".mp3",
                new MediaInfo(MediaInfo.AUDIO, "mp3", 1000L, "mp3", null, 44100, 1, null, null, 64)),
                Instant.now(), "test");
        repository.setInitialPriority(id, p);
        return id;
    }
}
