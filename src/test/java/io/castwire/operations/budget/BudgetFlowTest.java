package io.castwire.operations.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.support.HubTest;
import io.castwire.support.ScriptedPaidStep;
import io.castwire.support.TestMedia;
import io.castwire.support.WebhookReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Budgets end to end on the running hub: a paid step ({@link ScriptedPaidStep}, 400.00 per
 * episode) blocks an episode of a show on the default tier (pro, 50.00 a month), an alert reaches
 * the webhook subscribers, raising the budget resumes the episode, and the spend shows per episode,
 * per show and month, and as a metric. Then the API's answers to bad input.
 */
class BudgetFlowTest extends HubTest {

    @Autowired
    private MeterRegistry meters;

    private ResponseEntity<String> send(HttpMethod method, String path, String body) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        return admin().exchange(path, method, new HttpEntity<>(body, h), String.class);
    }

    private JsonNode episode(long id) throws Exception {
        return getJson("/api/episodes/" + id);
    }

    @Test
    void aBlockedEpisodeAlertsAndResumesWhenTheBudgetIsRaised() throws Exception {
        Path show = showInbox(ScriptedPaidStep.SHOWS);
        String slug = show.getFileName().toString();
        Files.writeString(show.resolve("ep.srt"), TestMedia.srt(6));
        Files.copy(TestMedia.mp3(3), show.resolve("ep.mp3"));

        long id = awaitEpisodes(slug, 1, "BLOCKED_BUDGET").get(0).get("id").asLong();
        JsonNode blocked = episode(id);
        // 1,000,000 characters x 0.40 / 1,000 = 400 against the 50 of tier pro
        assertThat(blocked.get("stateDetail").asText()).startsWith("scripted-voice blocked: step scripted-voice would cost 400 USD")
                .contains("has 50 of 50 left", "PUT /api/shows/" + slug + "/budget");
        assertThat(blocked.get("timeline").findValuesAsText("event")).contains("blocked-budget").doesNotContain("failed",
                "retry-scheduled");
        assertThat(blocked.has("spend")).isFalse();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(WebhookReceiver.receivedBy("test-main"))
                .anySatisfy(r -> {
                    JsonNode alert = json.readTree(r.body());
                    assertThat(alert.get("type").asText()).isEqualTo("system.alert");
                    assertThat(alert.at("/data/kind").asText()).isEqualTo("budget-exceeded");
                    assertThat(alert.at("/data/episodeId").asLong()).isEqualTo(id);
                    assertThat(alert.at("/data/cost").decimalValue()).isEqualByComparingTo("400");
                    assertThat(alert.at("/data/remaining").decimalValue()).isEqualByComparingTo("50");
                }));
        JsonNode status = getJson("/api/shows/" + slug + "/budget");
        assertThat(status.get("tier").asText()).isEqualTo("pro");
        assertThat(status.get("remaining").decimalValue()).isEqualByComparingTo("50");
        assertThat(status.get("blockedEpisodes").get(0).asLong()).isEqualTo(id);

        ResponseEntity<String> put = send(HttpMethod.PUT, "/api/shows/" + slug + "/budget", "{\"monthlyBudget\": 500}");

        assertThat(put.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode raised = json.readTree(put.getBody());
        assertThat(raised.get("monthlyBudget").decimalValue()).isEqualByComparingTo("500");
        assertThat(raised.at("/resumed/episodes/0").asLong()).isEqualTo(id);
        await().atMost(Duration.ofSeconds(40)).until(() -> List.of("PROCESSED", "PUBLISHING", "PUBLISHED")
                .contains(episode(id).get("state").asText()));
        JsonNode done = episode(id);
        assertThat(done.get("timeline").findValuesAsText("event")).containsSubsequence("blocked-budget", "budget-resumed",
                "processing-started", "processed");
        JsonNode spend = done.get("spend");
        assertThat(spend.get("currency").asText()).isEqualTo("USD");
        assertThat(spend.get("total").decimalValue()).isEqualByComparingTo("400");
        assertThat(spend.get("steps")).singleElement().satisfies(s -> {
            assertThat(s.get("step").asText()).isEqualTo("scripted-voice");
            assertThat(s.get("provider").asText()).isEqualTo("test-voice");
            assertThat(s.get("quantity").decimalValue()).isEqualByComparingTo("1000000");
            assertThat(s.get("state").asText()).isEqualTo("SPENT");
        });
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        JsonNode monthly = getJson("/api/shows/" + slug + "/spend?month=" + month);
        assertThat(monthly.get("total").decimalValue()).isEqualByComparingTo("400");
        assertThat(monthly.at("/byItem/0/item").asText()).isEqualTo("tts-characters");
        assertThat(monthly.at("/byEpisode/0/episodeId").asLong()).isEqualTo(id);
        assertThat(getJson("/api/shows/" + slug + "/budget").get("remaining").decimalValue()).isEqualByComparingTo("100");
        assertThat(meters.get("castwire.budget.spend").tag("show", slug).counter().count()).isEqualTo(400.0);
        assertThat(meters.get("castwire.budget.blocked").tag("show", slug).tag("kind", "episode").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void theEstimateOfAShowHasItsBudget() throws Exception {
        Path show = showInbox("budget-est");
        String slug = show.getFileName().toString();
        Files.copy(TestMedia.mp3(2), show.resolve("ep.mp3"));
        awaitEpisodes(slug, 1, "PUBLISHED");
        assertThat(send(HttpMethod.PUT, "/api/shows/" + slug + "/budget", "{\"monthlyBudget\": 0.5, \"tier\": \"free\"}")
                .getStatusCode()).isEqualTo(HttpStatus.OK);

        ResponseEntity<String> r = send(HttpMethod.POST, "/api/estimate", "{\"show\": \"" + slug + "\", "
                + "\"durationMinutes\": 90, \"hasTranscript\": false, \"ttsCharacters\": 1000, \"ttsProvider\": \"elevenlabs\", "
                + "\"destinations\": [\"rss\", \"youtube\"], \"hd\": true}");

        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode e = json.readTree(r.getBody());
        // transcription 90 x 0.006 = 0.54; tts 1,000 x 0.30 / 1,000 = 0.30; youtube 1 x 0.05 (no clips configured)
        // total 0.89, more than the show's 0.50
        assertThat(e.get("total").decimalValue()).isEqualByComparingTo("0.89");
        assertThat(e.at("/tier/name").asText()).isEqualTo("free");
        assertThat(e.at("/tier/violations").toString()).contains("90 minutes", "HD", "monthly budget (0.5)");
        assertThat(e.at("/budget/remaining").decimalValue()).isEqualByComparingTo("0.50");
        assertThat(e.at("/budget/remainingAfter").decimalValue()).isEqualByComparingTo("-0.39");
        assertThat(e.at("/alternatives/0/change").asText()).contains("transcript");
        assertThat(e.at("/alternatives/0/total").decimalValue()).isEqualByComparingTo("0.35");
        assertThat(e.at("/alternatives/1/change").asText()).contains("espeak-ng");
    }

    @Test
    void badRequestsGetProblems() throws Exception {
        Path show = showInbox("budget-bad");
        String slug = show.getFileName().toString();
        Files.copy(TestMedia.mp3(2), show.resolve("ep.mp3"));
        awaitEpisodes(slug, 1, "PUBLISHED");
        Map<String, String> badPuts = Map.of(
                "{\"monthlyBudget\": -1}", "monthlyBudget must be between 0",
                "{\"tier\": \"gold\"}", "unknown tier 'gold'",
                "{\"monthlyBudget\": \"lots\"}", "monthlyBudget must be a number",
                "{\"budget\": 5}", "unknown field 'budget'",
                "{}", "monthlyBudget and/or tier");
        for (Map.Entry<String, String> bad : badPuts.entrySet()) {
            ResponseEntity<String> r = send(HttpMethod.PUT, "/api/shows/" + slug + "/budget", bad.getKey());
            assertThat(r.getStatusCode()).as(bad.getKey()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(r.getHeaders().getContentType().toString()).startsWith("application/problem+json");
            assertThat(json.readTree(r.getBody()).get("detail").asText()).as(bad.getKey()).contains(bad.getValue());
        }
        assertThat(send(HttpMethod.PUT, "/api/shows/no-such-show/budget", "{\"monthlyBudget\": 1}").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(getJson("/api/shows/" + slug + "/budget").get("ownBudget").asBoolean()).isFalse();

        Map<String, String> badEstimates = Map.of(
                "{\"hasTranscript\": true}", "durationMinutes is required",
                "{\"durationMinutes\": 10, \"destinations\": [\"myspace\"]}", "unknown destination 'myspace'",
                "{\"durationMinutes\": 10, \"lenght\": 3}", "lenght",
                "{\"durationMinutes\": 10, \"tier\": \"gold\"}", "unknown tier 'gold'");
        for (Map.Entry<String, String> bad : badEstimates.entrySet()) {
            ResponseEntity<String> r = send(HttpMethod.POST, "/api/estimate", bad.getKey());
            assertThat(r.getStatusCode()).as(bad.getKey()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(json.readTree(r.getBody()).get("detail").asText()).as(bad.getKey()).contains(bad.getValue());
        }
        assertThat(send(HttpMethod.POST, "/api/estimate", "{\"durationMinutes\": 10, \"show\": \"no-such-show\"}")
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(admin().getForEntity("/api/shows/" + slug + "/spend?month=2026-13", String.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(http.exchange("/api/shows/" + slug + "/budget", HttpMethod.GET, null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.postForEntity("/api/estimate", Map.of("durationMinutes", 10), String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }
}
