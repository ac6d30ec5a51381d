package io.castwire.operations.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EpisodePagesTest {

    private static Map<String, Object> row(String destination, String state) {
        return Map.of("destination", destination, "state", state);
    }

    @Test
    void badgesSumUpEachDestinationsRowsLeavingOutSupersededVersions() {
        List<EpisodePages.Badge> badges = EpisodePages.badges(List.of(row("rss", "PUBLISHED"),
                row("linkedin", "PUBLISHED"), row("linkedin", "PUBLISHED"), row("linkedin", "FAILED"),
                row("x", "SUPERSEDED"), row("x", "PENDING"), row("youtube", "SUPERSEDED")));
        assertThat(badges).containsExactly(
                new EpisodePages.Badge("linkedin", "FAILED", "1 FAILED, 2 PUBLISHED"),
                new EpisodePages.Badge("rss", "PUBLISHED", "1 PUBLISHED"),
                new EpisodePages.Badge("x", "PENDING", "1 PENDING"));
    }

    @Test
    void playersUseThePathOnThisHubWhateverHostThePublicUrlNames() {
        assertThat(EpisodePages.local("https://cdn.example.org/podcasts/media/show/4/ep.mp3")).isEqualTo("/media/show/4/ep.mp3");
        assertThat(EpisodePages.local("http://localhost:0/media/show/4/clips/a.mp4")).isEqualTo("/media/show/4/clips/a.mp4");
        assertThat(EpisodePages.local(null)).isNull();
    }
}
