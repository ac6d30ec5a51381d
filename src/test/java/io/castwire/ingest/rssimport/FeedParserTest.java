package io.castwire.ingest.rssimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castwire.common.CastwireProperties;
import io.castwire.ingest.FileNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feed documents into FeedEntry (no Camel, no database), and the importer's plain helpers. */
class FeedParserTest {

    @TempDir
    Path dir;

    private List<FeedEntry> parse(String xml) throws Exception {
        Path file = dir.resolve("feed.xml");
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        return FeedParser.parse(file);
    }

    private static String rss(String items) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
                     xmlns:content="http://purl.org/rss/1.0/modules/content/">
                <channel><title>t</title><link>https://old.example.org/</link><description>d</description>
                """ + items + "</channel></rss>";
    }

    @Test
    void mapsTheItemAndItsItunesTags() throws Exception {
        List<FeedEntry> entries = parse(rss("""
                <item><title>One</title><guid isPermaLink="false">abc-1</guid>
                  <pubDate>Sun, 01 Mar 2026 10:00:00 +0100</pubDate>
                  <description>short</description>
                  <content:encoded><![CDATA[<p>long <a href="https://x">notes</a></p>]]></content:encoded>
                  <enclosure url="https://cdn.example.org/a.jpg" length="1" type="image/jpeg"/>
                  <enclosure url="https://cdn.example.org/one.mp3" length="1000" type="audio/mpeg"/>
                  <itunes:episode>7</itunes:episode><itunes:season>2</itunes:season>
                  <itunes:episodeType>Bonus</itunes:episodeType><itunes:explicit>no</itunes:explicit>
                  <itunes:duration>1:02:03</itunes:duration><itunes:image href="https://cdn.example.org/one.jpg"/>
                </item>
                <item><title>Two</title><link>https://old.example.org/two</link>
                  <enclosure url="https://cdn.example.org/two.mp3" length="1000" type="audio/mpeg"/>
                  <itunes:summary>summary only</itunes:summary></item>
                <item><title>Three</title><link>https://old.example.org/three</link><description>text</description></item>
                """));
        assertThat(entries).hasSize(3);
        FeedEntry one = entries.get(0);
        assertThat(one.key()).isEqualTo("abc-1");
        assertThat(one.guid()).isEqualTo("abc-1");
        assertThat(one.enclosureUrl()).isEqualTo("https://cdn.example.org/one.mp3");
        assertThat(one.description()).isEqualTo("<p>long <a href=\"https://x\">notes</a></p>");
        assertThat(one.publishedAt()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
        assertThat(one.itunesEpisode()).isEqualTo(7);
        assertThat(one.itunesSeason()).isEqualTo(2);
        assertThat(one.itunesType()).isEqualTo("bonus");
        assertThat(one.explicit()).isFalse();
        assertThat(one.durationMs()).isEqualTo(3_723_000L);
        assertThat(one.imageUrl()).isEqualTo("https://cdn.example.org/one.jpg");
        // no guid: ROME would offer the link, but the key is the enclosure URL
        FeedEntry two = entries.get(1);
        assertThat(two.guid()).isNull();
        assertThat(two.key()).isEqualTo("https://cdn.example.org/two.mp3");
        assertThat(two.description()).isEqualTo("summary only");
        FeedEntry three = entries.get(2);
        assertThat(three.enclosureUrl()).isNull();
        assertThat(three.key()).isEqualTo("link:https://old.example.org/three");
        assertThat(three.description()).isEqualTo("text");
    }

    @Test
    void aVeryLongGuidIsHashedIntoTheKey() throws Exception {
        String guid = "g".repeat(1500);
        FeedEntry e = parse(rss("<item><title>x</title><guid>" + guid + "</guid>"
                + "<enclosure url=\"https://cdn.example.org/x.mp3\" type=\"audio/mpeg\" length=\"1\"/></item>")).get(0);
        assertThat(e.key()).startsWith("sha256:").hasSize(7 + 64);
        assertThat(e.guid()).isEqualTo(guid);
    }

    @Test
    void aMalformedDocumentOrOneWithADoctypeIsRefused() {
        assertThatThrownBy(() -> parse("<rss version=\"2.0\"><channel><item><title>cut"))
                .isInstanceOf(FeedParser.MalformedFeedException.class).hasMessageContaining("not a feed");
        assertThatThrownBy(() -> parse("<html><body>not a feed</body></html>"))
                .isInstanceOf(FeedParser.MalformedFeedException.class);
        Path secret = dir.resolve("secret.txt");
        assertThatThrownBy(() -> {
            Files.writeString(secret, "top secret");
            parse("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                    + rss("<item><title>&x;</title><guid>x</guid></item>").substring(rss("").indexOf("<rss")));
        }).isInstanceOf(FeedParser.MalformedFeedException.class);
    }

    @Test
    void everyItemGetsAFileNameOfItsOwnAndBackoffDoubles() throws IOException {
        RssImportProperties properties = new RssImportProperties();
        properties.setRetryBackoff(Duration.ofMinutes(1));
        properties.setMaxRetryBackoff(Duration.ofMinutes(5));
        CastwireProperties castwire = new CastwireProperties();
        RssImporter importer = new RssImporter(properties, null, null, null, new FileNames(castwire), null, castwire,
                java.time.Clock.systemUTC(), null);
        RssImportLedger.Item a = item("a", "https://cdn.example.org/123/audio.mp3?token=1");
        RssImportLedger.Item b = item("b", "https://cdn.example.org/456/audio.mp3");
        assertThat(importer.fileName("f", a)).matches("audio-[0-9a-f]{10}\\.mp3");
        assertThat(importer.fileName("f", a)).isNotEqualTo(importer.fileName("f", b));
        assertThat(importer.fileName("f", item("c", "https://cdn.example.org/play?id=9"))).matches("play-[0-9a-f]{10}\\.mp3");
        RssImportLedger.Item untyped = new RssImportLedger.Item("f", "u", "u", "https://cdn.example.org/play?id=9", null, "t",
                null, null, null, null, null, null, null, RssImportLedger.PENDING, null, false, null, 0, Instant.EPOCH,
                Instant.EPOCH, Instant.EPOCH);
        assertThat(importer.fileName("f", untyped)).matches("play-[0-9a-f]{10}");
        assertThat(importer.fileName("f", item("d", "https://cdn.example.org/"))).matches("item-[0-9a-f]{10}\\.mp3");
        assertThat(importer.backoff(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(importer.backoff(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(importer.backoff(3)).isEqualTo(Duration.ofMinutes(4));
        assertThat(importer.backoff(9)).isEqualTo(Duration.ofMinutes(5));
    }

    private static RssImportLedger.Item item(String key, String url) {
        return new RssImportLedger.Item("f", key, key, url, "audio/mpeg", "t", null, null, null, null, null, null, null,
                RssImportLedger.PENDING, null, false, null, 0, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH);
    }
}
