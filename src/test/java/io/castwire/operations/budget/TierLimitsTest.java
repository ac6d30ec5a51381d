package io.castwire.operations.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.MediaInfo;
import io.castwire.episode.ShowRepository;
import io.castwire.publishing.delivery.Destinations;
import io.castwire.support.HubTest;
import io.castwire.support.TestMedia;
import io.castwire.support.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The tier limits at processing (step tier-limits): too many destinations, too long an episode. */
class TierLimitsTest extends HubTest {

    private static final List<String> SOCIAL = List.of("linkedin", "x", "facebook");

    @Autowired
    private ShowRepository shows;
    @Autowired
    private Destinations destinations;
    @Autowired
    private EpisodeRepository episodes;
    @Autowired
    private TierCheckStep step;

    private ResponseEntity<String> putBudget(String slug, String body) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        return admin().exchange("/api/shows/" + slug + "/budget", HttpMethod.PUT, new HttpEntity<>(body, h), String.class);
    }

    @Test
    void moreDestinationsThanTheTierAllowsBlockUntilAHigherTier() throws Exception {
        Path show = showInbox("tier-dest");
        String slug = show.getFileName().toString();
        shows.findOrCreate(slug);
        assertThat(putBudget(slug, "{\"tier\": \"free\"}").getStatusCode()).isEqualTo(HttpStatus.OK);
        SOCIAL.forEach(d -> destinations.get(d).settings().getShows().add(slug));
        try {
            Files.copy(TestMedia.mp3(2), show.resolve("ep.mp3"));

            JsonNode e = awaitEpisodes(slug, 1, "BLOCKED_BUDGET").get(0);
            long id = e.get("id").asLong();
            assertThat(e.get("stateDetail").asText()).startsWith("tier-limits blocked: the episode would go to 3 destinations")
                    .contains("tier free of show " + slug + " allows 2");
            await().atMost(Duration.ofSeconds(30)).until(() -> WebhookReceiver.receivedBy("test-main").stream()
                    .anyMatch(r -> r.body().contains("\"kind\":\"tier-limit\"") && r.body().contains("\"episodeId\":" + id)));

            ResponseEntity<String> pro = putBudget(slug, "{\"tier\": \"pro\"}");

            assertThat(json.readTree(pro.getBody()).at("/resumed/episodes/0").asLong()).isEqualTo(id);
            awaitEpisodes(slug, 1, "PUBLISHED");
            JsonNode processed = null;
            for (JsonNode t : getJson("/api/episodes/" + id).get("timeline")) {
                processed = t.get("event").asText().equals("processed") ? t : processed;
            }
            assertThat(processed.get("detail").asText()).contains("tier-limits: tier pro: within 180 minutes and 5 destinations");
        } finally {
            SOCIAL.forEach(d -> destinations.get(d).settings().getShows().remove(slug));
        }
    }

    @Test
    void anEpisodeLongerThanTheTierAllowsIsRefused() throws Exception {
        Path show = showInbox("tier-long");
        String slug = show.getFileName().toString();
        Files.copy(TestMedia.mp3(2), show.resolve("ep.mp3"));
        long id = awaitEpisodes(slug, 1, "PUBLISHED").get(0).get("id").asLong();
        assertThat(putBudget(slug, "{\"tier\": \"free\"}").getStatusCode()).isEqualTo(HttpStatus.OK);
        Episode registered = episodes.findById(id).orElseThrow();

        TierLimitException tooLong = catchThrowableOfType(() -> step.run(lasting(registered, 61 * 60_000L)),
                TierLimitException.class);

        assertThat(tooLong.show()).isEqualTo(slug);
        assertThat(tooLong.getMessage()).startsWith("the episode is 61.0 minutes; tier free of show " + slug
                + " processes at most 60");
        assertThat(step.run(lasting(registered, 60 * 60_000L))).startsWith("tier free: within 60 minutes");
    }

    /** The same episode as if its media lasted {@code ms}. */
    private static Episode lasting(Episode e, long ms) {
        MediaInfo m = e.media();
        MediaInfo longer = new MediaInfo(m.kind(), m.container(), ms, m.audioCodec(), m.videoCodec(), m.sampleRate(),
                m.channels(), m.width(), m.height(), m.bitrateKbps());
        return new Episode(e.id(), e.showId(), e.showSlug(), e.sourceName(), e.baseName(), e.version(), e.state(),
                e.stateDetail(), e.contentHash(), e.sizeBytes(), e.mediaPath(), longer, e.title(), e.description(),
                e.publishAt(), e.destinations(), e.transcriptFormat(), e.transcriptSegments(), e.attempts(),
                e.processAfter(), e.createdAt(), e.updatedAt(), e.category(), e.metadataUpdatedAt());
    }
}
