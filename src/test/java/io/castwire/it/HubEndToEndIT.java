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
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise, on the packaged jar with embedded defaults only: start it, drop
 * {@code inbox/my-show/ep1.mp3} and {@code ep1.srt}, and the API lists the episode with its show,
 * duration, codec, size, hash, transcript segment count and timeline.
 */
class HubEndToEndIT {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aDroppedEpisodeWithTranscriptAppearsInTheApi(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("data");
        // no CASTWIRE_ADMIN_PASSWORD: the hub must make one and print it once
        try (HubProcess hub = new HubProcess(home, Map.of(), List.of("--castwire.ingest.transcript-wait=3s")).start()) {
            Matcher m = Pattern.compile("castwire admin password \\(set CASTWIRE_ADMIN_PASSWORD to choose one\\): (\\S+)")
                    .matcher(hub.log());
            assertThat(m.find()).as("generated password printed").isTrue();
            String password = m.group(1);
            assertThat(hub.log().split(Pattern.quote(password), -1)).as("printed exactly once").hasSize(2);
            assertThat(hub.status("/api/episodes", null)).isEqualTo(401);
            assertThat(hub.status("/api/episodes", "admin")).isEqualTo(401);

            Path show = Files.createDirectories(home.resolve("inbox/my-show"));
            Path mp3 = TestMedia.mp3(12);
            Files.writeString(show.resolve("ep1.srt"), TestMedia.srt(5));
            Files.copy(mp3, show.resolve("ep1.mp3"));

            JsonNode[] episode = new JsonNode[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
                JsonNode items = json.readTree(hub.get("/api/episodes", password)).get("items");
                episode[0] = items.size() == 1 ? items.get(0) : null;
                return episode[0] != null && episode[0].get("state").asText().equals("PUBLISHED");
            });
            JsonNode e = episode[0];
            assertThat(e.get("show").asText()).isEqualTo("my-show");
            assertThat(e.get("durationMs").asLong()).isBetween(11_900L, 12_200L);
            assertThat(e.get("codec").asText()).isEqualTo("mp3");
            assertThat(e.get("sizeBytes").asLong()).isEqualTo(Files.size(mp3));
            assertThat(e.get("contentHash").asText()).startsWith("sha256:");
            assertThat(e.get("transcriptSegments").asInt()).isEqualTo(5);
            JsonNode detail = json.readTree(hub.get("/api/episodes/" + e.get("id").asLong(), password));
            assertThat(detail.get("timeline")).extracting(t -> t.get("event").asText())
                    .containsExactly("registered", "transcript-attached", "processing-started", "processed", "publishing", "published");

            assertThat(home.resolve("db")).isDirectory();
            // the show's feed, public, with the episode and a working enclosure
            String feed = hub.get("/shows/my-show/feed.xml", null);
            assertThat(feed).contains("<rss").contains("castwire:my-show:ep1").contains("podcast:transcript");
            Matcher enclosure = Pattern.compile("<enclosure url=\"http://[^/]+(/media/[^\"]+)\" length=\"(\\d+)\"")
                    .matcher(feed);
            assertThat(enclosure.find()).as(feed).isTrue();
            assertThat(Long.parseLong(enclosure.group(2))).isEqualTo(Files.size(mp3));
            assertThat(hub.status(enclosure.group(1), null)).isEqualTo(200);
            String metrics = hub.get("/actuator/prometheus", password);
            assertThat(metrics).contains("castwire_ingest_files_total").containsPattern("routeId=\"ingest-folder-poll\"");
            assertThat(hub.status("/actuator/health/readiness", null)).isEqualTo(200);
        }
    }
}
