package io.castwire.operations.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.support.Browser;
import io.castwire.support.HubTest;
import io.castwire.support.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The dashboard in a real Chromium: a two-minute video episode with a transcript goes through the
 * hub, then the list shows it and its episode page draws one band per chosen clip, plays the
 * episode and its clips (the browser loads their media and the captions track) and lists its
 * states. Screenshots for a person: target/screenshots/dashboard-list.png and dashboard-episode.png.
 */
class DashboardBrowserTest extends HubTest {

    /** Two minutes of talk: hooks, questions, numbers and filler, so the scores vary along the episode. */
    static String transcript() {
        String[] lines = {
            "Welcome back to the show, today we talk about city gardens.",
            "Um, so, yeah, let me just find my notes here.",
            "Here is the surprising part: most city gardens grow more food per square metre than farms.",
            "Why does that happen?",
            "Three reasons. First, people tend them every single day.",
            "Second, the soil is rebuilt with compost from the whole street.",
            "Third, nothing is wasted, every leftover goes back into the beds.",
            "That is the whole secret, and you can start this weekend.",
            "Okay, uh, where was I.",
            "Right, the weather was fine, nothing much happened on Tuesday.",
        };
        StringBuilder srt = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            long start = i * 2000L;
            srt.append(i + 1).append('\n').append(time(start)).append(" --> ").append(time(start + 1800)).append('\n')
                    .append(lines[i % lines.length]).append("\n\n");
        }
        return srt.toString();
    }

    private static String time(long ms) {
        return String.format("00:%02d:%02d,%03d", ms / 60_000, ms / 1000 % 60, ms % 1000);
    }

    @Test
    void theListAndTheEpisodePageShowWhatTheHubDid() throws Exception {
        assumeTrue(Browser.available(), "chromium and chromedriver are not installed");
        Path show = showInbox("dash");
        String slug = show.getFileName().toString();
        // media first: the sidecar must not wait longer than the test's sidecar window for it
        Path mp4 = TestMedia.mp4(120);
        Files.writeString(show.resolve("gardens.srt"), transcript());
        Files.copy(mp4, show.resolve("gardens.mp4"));
        // a video with clips to cut for three profiles takes a while on a busy machine
        long id = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(4))
                .pollInterval(java.time.Duration.ofMillis(500)).until(() -> {
                    JsonNode items = episodesOf(slug);
                    return items.size() == 1 && items.get(0).get("state").asText().equals("PUBLISHED")
                            ? items.get(0).get("id").asLong() : null;
                }, java.util.Objects::nonNull);
        JsonNode detail = getJson("/api/episodes/" + id);
        int clips = detail.get("clips").size();
        // the metadata step titles an untitled episode from its transcript: the page shows whatever the hub holds
        String title = detail.get("title").asText();
        assertThat(title).isNotBlank();
        assertThat(clips).as("the transcript yields clips").isGreaterThan(1);

        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            // a browser that is not logged in is sent to the login form, as a person would be
            browser.logIn("http://localhost:" + port + "/?show=" + slug, "admin", PASSWORD);
            WebElement row = browser.waiting().until(d -> d.findElement(By.cssSelector("tr[data-episode-id='" + id + "']")));
            assertThat(row.getText()).contains(title).contains(slug).contains("PUBLISHED").contains("rss").contains("2:00");
            browser.screenshot("dashboard-list");

            row.findElement(By.linkText(title)).click();
            browser.waiting().until(d -> d.findElements(By.cssSelector("svg .clip-band")).size() == clips);
            List<WebElement> bands = driver.findElements(By.cssSelector("svg .clip-band"));
            assertThat(bands).hasSize(clips);
            assertThat(driver.findElements(By.cssSelector("svg .lane-label"))).extracting(WebElement::getText)
                    .contains("default", "youtube-shorts", "linkedin");
            assertThat(driver.findElement(By.cssSelector("svg desc")).getAttribute("textContent"))
                    .contains("60 segments").contains(clips + " chosen clips");
            assertThat(driver.findElement(By.cssSelector("svg .score-line")).getAttribute("d")).contains(" L");

            JavascriptExecutor js = (JavascriptExecutor) driver;
            // the players load their media, and the episode's captions track its cues
            browser.waiting().until(d -> Boolean.TRUE.equals(js.executeScript(
                    "const m = [...document.querySelectorAll('video, audio')];"
                            + "m.forEach(x => { if (x.readyState === 0) x.load(); });"
                            + "return m.length > 0 && m.every(x => x.readyState > 0 && x.duration > 0);")));
            assertThat(driver.findElements(By.cssSelector("video, audio"))).hasSize(1 + clips);
            Number duration = (Number) js.executeScript("return document.getElementById('episode-player').duration;");
            assertThat(duration.doubleValue()).isBetween(119.0, 121.5);
            browser.waiting().until(d -> ((Number) js.executeScript(
                    "const t = document.getElementById('episode-player').textTracks[0];"
                            + "return t && t.cues ? t.cues.length : 0;")).intValue() > 0);
            WebElement track = driver.findElement(By.cssSelector("#episode-player track[kind=captions]"));
            assertThat(track.getAttribute("src")).endsWith(".vtt");
            assertThat(driver.findElements(By.cssSelector("section[aria-labelledby=media-h] .captions a")))
                    .extracting(WebElement::getText).containsExactlyInAnyOrder("SRT", "VTT", "SCC");

            String states = driver.findElement(By.cssSelector("table.timeline-table")).getText();
            assertThat(states).contains("RECEIVED").contains("PROCESSING").contains("PROCESSED").contains("PUBLISHED");
            assertThat(driver.findElement(By.cssSelector("section[aria-labelledby=dead-h]")).getText())
                    .contains("nothing for this episode failed for good");
            // the whole page in one picture, for a person to check
            Number height = (Number) js.executeScript("return document.documentElement.scrollHeight;");
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, Math.min(6000, height.intValue() + 40)));
            browser.screenshot("dashboard-episode");
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.castwire.support.ScriptedDestination scripted;

    private java.net.http.HttpResponse<String> post(String path) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDeadLetterIsListedOnItsEpisodeAndReplayedFromThere() throws Exception {
        scripted.next(1, (item, remote) -> {
            throw new io.castwire.publishing.delivery.PermanentDeliveryException("scripted answered HTTP 422", 422);
        });
        Path mp3 = TestMedia.mp3(2);
        Path show = showInbox("dash-dl");
        String slug = show.getFileName().toString();
        scripted.addShow(slug);
        Files.copy(mp3, show.resolve("refused.mp3"));
        long letter = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                .pollInterval(java.time.Duration.ofMillis(300)).until(() -> {
                    for (JsonNode d : getJson("/api/dead-letters?destination=scripted&open=true").get("items")) {
                        JsonNode e = episodesOf(slug);
                        if (e.size() == 1 && d.get("episodeId").asLong() == e.get(0).get("id").asLong()) {
                            return d.get("id").asLong();
                        }
                    }
                    return null;
                }, java.util.Objects::nonNull);
        long id = episodesOf(slug).get(0).get("id").asLong();
        String page = admin().getForEntity("/episodes/" + id, String.class).getBody();
        String action = "/episodes/" + id + "/dead-letters/" + letter + "/replay";
        assertThat(page).contains("scripted answered HTTP 422").contains("action=\"" + action + "\"");

        var replayed = post(action);
        assertThat(replayed.statusCode()).isEqualTo(302);
        assertThat(replayed.headers().firstValue("Location").orElseThrow()).endsWith("/episodes/" + id + "?replayed=" + letter);
        assertThat(getJson("/api/dead-letters/" + letter).get("replayedAt").isNull()).isFalse();
        assertThat(admin().getForEntity("/episodes/" + id + "?replayed=" + letter, String.class).getBody())
                .contains("Dead letter " + letter + " was replayed").doesNotContain("action=\"" + action + "\"");

        var again = post(action);
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(again.headers().firstValue("Location").orElseThrow()).contains("problem=").contains("already");
    }

    @Test
    void titlesFromProducersAreEscapedAndAnUnknownEpisodeIsANotFound() throws Exception {
        Path show = showInbox("dash-esc");
        String slug = show.getFileName().toString();
        Files.copy(TestMedia.mp3(3), show.resolve("plain.mp3"));
        long id = awaitEpisodes(slug, 1, "PUBLISHED").get(0).get("id").asLong();
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> patched = admin().exchange("/api/episodes/" + id, HttpMethod.PATCH,
                new HttpEntity<>(json.writeValueAsString(Map.of("title", "<script>alert(1)</script> & friends")), headers),
                String.class);
        assertThat(patched.getStatusCode()).isEqualTo(HttpStatus.OK);

        for (String page : List.of("/?show=" + slug, "/episodes/" + id)) {
            ResponseEntity<String> html = admin().getForEntity(page, String.class);
            assertThat(html.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(html.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
            assertThat(html.getBody()).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends")
                    .doesNotContain("<script>alert(1)");
        }
        assertThat(http.getForEntity("/", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        ResponseEntity<String> missing = admin().getForEntity("/episodes/987654321", String.class);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.getBody()).contains("no episode 987654321");
        assertThat(admin().getForEntity("/dashboard/assets/dashboard.css", String.class).getBody()).contains(".clip-band");
    }
}
