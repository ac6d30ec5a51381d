package io.castwire.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.support.FeedServer;
import io.castwire.support.FeedServer.Answer;
import io.castwire.support.HubProcess;
import io.castwire.support.TestMedia;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RSS import in the packaged hub (ROME and its iTunes module loaded from the fat jar): a feed's
 * items become episodes on the route's own polls, and after kill -9 and a restart on the same home
 * the polls import nothing twice.
 */
class RssImportIT {

    private static final String PASSWORD = "rss-import-it-pw";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void itemsAreImportedOnceAcrossARestart(@TempDir Path dir) throws Exception {
        FeedServer server = FeedServer.start("127.0.0.1");
        try {
            server.serve("/it/one.mp3", Answer.media(TestMedia.mp3(2)));
            server.serve("/it/two.mp3", Answer.media(TestMedia.mp3(2)));
            server.serve("/feed.xml", Answer.xml("""
                    <?xml version="1.0" encoding="UTF-8"?>
                    <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
                    <channel><title>Old</title><link>https://old.example.org/</link><description>d</description>
                    <item><title>One</title><guid>it-one</guid><pubDate>Sun, 01 Mar 2026 10:00:00 GMT</pubDate>
                      <enclosure url="%s" length="1" type="audio/mpeg"/><itunes:episode>1</itunes:episode></item>
                    <item><title>Two</title><guid>it-two</guid><pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate>
                      <enclosure url="%s" length="1" type="audio/mpeg"/><itunes:episode>2</itunes:episode></item>
                    </channel></rss>
                    """.formatted(server.url("/it/one.mp3"), server.url("/it/two.mp3"))));
            List<String> args = List.of("--castwire.ingest.download.allow-networks=127.0.0.1/32",
                    "--castwire.rss-import.initial-delay=1s",
                    "--castwire.rss-import.feeds[0].name=old-show",
                    "--castwire.rss-import.feeds[0].url=" + server.url("/feed.xml"),
                    "--castwire.rss-import.feeds[0].show=migrated",
                    "--castwire.rss-import.feeds[0].poll-interval=1s",
                    "--castwire.rss-import.feeds[0].destinations=rss");
            HubProcess hub = new HubProcess(dir.resolve("data"), Map.of("CASTWIRE_ADMIN_PASSWORD", PASSWORD), args).start();
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                        .until(() -> imported(hub) == 2);
                JsonNode items = json.readTree(hub.get("/api/rss-import/old-show/items", PASSWORD));
                for (JsonNode i : items) {
                    assertThat(i.get("itunesEpisode").isInt()).as("iTunes module read in the packaged hub").isTrue();
                }
                hub.kill();
                hub.start();
                long polls = polls(hub);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> polls(hub) >= polls + 3);
                assertThat(imported(hub)).isEqualTo(2);
                assertThat(json.readTree(hub.get("/api/episodes?show=migrated", PASSWORD)).get("items")).hasSize(2);
                assertThat(server.requests("/it/one.mp3")).isEqualTo(1);
                assertThat(server.requests("/it/two.mp3")).isEqualTo(1);
            } finally {
                hub.close();
            }
        } finally {
            server.stop();
        }
    }

    private long imported(HubProcess hub) throws Exception {
        JsonNode feeds = json.readTree(hub.get("/api/rss-import", PASSWORD));
        return feeds.get(0).get("items").get("IMPORTED").asLong();
    }

    private long polls(HubProcess hub) throws Exception {
        JsonNode p = json.readTree(hub.get("/api/rss-import", PASSWORD)).get(0).get("lastPoll");
        return p == null || p.isNull() ? 0 : p.get("polls").asLong();
    }
}
