package io.castwire.publishing.rss;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Shows and episodes for the feed tests, built in code so every asserted value is visible here. */
final class FeedFixtures {

    static final String FEED_URL = "https://feeds.castwire.example/shows/night-shift/feed.xml";
    static final Instant NOV_21_0900 = Instant.parse("2026-11-21T09:00:00Z");

    private FeedFixtures() {
    }

    static ShowFeed show() {
        return new ShowFeed("night-shift", "The Night Shift", "Stories from people who work while the city sleeps.",
                "en-us", "Castwire Studios", "Ada Owner", "ada@castwire.example",
                "https://cdn.castwire.example/night-shift/cover.jpg", "Society & Culture", "Documentary",
                false, "https://castwire.example/night-shift", FEED_URL, null);
    }

    static ShowFeed showWith(String category, String subcategory) {
        ShowFeed s = show();
        return new ShowFeed(s.slug(), s.title(), s.description(), s.language(), s.author(), s.ownerName(),
                s.ownerEmail(), s.imageUrl(), category, subcategory, s.explicit(), s.siteUrl(), s.feedUrl(),
                s.podcastGuid(), s.locked());
    }

    /** An episode with only what Apple requires: no optional element should appear for it. */
    static FeedItem minimalItem(String guid, Instant pubDate) {
        return new FeedItem(guid, "Episode " + guid, "About " + guid, pubDate,
                "https://cdn.castwire.example/night-shift/" + guid + ".mp3", 1000, "audio/mpeg", 60, null,
                null, null, null, null);
    }

    /** An episode with every optional element castwire writes. */
    static FeedItem fullItem() {
        return new FeedItem("cw-ep-42", "The Baker at 4 AM", "Flour, ovens & <early> mornings.", NOV_21_0900,
                "https://cdn.castwire.example/night-shift/ep42.mp3", 34_567_890L, "audio/mpeg", 3723, 42,
                List.of(FeedItem.Transcript.captions("https://cdn.castwire.example/night-shift/ep42.srt",
                                "application/x-subrip", "en"),
                        new FeedItem.Transcript("https://cdn.castwire.example/night-shift/ep42.vtt", "text/vtt",
                                null, null)),
                "https://cdn.castwire.example/night-shift/ep42.chapters.json",
                List.of(new FeedItem.Soundbite(73, 60, "The first loaf"),
                        new FeedItem.Soundbite(1234.5, 42.25, null)),
                "https://castwire.example/night-shift/42", "<p>Show notes with <b>bold</b></p>");
    }

    static byte[] write(ShowFeed show, List<FeedItem> items) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FeedWriter().write(show, items, out);
        return out.toByteArray();
    }
}
