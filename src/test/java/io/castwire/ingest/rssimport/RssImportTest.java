package io.castwire.ingest.rssimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.support.FeedServer;
import io.castwire.support.FeedServer.Answer;
import io.castwire.support.HubTest;
import io.castwire.support.TestMedia;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * RSS import end to end: the test feeds (HubTest) on a local feed server, real MP3s from ffmpeg,
 * the real download guard, ingest, pipeline and castwire's own feed.
 */
class RssImportTest extends HubTest {

    private static final FeedServer SERVER = FeedServer.shared();

    static String feed(String... items) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
                     xmlns:content="http://purl.org/rss/1.0/modules/content/">
                <channel><title>Old show</title><link>https://old.example.org/</link><description>d</description>
                """ + String.join("\n", items) + "\n</channel></rss>\n";
    }

    static String item(String guid, String title, String pubDate, String enclosureUrl, String extra) {
        return "<item><title>" + title + "</title>"
                + (guid == null ? "" : "<guid isPermaLink=\"false\">" + guid + "</guid>")
                + (pubDate == null ? "" : "<pubDate>" + pubDate + "</pubDate>")
                + (enclosureUrl == null ? "" : "<enclosure url=\"" + enclosureUrl + "\" length=\"1000\" type=\"audio/mpeg\"/>")
                + extra + "</item>";
    }

    private JsonNode feedStatus(String feed) throws IOException {
        for (JsonNode f : getJson("/api/rss-import")) {
            if (f.get("name").asText().equals(feed)) {
                return f;
            }
        }
        throw new AssertionError("feed " + feed + " not listed");
    }

    /** Asks for a poll and waits until it has finished; returns the feed's status after it. */
    private JsonNode pollNow(String feed) throws IOException {
        JsonNode before = feedStatus(feed).get("lastPoll");
        long polls = before == null || before.isNull() ? 0 : before.get("polls").asLong();
        ResponseEntity<String> r = admin().postForEntity("/api/rss-import/" + feed + "/poll", null, String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        JsonNode[] after = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode p = feedStatus(feed).get("lastPoll");
            after[0] = p;
            return p != null && !p.isNull() && p.get("polls").asLong() > polls && p.hasNonNull("finishedAt")
                    && !Instant.parse(p.get("finishedAt").asText()).isBefore(Instant.parse(p.get("startedAt").asText()));
        });
        return after[0];
    }

    private Map<String, JsonNode> items(String feed) throws IOException {
        Map<String, JsonNode> byKey = new HashMap<>();
        for (JsonNode i : getJson("/api/rss-import/" + feed + "/items")) {
            byKey.put(i.get("key").asText(), i);
        }
        return byKey;
    }

    @Test
    void importsNewItemsOnceWithTheirMetadataAndKeepsTheirGuids() throws IOException {
        Path a = TestMedia.mp3(2);
        Path b = TestMedia.mp3(2);
        SERVER.serve("/basic/a.mp3", Answer.media(a));
        SERVER.serve("/basic/b/audio.mp3", Answer.media(b));
        String itemA = item("rsst-basic-a", "Episode A", "Sun, 01 Mar 2026 10:00:00 GMT", SERVER.url("/basic/a.mp3"),
                "<description>plain A</description><content:encoded><![CDATA[<p>Show notes <b>A</b></p>]]></content:encoded>"
                        + "<itunes:episode>3</itunes:episode><itunes:season>1</itunes:season>"
                        + "<itunes:episodeType>full</itunes:episodeType><itunes:explicit>true</itunes:explicit>"
                        + "<itunes:duration>00:00:02</itunes:duration><itunes:image href=\"https://old.example.org/a.jpg\"/>");
        // no guid: the enclosure URL is its key; the host names every file audio.mp3
        String itemB = item(null, "Episode B", "Mon, 02 Mar 2026 10:00:00 GMT", SERVER.url("/basic/b/audio.mp3"),
                "<itunes:summary>summary B</itunes:summary>");
        String itemC = item("rsst-basic-c", "Announcement", "Tue, 03 Mar 2026 10:00:00 GMT", null, "");
        // headers from outside must not steer anything
        SERVER.serve("/rsst-basic.xml", Answer.xml(feed(itemA, itemB, itemC)).withHeaders(Map.of(
                "CamelBeanMethodName", "toString", "CamelHttpUri", "http://169.254.169.254/", "kafka.OVERRIDE_TOPIC", "x")));

        JsonNode poll = pollNow("rsst-basic");
        assertThat(poll.get("outcome").asText()).isEqualTo("OK");
        Map<String, JsonNode> items = items("rsst-basic");
        assertThat(items.get("rsst-basic-a").get("state").asText()).isEqualTo("IMPORTED");
        assertThat(items.get(SERVER.url("/basic/b/audio.mp3")).get("state").asText()).isEqualTo("IMPORTED");
        assertThat(items.get("rsst-basic-c").get("state").asText()).isEqualTo("SKIPPED");
        assertThat(items.get("rsst-basic-c").get("reason").asText()).contains("no enclosure");
        JsonNode ledgerA = items.get("rsst-basic-a");
        assertThat(ledgerA.get("itunesEpisode").asInt()).isEqualTo(3);
        assertThat(ledgerA.get("itunesSeason").asInt()).isEqualTo(1);
        assertThat(ledgerA.get("itunesType").asText()).isEqualTo("full");
        assertThat(ledgerA.get("explicit").asBoolean()).isTrue();
        assertThat(ledgerA.get("durationMs").asLong()).isEqualTo(2000);
        assertThat(ledgerA.get("imageUrl").asText()).isEqualTo("https://old.example.org/a.jpg");

        JsonNode episodeA = getJson("/api/episodes/" + ledgerA.get("episodeId").asLong());
        assertThat(episodeA.get("title").asText()).isEqualTo("Episode A");
        assertThat(episodeA.get("description").asText()).isEqualTo("<p>Show notes <b>A</b></p>");
        assertThat(Instant.parse(episodeA.get("publishAt").asText())).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(episodeA.get("destinations").toString()).isEqualTo("[\"rss\"]");
        JsonNode episodeB = getJson("/api/episodes/" + items.get(SERVER.url("/basic/b/audio.mp3")).get("episodeId").asLong());
        assertThat(episodeB.get("description").asText()).isEqualTo("summary B");
        assertThat(episodesOf("rsst-basic")).hasSize(2);

        // a re-poll imports nothing and fetches no enclosure again
        int fetchesA = SERVER.requests("/basic/a.mp3");
        assertThat(pollNow("rsst-basic").get("summary").asText()).contains("0 new").contains("0 fetched");
        assertThat(SERVER.requests("/basic/a.mp3")).isEqualTo(fetchesA);
        assertThat(episodesOf("rsst-basic")).hasSize(2);

        // next poll: a new item is imported; an edited item is not imported again; an item with the
        // same bytes as A under another URL is A's episode
        Path d = TestMedia.mp3(2);
        SERVER.serve("/basic/d.mp3", Answer.media(d));
        SERVER.serve("/basic/a-mirror.mp3", Answer.media(a));
        String editedA = itemA.replace("Episode A", "Episode A (remastered title)");
        String itemD = item("rsst-basic-d", "Episode D", "Wed, 04 Mar 2026 10:00:00 GMT", SERVER.url("/basic/d.mp3"), "");
        String itemE = item("rsst-basic-e", "Episode A again", "Thu, 05 Mar 2026 10:00:00 GMT",
                SERVER.url("/basic/a-mirror.mp3"), "");
        SERVER.serve("/rsst-basic.xml", Answer.xml(feed(editedA, itemB, itemC, itemD, itemE)));
        pollNow("rsst-basic");
        items = items("rsst-basic");
        assertThat(items.get("rsst-basic-d").get("state").asText()).isEqualTo("IMPORTED");
        assertThat(items.get("rsst-basic-e").get("state").asText()).isEqualTo("IMPORTED");
        assertThat(items.get("rsst-basic-e").get("episodeId").asLong()).isEqualTo(ledgerA.get("episodeId").asLong());
        assertThat(items.get("rsst-basic-e").get("duplicate").asBoolean()).isTrue();
        assertThat(SERVER.requests("/basic/a.mp3")).isEqualTo(fetchesA);
        assertThat(episodesOf("rsst-basic")).hasSize(3);
        assertThat(getJson("/api/episodes/" + ledgerA.get("episodeId").asLong()).get("title").asText()).isEqualTo("Episode A");

        // castwire's own feed keeps the old guids
        awaitEpisodes("rsst-basic", 3, "PUBLISHED");
        String ownFeed = http.getForObject("/shows/rsst-basic/feed.xml", String.class);
        assertThat(ownFeed).contains(">rsst-basic-a</guid>").contains(">rsst-basic-d</guid>")
                .contains(">" + SERVER.url("/basic/b/audio.mp3") + "</guid>")
                .doesNotContain(">rsst-basic-e</guid>");
    }

    @Test
    void failedEnclosuresAreRecordedWithTheirReasonAndTransientOnesRetried() throws IOException {
        FeedServer privateServer = FeedServer.start("127.0.0.2");
        try {
            Path media = TestMedia.mp3(2);
            Path later = TestMedia.mp3(2);
            privateServer.serve("/inside.mp3", Answer.media(media));
            SERVER.serve("/fail/gone.mp3", Answer.status(404));
            SERVER.serve("/fail/huge.mp3", Answer.declaring(600L * 1024 * 1024));
            SERVER.serve("/fail/busy.mp3", Answer.status(503));
            String xml = feed(
                    item("f-gone", "Gone", "Sun, 01 Mar 2026 10:00:00 GMT", SERVER.url("/fail/gone.mp3"), ""),
                    item("f-huge", "Huge", "Sun, 01 Mar 2026 11:00:00 GMT", SERVER.url("/fail/huge.mp3"), ""),
                    item("f-metadata", "Metadata", "Sun, 01 Mar 2026 12:00:00 GMT",
                            "http://169.254.169.254/latest/meta-data/x.mp3", ""),
                    item("f-private", "Private", "Sun, 01 Mar 2026 13:00:00 GMT", privateServer.url("/inside.mp3"), ""),
                    item("f-busy", "Busy", "Sun, 01 Mar 2026 14:00:00 GMT", SERVER.url("/fail/busy.mp3"), ""),
                    item("f-down", "Down", "Sun, 01 Mar 2026 15:00:00 GMT", SERVER.url("/fail/down.mp3"), ""));
            SERVER.serve("/fail/down.mp3", Answer.status(502));
            // a feed document over castwire.rss-import.max-feed-size (16MB) is not read: the poll fails, nothing recorded
            SERVER.serve("/rsst-fail.xml", Answer.declaring(64L * 1024 * 1024));
            JsonNode huge = pollNow("rsst-fail");
            assertThat(huge.get("outcome").asText()).isEqualTo("FAILED");
            assertThat(huge.get("summary").asText()).contains("could not be fetched").contains("over the limit");
            assertThat(items("rsst-fail")).isEmpty();

            SERVER.serve("/rsst-fail.xml", Answer.xml(xml));
            pollNow("rsst-fail");
            Map<String, JsonNode> items = items("rsst-fail");
            assertThat(items.get("f-gone").get("state").asText()).isEqualTo("FAILED");
            assertThat(items.get("f-gone").get("reason").asText()).contains("404");
            assertThat(items.get("f-huge").get("state").asText()).isEqualTo("FAILED");
            assertThat(items.get("f-huge").get("reason").asText()).contains("over the limit");
            assertThat(items.get("f-metadata").get("state").asText()).isEqualTo("FAILED");
            assertThat(items.get("f-metadata").get("reason").asText()).contains("169.254.169.254").contains("link-local");
            assertThat(items.get("f-private").get("state").asText()).isEqualTo("FAILED");
            assertThat(items.get("f-private").get("reason").asText()).contains("127.0.0.2").contains("loopback");
            assertThat(privateServer.totalRequests()).isZero();
            assertThat(items.get("f-busy").get("state").asText()).isEqualTo("PENDING");
            assertThat(items.get("f-busy").get("attempts").asInt()).isEqualTo(1);
            assertThat(items.get("f-busy").get("reason").asText()).contains("503");
            assertThat(feedStatus("rsst-fail").get("items").get("FAILED").asInt()).isEqualTo(4);

            // the 503 recovers: the next poll after the backoff imports it
            SERVER.serve("/fail/busy.mp3", Answer.media(media));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                pollNow("rsst-fail");
                return items("rsst-fail").get("f-busy").get("state").asText().equals("IMPORTED");
            });
            assertThat(SERVER.requests("/fail/busy.mp3")).isEqualTo(2);
            // one that stays down is given up after castwire.rss-import.max-attempts (3)
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                pollNow("rsst-fail");
                return items("rsst-fail").get("f-down").get("state").asText().equals("FAILED");
            });
            assertThat(items("rsst-fail").get("f-down").get("reason").asText()).contains("gave up after 3 attempts")
                    .contains("502");
            assertThat(SERVER.requests("/fail/down.mp3")).isEqualTo(3);
            assertThat(episodesOf("rsst-fail")).hasSize(1);

            // an admin retries the 404 once the file is there
            SERVER.serve("/fail/gone.mp3", Answer.media(later));
            ResponseEntity<String> retry = admin().postForEntity("/api/rss-import/rsst-fail/retry?key=f-gone", null,
                    String.class);
            assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(json.readTree(retry.getBody()).get("state").asText()).isEqualTo("PENDING");
            pollNow("rsst-fail");
            assertThat(items("rsst-fail").get("f-gone").get("state").asText()).isEqualTo("IMPORTED");
            assertThat(admin().postForEntity("/api/rss-import/rsst-fail/retry?key=f-gone", null, String.class)
                    .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(privateServer.totalRequests()).isZero();
        } finally {
            privateServer.stop();
        }
    }

    @Test
    void onlyItemsAfterSinceAreImportedAtMostMaxItemsPerPoll() throws IOException {
        SERVER.serve("/since/old.mp3", Answer.media(TestMedia.mp3(1)));
        SERVER.serve("/since/new1.mp3", Answer.media(TestMedia.mp3(1)));
        SERVER.serve("/since/new2.mp3", Answer.media(TestMedia.mp3(1)));
        SERVER.serve("/since/undated.mp3", Answer.media(TestMedia.mp3(1)));
        SERVER.serve("/rsst-since.xml", Answer.xml(feed(
                item("s-new2", "New 2", "Fri, 05 Jun 2026 10:00:00 GMT", SERVER.url("/since/new2.mp3"), ""),
                item("s-new1", "New 1", "Tue, 02 Jun 2026 10:00:00 GMT", SERVER.url("/since/new1.mp3"), ""),
                item("s-old", "Old", "Sun, 31 May 2026 23:59:00 GMT", SERVER.url("/since/old.mp3"), ""),
                item("s-undated", "Undated", null, SERVER.url("/since/undated.mp3"), ""))));

        JsonNode first = pollNow("rsst-since");
        assertThat(first.get("summary").asText()).contains("2 not after 'since'").contains("1 fetched");
        Map<String, JsonNode> items = items("rsst-since");
        assertThat(items).containsOnlyKeys("s-new1", "s-new2");
        // max-items-per-poll 1: the oldest first
        assertThat(items.get("s-new1").get("state").asText()).isEqualTo("IMPORTED");
        assertThat(items.get("s-new2").get("state").asText()).isEqualTo("PENDING");
        pollNow("rsst-since");
        assertThat(items("rsst-since").get("s-new2").get("state").asText()).isEqualTo("IMPORTED");
        assertThat(SERVER.requests("/since/old.mp3")).isZero();
        assertThat(SERVER.requests("/since/undated.mp3")).isZero();
        assertThat(episodesOf("rsst-since")).hasSize(2);
    }

    @Test
    void theRoutePollsOnItsOwnAndSurvivesAMalformedFeed() throws IOException {
        String route = RssImportRoutes.routeId("rsst-live");
        SERVER.serve("/rsst-live.xml", Answer.xml("<rss version=\"2.0\"><channel><item><title>broken").withHeaders(
                Map.of("CamelBeanMethodName", "toString")));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode p = feedStatus("rsst-live").get("lastPoll");
            return p != null && !p.isNull() && "FAILED".equals(p.path("outcome").asText())
                    && p.get("summary").asText().contains("malformed");
        });
        assertThat(camel.getRouteController().getRouteStatus(route)).isEqualTo(ServiceStatus.Started);

        NotifyBuilder clean = new NotifyBuilder(camel).fromRoute(route)
                .filter(e -> e.getMessage().getHeaders().keySet().stream()
                        .noneMatch(h -> h.equalsIgnoreCase("CamelBeanMethodName")))
                .whenCompleted(2).create();
        SERVER.serve("/live/one.mp3", Answer.media(TestMedia.mp3(1)));
        SERVER.serve("/rsst-live.xml", Answer.xml(feed(
                item("l-one", "Live one", "Sun, 01 Mar 2026 10:00:00 GMT", SERVER.url("/live/one.mp3"), "")))
                .withHeaders(Map.of("CamelBeanMethodName", "toString")));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode one = items("rsst-live").get("l-one");
            return one != null && one.get("state").asText().equals("IMPORTED");
        });
        assertThat(feedStatus("rsst-live").get("lastPoll").get("outcome").asText()).isEqualTo("OK");
        assertThat(clean.matches(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(episodesOf("rsst-live")).hasSize(1);
    }

    @Test
    void adminApiNeedsAuthAndKnowsItsFeeds() throws IOException {
        assertThat(http.getForEntity("/api/rss-import", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(admin().getForEntity("/api/rss-import/nope/items", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(admin().postForEntity("/api/rss-import/nope/poll", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<String> badState = admin().getForEntity("/api/rss-import/rsst-basic/items?state=NOPE", String.class);
        assertThat(badState.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badState.getHeaders().getContentType()).isEqualTo(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode basic = feedStatus("rsst-basic");
        assertThat(basic.get("show").asText()).isEqualTo("rsst-basic");
        assertThat(basic.get("route").get("id").asText()).isEqualTo("ingest-rssimport-rsst-basic-poll");
        assertThat(basic.get("route").get("status").asText()).isEqualTo("Started");
    }
}
