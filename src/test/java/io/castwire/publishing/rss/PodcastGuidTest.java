package io.castwire.publishing.rss;

import static io.castwire.publishing.rss.FeedFixtures.show;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class PodcastGuidTest {

    @Test
    void matchesTheExamplesOfThePodcastNamespace() {
        assertThat(PodcastGuid.forFeedUrl("podnews.net/rss")).isEqualTo("9b024349-ccf0-5f69-a609-6b82873eab3c");
        assertThat(PodcastGuid.forFeedUrl("mp3s.nashownotes.com/pc20rss.xml"))
                .isEqualTo("917393e3-1b1e-5cef-ace4-edaa54e1f810");
    }

    @Test
    void schemeAndTrailingSlashesDoNotChangeTheGuid() {
        String expected = "9b024349-ccf0-5f69-a609-6b82873eab3c";
        assertThat(PodcastGuid.forFeedUrl("https://podnews.net/rss")).isEqualTo(expected);
        assertThat(PodcastGuid.forFeedUrl("http://podnews.net/rss/")).isEqualTo(expected);
        assertThat(PodcastGuid.forFeedUrl(" https://podnews.net/rss// ")).isEqualTo(expected);
        assertThat(PodcastGuid.forFeedUrl("https://podnews.net/rss2")).isNotEqualTo(expected);
    }

    @Test
    void isAVersionFiveRfc4122Uuid() {
        UUID uuid = UUID.fromString(PodcastGuid.forFeedUrl("feeds.castwire.example/x.xml"));

        assertThat(uuid.version()).isEqualTo(5);
        assertThat(uuid.variant()).isEqualTo(2);
    }

    @Test
    void aShowWithoutAGuidGetsTheOneDerivedFromItsFeedUrl() {
        assertThat(show().podcastGuid()).isEqualTo(PodcastGuid.forFeedUrl(FeedFixtures.FEED_URL));
    }

    @Test
    void aShowThatAlreadyHasAGuidKeepsItAfterItsFeedMoves() {
        ShowFeed s = show();
        String original = "9b024349-ccf0-5f69-a609-6b82873eab3c";

        ShowFeed moved = new ShowFeed(s.slug(), s.title(), s.description(), s.language(), s.author(), s.ownerName(),
                s.ownerEmail(), s.imageUrl(), s.category(), s.subcategory(), s.explicit(), s.siteUrl(),
                "https://elsewhere.example/feed.xml", original);

        assertThat(moved.podcastGuid()).isEqualTo(original);
    }

    @Test
    void aFeedUrlIsRequired() {
        assertThatThrownBy(() -> PodcastGuid.forFeedUrl(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
