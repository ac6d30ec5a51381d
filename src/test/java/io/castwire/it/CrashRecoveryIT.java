package io.castwire.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.support.HubProcess;
import io.castwire.support.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of ingest and processing, restart on the same home: every accepted
 * episode completes, exactly once, and no file is lost or left behind.
 */
class CrashRecoveryIT {

    private static final String PASSWORD = "crash-test-pw";
    private static final int EPISODES = 24;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aKilledHubLosesNothingAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("data");
        Path staging = Files.createDirectories(dir.resolve("staging/crash-show"));
        for (int i = 0; i < EPISODES; i++) {
            Files.copy(TestMedia.mp3(4), staging.resolve("ep" + i + ".mp3"));
            if (i % 3 == 0) {
                Files.writeString(staging.resolve("ep" + i + ".srt"), TestMedia.srt(2));
            }
        }
        List<String> args = List.of("--castwire.ingest.settle-time=300ms", "--castwire.ingest.poll-interval=100ms",
                "--castwire.ingest.transcript-wait=1s", "--castwire.processing.outbox-interval=300ms");
        Map<String, String> env = Map.of("CASTWIRE_ADMIN_PASSWORD", PASSWORD);
        HubProcess hub = new HubProcess(home, env, args).start();
        try {
            Path inbox = Files.createDirectories(home.resolve("inbox"));
            Files.move(staging, inbox.resolve("crash-show"));
            // kill as soon as some, but not all, episodes are in
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                int n = episodes(hub).size();
                return n >= 3;
            });
            hub.kill();
            int before = countFiles(inbox.resolve("crash-show"));
            assertThat(before).as("the kill landed mid-ingest: files still waiting").isPositive();

            hub.start();
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
                    JsonNode items = episodes(hub);
                    long processed = 0;
                    for (JsonNode e : items) {
                        processed += e.get("state").asText().equals("PUBLISHED") ? 1 : 0;
                    }
                    return processed >= EPISODES || items.size() > EPISODES;
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("not all episodes processed after restart: " + episodes(hub)
                        + "\nqueue: " + hub.get("/api/queue/stats", PASSWORD)
                        + "\ninbox: " + countFiles(inbox) + " files", e);
            }
            JsonNode items = episodes(hub);
            assertThat(items).hasSize(EPISODES);
            Set<String> names = new HashSet<>();
            Set<String> hashes = new HashSet<>();
            for (JsonNode e : items) {
                names.add(e.get("file").asText());
                hashes.add(e.get("contentHash").asText());
                JsonNode timeline = json.readTree(hub.get("/api/episodes/" + e.get("id").asLong(), PASSWORD)).get("timeline");
                long registered = 0;
                long processedEvents = 0;
                for (JsonNode t : timeline) {
                    registered += t.get("event").asText().equals("registered") ? 1 : 0;
                    processedEvents += t.get("event").asText().equals("processed") ? 1 : 0;
                }
                assertThat(registered).as("registered once: " + e).isEqualTo(1);
                assertThat(processedEvents).as("processed once: " + e).isEqualTo(1);
                int index = Integer.parseInt(e.get("file").asText().replaceAll("\\D", ""));
                if (index % 3 == 0) {
                    assertThat(e.get("transcriptSegments").asInt()).as("transcript kept: " + e).isEqualTo(2);
                }
            }
            assertThat(names).hasSize(EPISODES);
            assertThat(hashes).hasSize(EPISODES);
            assertThat(countFiles(inbox)).as("inbox drained").isZero();
            assertThat(countFiles(home.resolve("quarantine"))).as("nothing quarantined").isZero();
            // one stored original per episode (media/<show>/<hash[0:2]>/<hash>.mp3); the spoken intro/outro versions
            // live apart under media/<show>/synthesis/
            Path stored = home.resolve("media/crash-show");
            try (Stream<Path> media = Files.walk(stored)) {
                assertThat(media.filter(p -> p.toString().endsWith(".mp3"))
                        .filter(p -> !stored.relativize(p).startsWith("synthesis"))).hasSize(EPISODES);
            }
        } finally {
            hub.close();
        }
    }

    private JsonNode episodes(HubProcess hub) throws Exception {
        return json.readTree(hub.get("/api/episodes?show=crash-show&limit=500", PASSWORD)).get("items");
    }

    private static int countFiles(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return (int) s.filter(Files::isRegularFile).count();
        }
    }
}
