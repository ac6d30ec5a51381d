package io.castwire.publishing.rss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rometools.modules.itunes.EntryInformation;
import com.rometools.modules.itunes.FeedInformation;
import com.rometools.modules.itunes.ITunes;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import io.castwire.support.HubTest;
import io.castwire.support.TestMedia;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * From the inbox to a podcast app: the episode is published to its show's feed, the feed parses
 * strictly, and every URL in it (enclosure with range requests, captions, cover) answers without
 * a login. A changed file with the same name keeps the item's guid.
 */
class FeedRouteTest extends HubTest {

    @org.springframework.beans.factory.annotation.Autowired
    javax.sql.DataSource dataSource;

    /** The path of a feed URL, so the test can call this hub on its random port. */
    private static String path(String url) {
        URI u = URI.create(url);
        return u.getRawPath();
    }

    private String feed(String slug) {
        ResponseEntity<String> r = http.getForEntity("/shows/" + slug + "/feed.xml", String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(r.getHeaders().getContentType().toString()).startsWith("application/rss+xml");
        return r.getBody();
    }

    @Test
    void aPublishedEpisodeIsInAStrictlyValidFeedWithWorkingLinks() throws Exception {
        Path show = showInbox("feed");
        String slug = show.getFileName().toString();
        Files.writeString(show.resolve("show.json"), "{\"title\":\"Feed Test Show\",\"author\":\"Ana\","
                + "\"category\":\"Technology\",\"explicit\":false}");
        Path mp3 = TestMedia.mp3(90);
        Files.writeString(show.resolve("ep1.srt"), TestMedia.srt(44));
        Files.copy(mp3, show.resolve("ep1.mp3"));
        JsonNode e = awaitEpisodes(slug, 1, "PUBLISHED").get(0);

        String xml = feed(slug);
        SyndFeed parsed = new SyndFeedInput(true, java.util.Locale.ENGLISH).build(new StringReader(xml));
        assertThat(parsed.getTitle()).isEqualTo("Feed Test Show");
        FeedInformation channel = (FeedInformation) parsed.getModule(ITunes.URI);
        assertThat(channel.getAuthor()).isEqualTo("Ana");
        assertThat(channel.getImage()).isNotNull();
        assertThat(parsed.getEntries()).hasSize(1);
        SyndEntry item = parsed.getEntries().get(0);
        assertThat(item.getUri()).isEqualTo("castwire:" + slug + ":ep1");
        EntryInformation info = (EntryInformation) item.getModule(ITunes.URI);
        assertThat(info.getDuration().getMilliseconds()).isBetween(89_000L, 91_000L);
        assertThat(item.getEnclosures()).singleElement().satisfies(enc -> {
            assertThat(enc.getType()).isEqualTo("audio/mpeg");
            assertThat(enc.getLength()).isEqualTo(Files.size(mp3));
        });

        String enclosure = path(item.getEnclosures().get(0).getUrl());
        ResponseEntity<byte[]> media = http.getForEntity(enclosure, byte[].class);
        assertThat(media.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(media.getBody()).isEqualTo(Files.readAllBytes(mp3));
        HttpHeaders range = new HttpHeaders();
        range.set(HttpHeaders.RANGE, "bytes=100-199");
        ResponseEntity<byte[]> part = http.exchange(enclosure, HttpMethod.GET, new HttpEntity<>(range), byte[].class);
        assertThat(part.getStatusCode()).isEqualTo(HttpStatus.PARTIAL_CONTENT);
        assertThat(part.getBody()).hasSize(100);

        Document dom = javax.xml.parsers.DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
                .parse(new org.xml.sax.InputSource(new StringReader(xml)));
        NodeList transcripts = dom.getElementsByTagNameNS(FeedWriter.PODCAST_NS, "transcript");
        assertThat(transcripts.getLength()).isEqualTo(2);
        for (int i = 0; i < transcripts.getLength(); i++) {
            String url = transcripts.item(i).getAttributes().getNamedItem("url").getNodeValue();
            ResponseEntity<String> captions = http.getForEntity(path(url), String.class);
            assertThat(captions.getStatusCode()).as(url).isEqualTo(HttpStatus.OK);
            assertThat(captions.getBody()).contains("Line number 1 of the talk.");
        }
        int clipsOfFirstProfile = 0;
        JsonNode published = getJson("/api/episodes/" + e.get("id").asLong());
        for (JsonNode c : published.get("clips")) {
            clipsOfFirstProfile += c.get("profile").asText().equals("default") ? 1 : 0;
            ResponseEntity<byte[]> clipMedia = http.getForEntity(path(c.get("mediaUrl").asText()), byte[].class);
            assertThat(clipMedia.getStatusCode()).as(c.toString()).isEqualTo(HttpStatus.OK);
            assertThat(clipMedia.getBody()).hasSize((int) Files.size(paths.home().resolve(c.get("mediaPath").asText())));
        }
        for (JsonNode c : published.get("captions")) {
            assertThat(http.getForEntity(path(c.get("url").asText()), String.class).getStatusCode()).as(c.toString())
                    .isEqualTo(HttpStatus.OK);
        }
        assertThat(clipsOfFirstProfile).isPositive();
        assertThat(dom.getElementsByTagNameNS(FeedWriter.PODCAST_NS, "soundbite").getLength()).isEqualTo(clipsOfFirstProfile);
        assertThat(dom.getElementsByTagNameNS(FeedWriter.PODCAST_NS, "guid").getLength()).isEqualTo(1);
        NodeList chapters = dom.getElementsByTagNameNS(FeedWriter.PODCAST_NS, "chapters");
        assertThat(chapters.getLength()).isEqualTo(1);
        assertThat(chapters.item(0).getAttributes().getNamedItem("type").getNodeValue()).isEqualTo("application/json+chapters");
        ResponseEntity<String> chaptersJson = http.getForEntity(
                path(chapters.item(0).getAttributes().getNamedItem("url").getNodeValue()), String.class);
        assertThat(chaptersJson.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode chapterList = json.readTree(chaptersJson.getBody());
        assertThat(chapterList.get("version").asText()).isEqualTo("1.2.0");
        assertThat(chapterList.get("chapters").get(0).get("startTime").asDouble()).isZero();
        assertThat(chapterList.get("chapters").get(0).get("title").asText()).isNotBlank();
        String cover = path(channel.getImage().toString());
        ResponseEntity<byte[]> png = http.getForEntity(cover, byte[].class);
        assertThat(png.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(png.getBody()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');

        ResponseEntity<String> retry = admin().postForEntity("/api/episodes/" + e.get("id").asLong() + "/retry", null,
                String.class);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(json.readTree(retry.getBody()).get("detail").asText()).contains("only FAILED or CANCELLED episodes can be retried");

        JsonNode detail = getJson("/api/episodes/" + e.get("id").asLong());
        assertThat(detail.get("publications")).singleElement().satisfies(p -> {
            assertThat(p.get("destination").asText()).isEqualTo("rss");
            assertThat(p.get("state").asText()).isEqualTo("PUBLISHED");
            assertThat(p.get("remoteId").asText()).isEqualTo("castwire:" + slug + ":ep1");
        });
    }

    @Test
    void aNewVersionReplacesTheItemUnderTheSameGuid() throws Exception {
        Path show = showInbox("guid");
        String slug = show.getFileName().toString();
        Files.copy(TestMedia.mp3(3), show.resolve("same.mp3"));
        awaitEpisodes(slug, 1, "PUBLISHED");
        String first = feed(slug);
        Path second = TestMedia.mp3(5);
        Files.copy(second, show.resolve("same.mp3"));
        awaitEpisodes(slug, 2, "PUBLISHED");
        await().atMost(Duration.ofSeconds(20)).until(() -> !feed(slug).equals(first));
        SyndFeed parsed = new SyndFeedInput().build(new StringReader(feed(slug)));
        assertThat(parsed.getEntries()).singleElement().satisfies(item -> {
            assertThat(item.getUri()).isEqualTo("castwire:" + slug + ":same");
            assertThat(item.getEnclosures().get(0).getLength()).isEqualTo(Files.size(second));
        });
    }

    @Test
    void badShowSettingsFailThePublicationAtOnceWithAClearDeadLetter() throws Exception {
        Path show = showInbox("badshow");
        String slug = show.getFileName().toString();
        Files.writeString(show.resolve("show.json"), "{\"title\":\"X\",\"categroy\":\"Technology\"}");
        Files.copy(TestMedia.mp3(2), show.resolve("ep.mp3"));
        JsonNode e = awaitEpisodes(slug, 1, "FAILED").get(0);
        assertThat(e.get("stateDetail").asText()).contains("publishing to rss failed").contains("unknown field 'categroy'");
        var letters = new org.springframework.jdbc.core.JdbcTemplate(dataSource).queryForList(
                "SELECT route_id, destination, attempts, cause FROM dead_letters WHERE episode_id = ?", e.get("id").asLong());
        assertThat(letters).singleElement().satisfies(row -> {
            assertThat(row.get("route_id")).isEqualTo("publish-rss-feed");
            assertThat(row.get("destination")).isEqualTo("rss");
            assertThat(((Number) row.get("attempts")).intValue()).as("no retries for bad settings").isEqualTo(1);
        });

        // the producer fixes show.json; the admin retries; it is published
        Files.writeString(show.resolve("show.json"), "{\"title\":\"X\",\"category\":\"Technology\"}");
        assertThat(admin().postForEntity("/api/episodes/" + e.get("id").asLong() + "/retry", null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        awaitEpisodes(slug, 1, "PUBLISHED");
        assertThat(feed(slug)).contains("<title>X</title>");
    }

    @Test
    void aFeedThatCannotBeWrittenIsRetriedThenDeadLetteredAndStaysOutOfTheLedger() throws Exception {
        Path show = showInbox("nowrite");
        String slug = show.getFileName().toString();
        // a plain file where the show's feed folder must go: every write fails with an I/O error
        Files.createDirectories(paths.publicDir().resolve("shows"));
        Files.writeString(paths.publicDir().resolve("shows").resolve(slug), "in the way");
        Files.copy(TestMedia.mp3(2), show.resolve("ep.mp3"));
        JsonNode e = awaitEpisodes(slug, 1, "FAILED").get(0);
        var jdbc = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        var letters = jdbc.queryForList("SELECT attempts, cause FROM dead_letters WHERE episode_id = ?", e.get("id").asLong());
        assertThat(letters).singleElement().satisfies(row ->
                assertThat(((Number) row.get("attempts")).intValue()).as("1 try and 3 redeliveries").isEqualTo(4));
        assertThat(jdbc.queryForList("SELECT state FROM publications WHERE episode_id = ? AND state = 'PUBLISHED'",
                e.get("id").asLong())).as("the ledger rolled back with the feed").isEmpty();
    }

    @Test
    void aShowWithoutEpisodesHasNoFeedYetAndSaysSo() throws Exception {
        ResponseEntity<String> r = http.getForEntity("/shows/nothing-here/feed.xml", String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(json.readTree(r.getBody()).get("detail").asText()).contains("no published episodes");
    }
}
