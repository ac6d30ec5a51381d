package io.castwire.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.support.HubTest;
import io.castwire.support.ScriptedJob;
import io.castwire.support.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The scheduled jobs through their real routes and API: each job has a Quartz trigger route and a
 * run route, runs are recorded with their outcome, an admin can run one on demand, a failing job
 * raises one alert, and the storage cleanup removes stale temporary files and nothing else.
 */
class SyncRoutesTest extends HubTest {

    @Autowired
    ProducerTemplate producer;
    @Autowired
    ScriptedJob scripted;

    private JsonNode job(String name) throws Exception {
        for (JsonNode j : getJson("/api/sync")) {
            if (j.get("name").asText().equals(name)) {
                return j;
            }
        }
        throw new AssertionError("no job " + name + " in /api/sync");
    }

    @Test
    void everyJobHasAStartedQuartzTriggerWithItsConfiguredCron() throws Exception {
        JsonNode cleanup = job("storage-cleanup");
        // the tests' castwire.sync.default.cron applies to every job without its own entry
        assertThat(cleanup.get("cron").asText()).isEqualTo("0 0 0 1 1 ? 2099");
        assertThat(cleanup.get("scheduleRoute").get("id").asText()).isEqualTo("sync-storage-cleanup-schedule");
        assertThat(cleanup.get("scheduleRoute").get("status").asText()).isEqualTo("Started");
        assertThat(Instant.parse(cleanup.get("nextRunAt").asText())).isAfter(Instant.parse("2098-12-31T00:00:00Z"));
        assertThat(camel.getRoute("sync-storage-cleanup").getEndpoint().getEndpointUri()).isEqualTo("direct://sync-storage-cleanup");
        assertThat(camel.getRoute("sync-storage-cleanup-schedule").getEndpoint().getEndpointUri()).startsWith("quartz://castwire-sync/storage-cleanup");
    }

    @Test
    void theStorageCleanupRemovesStaleTemporaryFilesOnly() throws Exception {
        Instant old = Instant.now().minus(7, ChronoUnit.HOURS);
        Path show = Files.createDirectories(paths.media().resolve("cleanup-show"));
        Path staleWork = touch(paths.work().resolve("ffmpeg-123456789.err"), old);
        Path staleIncoming = touch(show.resolve(".incoming-8812345.tmp"), old);
        Path staleCaption = touch(show.resolve(".ep.srt-44551.tmp"), old);
        Path freshIncoming = touch(show.resolve(".incoming-99.tmp"), Instant.now());
        Path oldMedia = touch(show.resolve("ep.mp3"), old);
        Path tools = touch(Files.createDirectories(paths.work().resolve("tools")).resolve("ffmpeg-old.tmp"), old);
        Path youtube = Files.createDirectories(paths.work().resolve("youtube"));
        Path partialAudiogram = touch(youtube.resolve(".audiogram-77123.mp4"), old);
        Path waitingAudiogram = touch(youtube.resolve("audiogram-12.mp4"), old);

        SyncRuns.Run run = producer.requestBody("direct:sync-storage-cleanup", null, SyncRuns.Run.class);

        assertThat(run.outcome()).isEqualTo("OK");
        assertThat(run.summary()).startsWith("removed 4 stale temporary file(s)");
        assertThat(staleWork).doesNotExist();
        assertThat(staleIncoming).doesNotExist();
        assertThat(staleCaption).doesNotExist();
        assertThat(freshIncoming).exists();
        assertThat(oldMedia).exists();
        assertThat(tools).exists();
        assertThat(partialAudiogram).doesNotExist();
        assertThat(waitingAudiogram).as("a rendered audiogram waiting for its upload").exists();
        JsonNode runs = getJson("/api/sync/storage-cleanup/runs");
        assertThat(runs.get(0).get("id").asLong()).isEqualTo(run.id());
        assertThat(runs.get(0).get("outcome").asText()).isEqualTo("OK");
        assertThat(runs.get(0).get("finishedAt").isNull()).isFalse();
    }

    private static Path touch(Path file, Instant modified) throws Exception {
        Files.writeString(file, "partial");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @Test
    void anAdminRunsAJobOnDemandAndAnUnknownJobIsAProblem() throws Exception {
        int before = scripted.runs();
        scripted.answer(() -> "did 2 things");
        ResponseEntity<String> started = admin().postForEntity("/api/sync/" + ScriptedJob.NAME + "/run", null, String.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> scripted.runs() > before
                && getJson("/api/sync/" + ScriptedJob.NAME + "/runs").get(0).get("outcome").asText().equals("OK"));
        assertThat(getJson("/api/sync/" + ScriptedJob.NAME + "/runs").get(0).get("summary").asText()).isEqualTo("did 2 things");
        assertThat(getJson("/api/sync/" + ScriptedJob.NAME + "/runs").get(0).get("scheduledAt").isNull())
                .as("a run on demand has no fire time").isTrue();

        ResponseEntity<String> unknown = admin().postForEntity("/api/sync/no-such-job/run", null, String.class);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getHeaders().getContentType().toString()).contains("problem+json");
        assertThat(http.postForEntity("/api/sync/" + ScriptedJob.NAME + "/run", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aJobThatStartsFailingIsRecordedAndAlertsOnce() throws Exception {
        scripted.answer(() -> "fine");
        producer.requestBody("direct:sync-" + ScriptedJob.NAME, (Object) null);
        scripted.answer(() -> {
            throw new java.io.IOException("station API unreachable");
        });
        SyncRuns.Run first = producer.requestBody("direct:sync-" + ScriptedJob.NAME, null, SyncRuns.Run.class);
        SyncRuns.Run second = producer.requestBody("direct:sync-" + ScriptedJob.NAME, null, SyncRuns.Run.class);
        assertThat(first.outcome()).isEqualTo("FAILED");
        assertThat(first.summary()).isEqualTo("IOException: station API unreachable");
        assertThat(second.outcome()).isEqualTo("FAILED");
        await().atMost(Duration.ofSeconds(20)).until(() -> alertsFor(first.id()) == 1);
        scripted.answer(() -> "fine again");
        producer.requestBody("direct:sync-" + ScriptedJob.NAME, (Object) null);
        // the second failure in a row was not a new alert
        assertThat(alertsFor(second.id())).isZero();
    }

    private static long alertsFor(long runId) {
        return WebhookReceiver.receivedBy("test-main").stream().map(WebhookReceiver.Received::body)
                .filter(b -> b.contains("system.alert") && b.contains("\"kind\":\"job-failing\"")
                        && b.contains("\"job\":\"" + ScriptedJob.NAME + "\"") && b.contains("\"runId\":" + runId + ","))
                .count();
    }
}
