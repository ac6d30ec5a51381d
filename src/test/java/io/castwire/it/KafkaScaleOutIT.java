package io.castwire.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.support.HubProcess;
import io.castwire.support.KafkaBrokerProcess;
import io.castwire.support.TestDatabases;
import io.castwire.support.TestMedia;
import io.castwire.support.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two replicas of the packaged hub in profile {@code kafka}, as on Kubernetes: one PostgreSQL schema,
 * one real Kafka broker (its own process), one shared castwire.home (a ReadWriteMany volume) whose
 * inbox only replica A watches. 50 episodes are dropped; both replicas process them; replica B is
 * killed with SIGKILL halfway, then the broker is stopped and started again. Every episode is still
 * processed once, published once to the feed (one ledger row) and announced once (one
 * episode.published event at the webhook receiver).
 */
class KafkaScaleOutIT {

    private static final String PASSWORD = "kafka-it-pw";
    private static final String SHOW = "scale-show";
    private static final int EPISODES = 50;
    private static final String SUBSCRIBER = "kafka-it";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @Test
    void twoReplicasShareTheWorkAndSurviveAKilledReplicaAndABrokerRestart(@TempDir Path dir) throws Exception {
        Path staging = Files.createDirectories(dir.resolve("staging").resolve(SHOW));
        for (int i = 0; i < EPISODES; i++) {
            Files.copy(TestMedia.mp3(2), staging.resolve("ep" + i + ".mp3"));
        }
        String schema = TestDatabases.newSchemaName();
        TestDatabases.postgres(schema).close();
        String url = TestDatabases.POSTGRES_URL + "?currentSchema=" + schema;
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername(TestDatabases.POSTGRES_USER);
        ds.setMaximumPoolSize(2);
        JdbcTemplate db = new JdbcTemplate(ds);
        Path home = dir.resolve("shared").resolve("data");
        try (KafkaBrokerProcess kafka = new KafkaBrokerProcess(dir.resolve("kafka")).start()) {
            Map<String, String> env = Map.of("CASTWIRE_ADMIN_PASSWORD", PASSWORD, "CASTWIRE_DB_URL", url,
                    "CASTWIRE_DB_USER", TestDatabases.POSTGRES_USER,
                    "CASTWIRE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "CASTWIRE_IT_WEBHOOK_SECRET", WebhookReceiver.SECRET);
            try (HubProcess a = new HubProcess(home, env, args("node-a", true), "kafka-scale-node-a");
                 HubProcess b = new HubProcess(home, env, args("node-b", false), "kafka-scale-node-b")) {
                // both start at once, as replicas do (on 2 busy cores that can take a while)
                java.util.concurrent.CompletableFuture<HubProcess> startA = java.util.concurrent.CompletableFuture
                        .supplyAsync(() -> start(a));
                start(b);
                startA.join();
                Files.move(staging, Files.createDirectories(home.resolve("inbox")).resolve(SHOW));

                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> published(db) >= EPISODES / 3);
                b.kill();
                int atKill = published(db);
                assertThat(atKill).as("B was killed halfway").isLessThan(EPISODES);

                kafka.stop();
                kafka.start();

                try {
                    await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
                            .until(() -> published(db) == EPISODES && announced().size() == EPISODES);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("not all episodes published: " + db.queryForList(
                            "SELECT state, COUNT(*) AS n FROM episodes GROUP BY state") + ", announced " + announced().size()
                            + "\nqueue A: " + a.get("/api/queue/stats", PASSWORD), e);
                }

                assertThat(db.queryForObject("SELECT COUNT(*) FROM episodes", Integer.class)).isEqualTo(EPISODES);
                assertThat(db.queryForList("SELECT episode_id FROM episode_events WHERE event = 'processed' "
                        + "GROUP BY episode_id HAVING COUNT(*) <> 1", Long.class)).as("processed more than once").isEmpty();
                assertThat(db.queryForObject("SELECT COUNT(DISTINCT episode_id) FROM episode_events WHERE event = 'processed'",
                        Integer.class)).isEqualTo(EPISODES);
                assertThat(db.queryForList("SELECT episode_id FROM publications WHERE destination = 'rss' "
                        + "GROUP BY episode_id HAVING COUNT(*) <> 1", Long.class)).as("more than one ledger row").isEmpty();
                assertThat(db.queryForObject("SELECT COUNT(*) FROM publications WHERE destination = 'rss' AND state = 'PUBLISHED'",
                        Integer.class)).isEqualTo(EPISODES);
                // the feed has every item: its rewrites on two replicas never lost one
                String feed = a.get("/shows/" + SHOW + "/feed.xml", null);
                assertThat(feed.split("<item>", -1).length - 1).isEqualTo(EPISODES);

                // both replicas did processing work (the claim records who)
                Set<String> workers = new TreeSet<>(db.queryForList("SELECT detail FROM episode_events WHERE event = "
                        + "'processing-started'", String.class).stream().map(d -> d.substring(d.lastIndexOf(' ') + 1))
                        .collect(Collectors.toSet()));
                assertThat(workers).containsExactly("node-a", "node-b");
                assertThat(db.queryForObject("SELECT COUNT(*) FROM dead_letters", Integer.class)).isZero();
            }
        } finally {
            ds.close();
            TestDatabases.dropSchema(schema);
        }
    }

    /** The episodes announced by episode.published events, each by exactly one event (a redelivery repeats its webhook-id). */
    private static Set<Long> announced() throws java.io.IOException {
        Map<Long, Set<String>> byEpisode = new java.util.HashMap<>();
        for (WebhookReceiver.Received r : WebhookReceiver.receivedBy(SUBSCRIBER)) {
            com.fasterxml.jackson.databind.JsonNode event = JSON.readTree(r.body());
            if (event.path("type").asText().equals("episode.published")) {
                byEpisode.computeIfAbsent(event.path("data").path("episodeId").asLong(), k -> new TreeSet<>()).add(r.id());
            }
        }
        byEpisode.forEach((episode, events) -> assertThat(events).as("events for episode " + episode).hasSize(1));
        return byEpisode.keySet();
    }

    private static HubProcess start(HubProcess hub) {
        try {
            return hub.start(Duration.ofSeconds(240));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int published(JdbcTemplate db) {
        return db.queryForObject("SELECT COUNT(*) FROM episodes WHERE state = 'PUBLISHED'", Integer.class);
    }

    private static List<String> args(String instance, boolean watchesInbox) {
        List<String> args = new ArrayList<>(List.of("--spring.profiles.active=kafka", "--castwire.instance-id=" + instance,
                "--castwire.ingest.settle-time=300ms", "--castwire.ingest.poll-interval=100ms",
                "--castwire.ingest.transcript-wait=1s", "--castwire.processing.outbox-interval=500ms",
                "--castwire.processing.lease=15s", "--castwire.publish.poll-interval=500ms",
                "--castwire.backbone.kafka.session-timeout=6s", "--castwire.backbone.kafka.heartbeat-interval=1s",
                "--castwire.sync.default.cron=0 0 0 1 1 ? 2099",
                "--castwire.webhooks.allow-networks=127.0.0.1/32", "--castwire.webhooks.poll-interval=300ms",
                "--castwire.webhooks.subscribers[0].name=" + SUBSCRIBER,
                "--castwire.webhooks.subscribers[0].url=" + WebhookReceiver.baseUrl() + "/" + SUBSCRIBER,
                "--castwire.webhooks.subscribers[0].events=episode.published",
                "--castwire.webhooks.subscribers[0].secret-env=CASTWIRE_IT_WEBHOOK_SECRET"));
        if (!watchesInbox) {
            args.add("--castwire.routes.ingest-folder-poll.auto-startup=false");
        }
        return args;
    }
}
