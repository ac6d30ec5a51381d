package io.castwire.publishing.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.episode.ShowRepository;
import io.castwire.support.HubTest;
import io.castwire.support.TestMedia;
import io.castwire.support.WebhookReceiver;
import io.castwire.support.fakes.FakeYoutube;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A YouTube upload is paid for (youtube-uploads, 0.05 by default): a show without budget left gets
 * its upload held back in the ledger (no dead letter, nothing rendered or sent) until an admin raises
 * the budget.
 */
class YoutubeBudgetTest extends HubTest {

    private final FakeYoutube fake = FakeYoutube.startShared();
    @Autowired
    private YoutubeProperties props;
    @Autowired
    private ShowRepository shows;

    private JsonNode publication(long episodeId) throws Exception {
        for (JsonNode p : getJson("/api/episodes/" + episodeId).get("publications")) {
            if (p.get("destination").asText().equals("youtube") && p.get("clipId").asLong() == 0) {
                return p;
            }
        }
        return null;
    }

    private ResponseEntity<String> putBudget(String slug, String body) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        return admin().exchange("/api/shows/" + slug + "/budget", HttpMethod.PUT, new HttpEntity<>(body, h), String.class);
    }

    @Test
    void anUploadTheShowCannotAffordWaitsInTheLedgerUntilTheBudgetIsRaised() throws Exception {
        fake.acceptRefreshToken(FakeYoutube.REFRESH_TOKEN);
        Path show = showInbox("youtube-budget");
        String slug = show.getFileName().toString();
        shows.findOrCreate(slug);
        assertThat(putBudget(slug, "{\"monthlyBudget\": 0}").getStatusCode()).isEqualTo(HttpStatus.OK);
        props.getShows().add(slug);
        Files.copy(TestMedia.mp3(5), show.resolve("ep.mp3"));
        long id = awaitEpisodes(slug, 1, "PUBLISHED").get(0).get("id").asLong();

        JsonNode[] waiting = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            waiting[0] = publication(id);
            return waiting[0] != null && waiting[0].get("lastError").asText("").startsWith("BLOCKED_BUDGET: ");
        });
        assertThat(waiting[0].get("state").asText()).isEqualTo("PENDING");
        assertThat(waiting[0].get("lastError").asText()).contains("would cost 0.05 USD", "PUT /api/shows/" + slug + "/budget");
        Instant nextMonth = YearMonth.now(ZoneOffset.UTC).plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        // due again when the next UTC month's budget starts (give or take the moments the retry path took)
        assertThat(Instant.parse(waiting[0].get("nextAttemptAt").asText())).isBetween(nextMonth, nextMonth.plusSeconds(5));
        assertThat(fake.videos()).noneMatch(v -> v.description().contains("/media/" + slug + "/"));
        await().atMost(Duration.ofSeconds(30)).until(() -> WebhookReceiver.receivedBy("test-circuit").stream()
                .anyMatch(r -> r.body().contains("\"publicationId\":" + waiting[0].get("id").asLong())
                        && r.body().contains("budget-exceeded")));
        assertThat(getJson("/api/dead-letters?destination=youtube").toString()).doesNotContain("\"episodeId\":" + id + ",");

        ResponseEntity<String> raised = putBudget(slug, "{\"monthlyBudget\": 1}");

        assertThat(json.readTree(raised.getBody()).at("/resumed/publications").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> publication(id).get("state").asText().equals("PUBLISHED"));
        assertThat(fake.videos()).filteredOn(v -> v.description().contains("/media/" + slug + "/")).hasSize(1);
        JsonNode spend = getJson("/api/episodes/" + id).get("spend");
        assertThat(spend.get("total").decimalValue()).isEqualByComparingTo("0.05");
        assertThat(spend.at("/steps/0/step").asText()).isEqualTo("youtube-upload");
        assertThat(spend.at("/steps/0/item").asText()).isEqualTo("youtube-uploads");
    }
}
