package io.castwire.publishing.rss;

import static io.castwire.publishing.rss.FeedFixtures.FEED_URL;
import static io.castwire.publishing.rss.FeedFixtures.NOV_21_0900;
import static io.castwire.publishing.rss.FeedFixtures.fullItem;
import static io.castwire.publishing.rss.FeedFixtures.minimalItem;
import static io.castwire.publishing.rss.FeedFixtures.show;
import static io.castwire.publishing.rss.FeedFixtures.showWith;
import static io.castwire.publishing.rss.FeedFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class FeedWriterTest {

    private static final String CHANNEL = "/rss/channel";
    private static final String ITEM = CHANNEL + "/item";
    /** An element with no attributes, no children and no text: what "omit absent elements" forbids. */
    private static final String EMPTY_TAGS = "//*[not(*) and not(@*) and normalize-space(.) = '']";

    @Test
    void channelHasEveryElementApplePodcastsRequires() throws Exception {
        FeedDocument feed = FeedDocument.parse(write(show(), List.of(fullItem())));

        assertThat(feed.string("/rss/@version")).isEqualTo("2.0");
        assertThat(feed.string(CHANNEL + "/title")).isEqualTo("The Night Shift");
        assertThat(feed.string(CHANNEL + "/description")).isEqualTo("Stories from people who work while the city sleeps.");
        assertThat(feed.string(CHANNEL + "/language")).isEqualTo("en-us");
        assertThat(feed.string(CHANNEL + "/link")).isEqualTo("https://castwire.example/night-shift");
        assertThat(feed.string(CHANNEL + "/atom:link/@href")).isEqualTo(FEED_URL);
        assertThat(feed.string(CHANNEL + "/atom:link/@rel")).isEqualTo("self");
        assertThat(feed.string(CHANNEL + "/atom:link/@type")).isEqualTo("application/rss+xml");
        assertThat(feed.string(CHANNEL + "/itunes:image/@href")).isEqualTo("https://cdn.castwire.example/night-shift/cover.jpg");
        assertThat(feed.string(CHANNEL + "/image/url")).isEqualTo("https://cdn.castwire.example/night-shift/cover.jpg");
        assertThat(feed.string(CHANNEL + "/itunes:category/@text")).isEqualTo("Society & Culture");
        assertThat(feed.string(CHANNEL + "/itunes:category/itunes:category/@text")).isEqualTo("Documentary");
        assertThat(feed.count(CHANNEL + "/itunes:category")).isEqualTo(1);
        assertThat(feed.string(CHANNEL + "/itunes:explicit")).isEqualTo("false");
        assertThat(feed.string(CHANNEL + "/itunes:author")).isEqualTo("Castwire Studios");
        assertThat(feed.string(CHANNEL + "/itunes:owner/itunes:name")).isEqualTo("Ada Owner");
        assertThat(feed.string(CHANNEL + "/itunes:owner/itunes:email")).isEqualTo("ada@castwire.example");
        assertThat(feed.string(CHANNEL + "/podcast:guid")).isEqualTo(PodcastGuid.forFeedUrl(FEED_URL));
        for (String single : List.of("title", "description", "language", "link", "atom:link", "itunes:image",
                "itunes:explicit", "itunes:author", "itunes:owner", "podcast:guid")) {
            assertThat(feed.count(CHANNEL + "/" + single)).as(single).isEqualTo(1);
        }
    }

    @Test
    void explicitShowSaysTrue() throws Exception {
        ShowFeed s = show();
        ShowFeed explicit = new ShowFeed(s.slug(), s.title(), s.description(), s.language(), s.author(),
                s.ownerName(), s.ownerEmail(), s.imageUrl(), s.category(), s.subcategory(), true, s.siteUrl(),
                s.feedUrl(), null);

        assertThat(FeedDocument.parse(write(explicit, List.of())).string(CHANNEL + "/itunes:explicit")).isEqualTo("true");
    }

    @Test
    void itemHasEveryElementApplePodcastsRequires() throws Exception {
        FeedDocument feed = FeedDocument.parse(write(show(), List.of(fullItem())));

        assertThat(feed.count(ITEM)).isEqualTo(1);
        assertThat(feed.string(ITEM + "/title")).isEqualTo("The Baker at 4 AM");
        assertThat(feed.string(ITEM + "/description")).isEqualTo("Flour, ovens & <early> mornings.");
        assertThat(feed.string(ITEM + "/enclosure/@url")).isEqualTo("https://cdn.castwire.example/night-shift/ep42.mp3");
        assertThat(feed.string(ITEM + "/enclosure/@length")).isEqualTo("34567890");
        assertThat(feed.string(ITEM + "/enclosure/@type")).isEqualTo("audio/mpeg");
        assertThat(feed.string(ITEM + "/guid")).isEqualTo("cw-ep-42");
        assertThat(feed.string(ITEM + "/guid/@isPermaLink")).isEqualTo("false");
        assertThat(feed.string(ITEM + "/pubDate")).isEqualTo("Sat, 21 Nov 2026 09:00:00 GMT");
        assertThat(feed.string(ITEM + "/itunes:duration")).isEqualTo("01:02:03");
        assertThat(feed.string(ITEM + "/itunes:episodeType")).isEqualTo("full");
        assertThat(feed.string(ITEM + "/itunes:episode")).isEqualTo("42");
        assertThat(feed.string(ITEM + "/link")).isEqualTo("https://castwire.example/night-shift/42");
        assertThat(feed.string(ITEM + "/content:encoded")).isEqualTo("<p>Show notes with <b>bold</b></p>");
    }

    @Test
    void podcastNamespaceElementsCarryTheirAttributes() throws Exception {
        FeedDocument feed = FeedDocument.parse(write(show(), List.of(fullItem())));

        assertThat(feed.count(ITEM + "/podcast:transcript")).isEqualTo(2);
        String srt = ITEM + "/podcast:transcript[1]";
        assertThat(feed.string(srt + "/@url")).isEqualTo("https://cdn.castwire.example/night-shift/ep42.srt");
        assertThat(feed.string(srt + "/@type")).isEqualTo("application/x-subrip");
        assertThat(feed.string(srt + "/@language")).isEqualTo("en");
        assertThat(feed.string(srt + "/@rel")).isEqualTo("captions");
        String vtt = ITEM + "/podcast:transcript[2]";
        assertThat(feed.string(vtt + "/@url")).isEqualTo("https://cdn.castwire.example/night-shift/ep42.vtt");
        assertThat(feed.string(vtt + "/@type")).isEqualTo("text/vtt");
        assertThat(feed.count(vtt + "/@language | " + vtt + "/@rel")).isZero();

        assertThat(feed.count(ITEM + "/podcast:chapters")).isEqualTo(1);
        assertThat(feed.string(ITEM + "/podcast:chapters/@url"))
                .isEqualTo("https://cdn.castwire.example/night-shift/ep42.chapters.json");
        assertThat(feed.string(ITEM + "/podcast:chapters/@type")).isEqualTo("application/json+chapters");

        assertThat(feed.count(ITEM + "/podcast:soundbite")).isEqualTo(2);
        assertThat(feed.string(ITEM + "/podcast:soundbite[1]/@startTime")).isEqualTo("73.0");
        assertThat(feed.string(ITEM + "/podcast:soundbite[1]/@duration")).isEqualTo("60.0");
        assertThat(feed.string(ITEM + "/podcast:soundbite[1]")).isEqualTo("The first loaf");
        assertThat(feed.string(ITEM + "/podcast:soundbite[2]/@startTime")).isEqualTo("1234.5");
        assertThat(feed.string(ITEM + "/podcast:soundbite[2]/@duration")).isEqualTo("42.25");
        assertThat(feed.string(ITEM + "/podcast:soundbite[2]")).isEmpty();
    }

    @Test
    void soundbiteTimesAreRoundedToTheMillisecondWithoutFloatNoise() throws Exception {
        FeedItem item = withSoundbites(new FeedItem.Soundbite(0.1 + 0.2, 15.0004, "rounded"));

        FeedDocument feed = FeedDocument.parse(write(show(), List.of(item)));

        assertThat(feed.string(ITEM + "/podcast:soundbite/@startTime")).isEqualTo("0.3");
        assertThat(feed.string(ITEM + "/podcast:soundbite/@duration")).isEqualTo("15.0");
    }

    @Test
    void soundbiteTitlesAreCutAt128CharactersKeepingEmojiWhole() throws Exception {
        String title = "🎙".repeat(130);
        FeedItem item = withSoundbites(new FeedItem.Soundbite(10, 20, title));

        String written = FeedDocument.parse(write(show(), List.of(item))).string(ITEM + "/podcast:soundbite");

        assertThat(written).isEqualTo("🎙".repeat(128));
    }

    @Test
    void podcastLockedIsWrittenOnlyWhenSetWithTheOwnerEmail() throws Exception {
        ShowFeed s = show();
        ShowFeed unlocked = new ShowFeed(s.slug(), s.title(), s.description(), s.language(), s.author(),
                s.ownerName(), s.ownerEmail(), s.imageUrl(), s.category(), s.subcategory(), s.explicit(),
                s.siteUrl(), s.feedUrl(), null, false);
        ShowFeed locked = new ShowFeed(s.slug(), s.title(), s.description(), s.language(), s.author(),
                s.ownerName(), s.ownerEmail(), s.imageUrl(), s.category(), s.subcategory(), s.explicit(),
                s.siteUrl(), s.feedUrl(), null, true);

        FeedDocument no = FeedDocument.parse(write(unlocked, List.of()));
        assertThat(no.string(CHANNEL + "/podcast:locked")).isEqualTo("no");
        assertThat(no.string(CHANNEL + "/podcast:locked/@owner")).isEqualTo("ada@castwire.example");
        assertThat(FeedDocument.parse(write(locked, List.of())).string(CHANNEL + "/podcast:locked")).isEqualTo("yes");
        assertThat(FeedDocument.parse(write(show(), List.of())).count(CHANNEL + "/podcast:locked")).isZero();
    }

    @Test
    void itemsAreNewestFirstAndEqualDatesOrderedByGuid() throws Exception {
        Instant t = NOV_21_0900;
        List<FeedItem> shuffled = List.of(
                minimalItem("b-same", t),
                minimalItem("old", t.minus(Duration.ofDays(7))),
                minimalItem("newest", t.plus(Duration.ofHours(1))),
                minimalItem("a-same", t));

        FeedDocument feed = FeedDocument.parse(write(show(), shuffled));

        List<String> guids = new ArrayList<>();
        for (int i = 1; i <= feed.count(ITEM); i++) {
            guids.add(feed.string(ITEM + "[" + i + "]/guid"));
        }
        assertThat(guids).containsExactly("newest", "a-same", "b-same", "old");
    }

    @Test
    void absentOptionalElementsAreLeftOutEntirely() throws Exception {
        FeedDocument feed = FeedDocument.parse(write(showWith("Technology", null), List.of(minimalItem("m1", NOV_21_0900))));

        assertThat(feed.count(EMPTY_TAGS)).isZero();
        for (String optional : List.of("content:encoded", "link", "itunes:episode", "podcast:transcript",
                "podcast:chapters", "podcast:soundbite")) {
            assertThat(feed.count(ITEM + "/" + optional)).as(optional).isZero();
        }
        assertThat(feed.count(CHANNEL + "/podcast:locked")).isZero();
        assertThat(feed.string(CHANNEL + "/itunes:category/@text")).isEqualTo("Technology");
        assertThat(feed.count(CHANNEL + "/itunes:category/*")).isZero();
        // the required ones are still there
        assertThat(feed.string(ITEM + "/itunes:duration")).isEqualTo("00:01:00");
        assertThat(feed.string(ITEM + "/enclosure/@length")).isEqualTo("1000");
    }

    @Test
    void blankOptionalValuesCountAsAbsent() throws Exception {
        FeedItem blanks = new FeedItem("b1", "Title", "Text", NOV_21_0900, "https://cdn.castwire.example/b1.mp3",
                10, "audio/mpeg", 5, null, List.of(), " ", List.of(), "", "  ");

        FeedDocument feed = FeedDocument.parse(write(showWith("Arts", " "), List.of(blanks)));

        assertThat(feed.count(EMPTY_TAGS)).isZero();
        assertThat(feed.count(ITEM + "/podcast:chapters | " + ITEM + "/link | " + ITEM + "/content:encoded")).isZero();
        assertThat(feed.count(CHANNEL + "/itunes:category/*")).isZero();
    }

    @Test
    void theFullFeedHasNoEmptyTagsEither() throws Exception {
        assertThat(FeedDocument.parse(write(show(), List.of(fullItem()))).count(EMPTY_TAGS)).isZero();
    }

    @Test
    void specialCharactersRoundTripThroughUtf8() throws Exception {
        String title = "Fish & Chips <live> \"quoted\" 'single' — ünïcode 🎙️ 日本語";
        String description = "a < b && c > d; CDATA end ]]> inside; <script>alert(1)</script> 👩‍🔬";
        String enclosure = "https://cdn.castwire.example/e.mp3?a=1&b=2&c='3'";
        ShowFeed s = show();
        ShowFeed special = new ShowFeed(s.slug(), title, description, s.language(), "Zoë & Åsa", s.ownerName(),
                s.ownerEmail(), s.imageUrl(), "Kids & Family", "Pets & Animals", false, s.siteUrl(), s.feedUrl(), null);
        FeedItem item = new FeedItem("guid-&-<ü>", title, description, NOV_21_0900, enclosure, 1, "audio/mpeg", 1,
                null, null, null, List.of(new FeedItem.Soundbite(1, 2, title)), null, description);

        byte[] bytes = write(special, List.of(item));
        FeedDocument feed = FeedDocument.parse(bytes);

        assertThat(feed.string(CHANNEL + "/title")).isEqualTo(title);
        assertThat(feed.string(CHANNEL + "/description")).isEqualTo(description);
        assertThat(feed.string(CHANNEL + "/itunes:author")).isEqualTo("Zoë & Åsa");
        assertThat(feed.string(CHANNEL + "/itunes:category/@text")).isEqualTo("Kids & Family");
        assertThat(feed.string(CHANNEL + "/itunes:category/itunes:category/@text")).isEqualTo("Pets & Animals");
        assertThat(feed.string(ITEM + "/title")).isEqualTo(title);
        assertThat(feed.string(ITEM + "/description")).isEqualTo(description);
        assertThat(feed.string(ITEM + "/content:encoded")).isEqualTo(description);
        assertThat(feed.string(ITEM + "/guid")).isEqualTo("guid-&-<ü>");
        assertThat(feed.string(ITEM + "/enclosure/@url")).isEqualTo(enclosure);
        assertThat(feed.string(ITEM + "/podcast:soundbite")).isEqualTo(title);
        String raw = new String(bytes, StandardCharsets.UTF_8);
        assertThat(raw).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        // non-ASCII travels as UTF-8 bytes, not as character references
        assertThat(raw).contains("🎙️ 日本語").doesNotContain("&#");
    }

    @Test
    void charactersXmlCannotCarryAreDroppedInsteadOfBreakingTheFeed() throws Exception {
        FeedItem item = new FeedItem("c1", "bell\u0007 and nul\u0000 and lone \uD800 surrogate", "form\u000Cfeed",
                NOV_21_0900, "https://cdn.castwire.example/c1.mp3", 1, "audio/mpeg", 1, null, null, null, null, null);

        FeedDocument feed = FeedDocument.parse(write(show(), List.of(item)));

        assertThat(feed.string(ITEM + "/title")).isEqualTo("bell and nul and lone  surrogate");
        assertThat(feed.string(ITEM + "/description")).isEqualTo("formfeed");
    }

    @Test
    void datesAreRfc822InGmtWithEnglishNamesWhateverTheDefaultLocale() throws Exception {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            FeedItem item = minimalItem("d1", Instant.parse("2026-11-01T23:30:05+02:00"));
            assertThat(FeedDocument.parse(write(show(), List.of(item))).string(ITEM + "/pubDate"))
                    .isEqualTo("Sun, 01 Nov 2026 21:30:05 GMT");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void durationsAreHoursMinutesSeconds() {
        assertThat(Seconds.clock(0)).isEqualTo("00:00:00");
        assertThat(Seconds.clock(59)).isEqualTo("00:00:59");
        assertThat(Seconds.clock(3723)).isEqualTo("01:02:03");
        assertThat(Seconds.clock(86_399)).isEqualTo("23:59:59");
        assertThat(Seconds.clock(360_000)).isEqualTo("100:00:00");
    }

    @Test
    void twoItemsWithTheSameGuidAreRejected() {
        List<FeedItem> items = List.of(minimalItem("dup", NOV_21_0900), minimalItem("dup", NOV_21_0900.minusSeconds(60)));

        assertThatThrownBy(() -> write(show(), items))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dup");
    }

    @Test
    void missingRequiredValuesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> new FeedItem("g", "t", "d", NOV_21_0900, null, 1, "audio/mpeg", 1, null, null, null,
                null, null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("enclosureUrl");
        assertThatThrownBy(() -> new FeedItem("g", "t", "d", NOV_21_0900, "ftp://cdn.castwire.example/a.mp3", 1,
                "audio/mpeg", 1, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("enclosureUrl");
        assertThatThrownBy(() -> new FeedItem("g", "t", "d", NOV_21_0900, "https://cdn.castwire.example/a.mp3", 0,
                "audio/mpeg", 1, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("enclosureLength");
        assertThatThrownBy(() -> new FeedItem("g", "t", "d", null, "https://cdn.castwire.example/a.mp3", 1,
                "audio/mpeg", 1, null, null, null, null, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("pubDate");
        ShowFeed s = show();
        assertThatThrownBy(() -> new ShowFeed(s.slug(), s.title(), s.description(), s.language(), s.author(),
                s.ownerName(), " ", s.imageUrl(), s.category(), s.subcategory(), false, s.siteUrl(), s.feedUrl(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ownerEmail");
        assertThatThrownBy(() -> new ShowFeed(s.slug(), s.title(), s.description(), s.language(), s.author(),
                s.ownerName(), s.ownerEmail(), s.imageUrl(), s.category(), s.subcategory(), false, s.siteUrl(),
                s.feedUrl(), "not-a-uuid"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("podcastGuid");
    }

    @Test
    void theOutputStreamIsFlushedButLeftOpenForTheCaller() throws Exception {
        var out = new java.io.ByteArrayOutputStream() {
            boolean closed;

            @Override
            public void close() {
                closed = true;
            }
        };

        new FeedWriter().write(show(), List.of(fullItem()), out);

        assertThat(out.closed).isFalse();
        assertThat(FeedDocument.parse(out.toByteArray()).count(ITEM)).isEqualTo(1);
    }

    private static FeedItem withSoundbites(FeedItem.Soundbite... soundbites) {
        FeedItem f = fullItem();
        return new FeedItem(f.guid(), f.title(), f.description(), f.pubDate(), f.enclosureUrl(), f.enclosureLength(),
                f.enclosureType(), f.durationSeconds(), f.episodeNumber(), List.of(), null, List.of(soundbites), null);
    }
}
