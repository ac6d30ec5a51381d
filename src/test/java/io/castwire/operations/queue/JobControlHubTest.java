package io.castwire.operations.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.MediaInfo;
import io.castwire.episode.NewEpisode;
import io.castwire.episode.ShowRepository;
import io.castwire.support.FeedServer;
import io.castwire.support.HubTest;
import io.castwire.support.InboundWebhooks;
import io.castwire.support.TestMedia;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Job control in the running hub: backpressure on the inbox and webhooks, cancel and priority over HTTP, queue stats. */
class JobControlHubTest extends HubTest {

    @Autowired
    JobControlProperties control;
    @Autowired
    QueueRepository queue;
    @Autowired
    EpisodeRepository episodes;
    @Autowired
    ShowRepository shows;

    @Test
    void aFullQueueLeavesMediaInTheInboxAndRefusesWebhooksThenTakesEverythingExactlyOnce() throws Exception {
        int saved = control.getQueue().getMaxDepth();
        Path inbox = showInbox("jobs-full");
        String show = inbox.getFileName().toString();
        String hookShow = "jobs-hook-" + UUID.randomUUID().toString().substring(0, 8);
        FeedServer.shared().serve("/" + hookShow + ".mp3", FeedServer.Answer.media(TestMedia.mp3(2)));
        String hook = """
                {"type": "media.created", "data": {"url": "%s", "show": "%s"}}""".formatted(
                FeedServer.shared().url("/" + hookShow + ".mp3"), hookShow);
        try {
            // full now: as deep as the queue already is
            control.getQueue().setMaxDepth((int) queue.activeDepth());
            for (int i = 0; i < 3; i++) {
                Files.copy(TestMedia.mp3(2 + i), inbox.resolve("ep" + i + ".mp3"));
            }
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.exists(inbox.resolve("ep0.mp3")) && Files.exists(inbox.resolve("ep2.mp3"))
                            && episodesOf(show).isEmpty());
            assertThat(Files.exists(paths.quarantine().resolve(show))).as("nothing quarantined").isFalse();

            HttpResponse<String> refused = InboundWebhooks.post(port, InboundWebhooks.CMS, hook);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(json.readTree(refused.body()).get("detail").asText()).contains("castwire.queue.max-depth");
            assertThat(getJson("/api/queue/stats").get("backpressure").get("full").asBoolean()).isTrue();
        } finally {
            control.getQueue().setMaxDepth(saved);
        }
        // room again: every file is taken, once
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> episodesOf(show).size() == 3 && !Files.exists(inbox.resolve("ep0.mp3")));
        HttpResponse<String> accepted = InboundWebhooks.post(port, InboundWebhooks.CMS, hook);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> episodesOf(hookShow).size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> episodesOf(show).size() == 3 && episodesOf(hookShow).size() == 1);
        java.util.Set<String> names = new java.util.HashSet<>();
        episodesOf(show).forEach(e -> names.add(e.get("file").asText()));
        assertThat(names).containsExactlyInAnyOrder("ep0.mp3", "ep1.mp3", "ep2.mp3");
    }

    private long waitingEpisode(String show) {
        long showId = shows.findOrCreate(show);
        String hash = String.format("%064x", System.nanoTime());
        // due in an hour: it stays RECEIVED for the test
        return episodes.insert(new NewEpisode(showId, "w.mp3", "w", hash, 1, "media/" + show + "/w.mp3",
                new MediaInfo(MediaInfo.AUDIO, "mp3", 1000L, "mp3", null, 44100, 1, null, null, 64)),
                Instant.now().plusSeconds(3600), "test");
    }

    private ResponseEntity<String> post(String path, String body) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        return admin().postForEntity(path, new HttpEntity<>(body, h), String.class);
    }

    @Test
    void priorityAndCancelOverHttpWithWhoDidIt() throws Exception {
        long id = waitingEpisode("jobs-api-" + UUID.randomUUID().toString().substring(0, 8));

        ResponseEntity<String> bad = post("/api/episodes/" + id + "/priority", "{\"priority\": \"asap\"}");
        assertThat(bad.getStatusCode().value()).isEqualTo(400);
        assertThat(bad.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(bad.getBody()).contains("urgent");

        ResponseEntity<String> urgent = post("/api/episodes/" + id + "/priority", "{\"priority\": \"urgent\"}");
        assertThat(urgent.getStatusCode().value()).as(urgent.getBody()).isEqualTo(200);
        assertThat(json.readTree(urgent.getBody()).get("priority").asText()).isEqualTo("urgent");
        assertThat(getJson("/api/queue/stats").get("depth").get("byPriority").get("urgent").asLong()).isPositive();

        assertThat(http.postForEntity("/api/episodes/" + id + "/cancel", null, String.class).getStatusCode().value())
                .as("no login").isEqualTo(401);
        ResponseEntity<String> cancelled = post("/api/episodes/" + id + "/cancel", "");
        assertThat(cancelled.getStatusCode().value()).as(cancelled.getBody()).isEqualTo(200);
        JsonNode c = json.readTree(cancelled.getBody());
        assertThat(c.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(c.get("cancelledBy").asText()).isEqualTo("admin");
        JsonNode episode = getJson("/api/episodes/" + id);
        assertThat(episode.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(episode.toString()).contains("cancelled by admin").contains("priority-changed");
        assertThat(episode.get("jobControl").get("priority").asText()).isEqualTo("urgent");
        assertThat(episode.get("jobControl").get("cancelledBy").asText()).isEqualTo("admin");

        ResponseEntity<String> again = post("/api/episodes/" + id + "/cancel", "");
        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(post("/api/episodes/" + id + "/priority", "{\"priority\": \"bulk\"}").getStatusCode().value())
                .isEqualTo(409);
        assertThat(post("/api/episodes/999999999/cancel", "").getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void queueStatsKeepTheOldFieldsAndAddJobControl() throws Exception {
        waitingEpisode("jobs-stats-" + UUID.randomUUID().toString().substring(0, 8));
        JsonNode stats = getJson("/api/queue/stats");
        assertThat(stats.has("episodesByState")).isTrue();
        assertThat(stats.has("queuedInMemory")).isTrue();
        assertThat(stats.get("episodesByState").has("CANCELLED")).isTrue();
        assertThat(stats.get("depth").get("byPriority").has("bulk")).isTrue();
        assertThat(stats.get("depth").get("byKind").get("processing").asLong()).isPositive();
        assertThat(stats.get("running").isArray()).isTrue();
        assertThat(stats.get("throughput").has("processedPerMinute")).isTrue();
        assertThat(stats.get("oldestWaiting").get("episodeId").asLong()).isPositive();
        assertThat(stats.get("backpressure").get("maxDepth").asInt()).isEqualTo(control.getQueue().getMaxDepth());
    }
}
