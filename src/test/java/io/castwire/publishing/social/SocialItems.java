package io.castwire.publishing.social;

import io.castwire.publishing.delivery.PublishItem;
import java.nio.file.Path;
import java.util.List;

/** Publish items as the hub builds them, for the social destination tests. */
final class SocialItems {

    static final String FEED = "https://hub.example.org/shows/deep-dive/feed.xml";

    private SocialItems() {
    }

    static PublishItem episode(String base, String title, String description) {
        return new PublishItem(1, 10, 0, "castwire:deep-dive:" + base, "deep-dive", "Deep Dive", title, description,
                "https://hub.example.org/media/deep-dive/" + base + ".mp3", FEED,
                Path.of("/nonexistent/" + base + ".mp3"), "audio/mpeg", 1_820_000, null, List.of(), null, null,
                List.of(), null, null);
    }

    static PublishItem clip(String base, int rank, String title, Path media) {
        return new PublishItem(2, 10, 100 + rank, "castwire:deep-dive:" + base + ":clip-" + rank, "deep-dive", "Deep Dive",
                title, "The best minute of the episode.",
                "https://hub.example.org/media/deep-dive/" + base + "-clip-" + rank + ".mp4", FEED, media, "video/mp4",
                3_000, null, List.of(), null, null, List.of(), null, null);
    }
}
