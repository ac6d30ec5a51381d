package io.castwire.publishing.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.publishing.delivery.DestinationContract;
import io.castwire.support.MutableClock;
import io.castwire.support.TestMedia;
import io.castwire.support.WebhookReceiver;
import io.castwire.support.fakes.FakeYoutube;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** YouTube through the hub's routes ({@code publish-youtube-upload}) against the Google API fake. */
class YoutubeRouteTest extends DestinationContract {

    private final FakeYoutube fake = FakeYoutube.startShared();
    @Autowired
    private YoutubeQuota quota;
    @Autowired
    private YoutubeProperties props;
    @Autowired
    private YoutubeAuth auth;
    @Autowired
    private YoutubeAnalyticsJob analytics;
    @Autowired
    private Clock clock;

    @BeforeEach
    void remoteSide() {
        fake.acceptRefreshToken(FakeYoutube.REFRESH_TOKEN);
    }

    @Override
    protected String name() {
        return "youtube";
    }

    private List<FakeYoutube.Video> videosMentioning(String fragment) {
        return fake.videos().stream().filter(v -> v.description().contains(fragment)).toList();
    }

    @Override
    protected long postsMentioning(String fragment) {
        return videosMentioning(fragment).size();
    }

    @Override
    protected String remoteIdMentioning(String fragment) {
        return videosMentioning(fragment).get(0).id();
    }

    @Override
    protected int remoteCalls() {
        return fake.calls();
    }

    @Override
    protected void unavailableNext(int n) {
        fake.errorNext(n, 503, "backendError", "Backend Error", Map.of());
    }

    @Override
    protected void refuseNext() {
        fake.errorNext(1, 403, "forbidden", "The request is not properly authorized to upload this video.", Map.of());
    }

    @Override
    protected void rateLimitNext() {
        fake.errorNext(1, 429, "rateLimitExceeded", "Too many requests", Map.of("Retry-After", "1"));
    }

    @Test
    void anAudioEpisodeBecomesAnAudiogramVideoWithCaptionsAndThumbnailOnce() throws Exception {
        Path show = showInbox("youtube-audiogram");
        String slug = show.getFileName().toString();
        props.getShows().add(slug);
        Files.writeString(show.resolve("ep.srt"), TestMedia.srt(4));
        Files.copy(TestMedia.mp3(12), show.resolve("ep.mp3"));

        JsonNode p = awaitPublication(slug, "PUBLISHED");

        assertThat(camel.getRoute("publish-youtube-upload")).isNotNull();
        List<FakeYoutube.Video> videos = videosMentioning(fragment(slug));
        assertThat(videos).hasSize(1);
        FakeYoutube.Video v = videos.get(0);
        assertThat(p.get("remoteId").asText()).isEqualTo(v.id());
        assertThat(p.get("remoteUrl").asText()).isEqualTo("https://www.youtube.com/watch?v=" + v.id());
        // an H.264/AAC MP4 of the show cover and the waveform, at the configured size
        Path uploaded = Files.write(Files.createTempFile("yt-", ".mp4"), v.bytes());
        String probe = TestMedia.ffmpeg().run(List.of("-hide_banner", "-i", uploaded.toString())).stderr();
        Files.delete(uploaded);
        assertThat(probe).contains("h264").contains("160x90").contains("aac").contains("Duration: 00:00:1");
        assertThat(fake.sessions().stream().filter(s -> v.id().equals(s.videoId())).toList()).singleElement()
                .satisfies(s -> assertThat(s.contentType()).isEqualTo("video/mp4"));
        // the episode's captions as one track, and the show's cover as thumbnail
        assertThat(v.captions()).singleElement()
                .satisfies(c -> assertThat(c.path("snippet").path("language").asText()).isEqualTo("en"));
        assertThat(new String(v.captionFiles().get(0), java.nio.charset.StandardCharsets.UTF_8)).contains("-->");
        assertThat(v.thumbnail()).isEqualTo(Files.readAllBytes(paths.publicDir().resolve("shows/" + slug + "/cover.png")));
        // the rendered audiogram was removed once the video existed
        assertThat(Files.exists(paths.work().resolve("youtube/audiogram-" + p.get("id").asLong() + ".mp4"))).isFalse();
        assertThat(p.get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void invalidGrantParksTheChannelWithOneAlertAndANewTokenPublishesWhatWaited() throws Exception {
        fake.revokeRefreshToken();
        fake.expireAccessTokens();
        String first;
        String second;
        try {
            first = dropShortEpisode("parked-a", 6);
            JsonNode waiting = awaitDeferred(first, "parked");
            assertThat(Instant.parse(waiting.get("nextAttemptAt").asText())).isAfter(Instant.now().plus(Duration.ofDays(6)));
            second = dropShortEpisode("parked-b", 7);
            awaitDeferred(second, "parked");
            assertThat(postsMentioning(fragment(first)) + postsMentioning(fragment(second))).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> parkedAlerts() >= 1);
            assertThat(parkedAlerts()).as("system.alert webhooks for the parked channel").isEqualTo(1);
            assertThat(publication(first).get("attempts").asInt()).isLessThanOrEqualTo(1);

            fake.acceptRefreshToken("1//a-new-refresh-token");
            HttpHeaders h = new HttpHeaders();
            h.setContentType(MediaType.APPLICATION_JSON);
            ResponseEntity<String> put = admin().exchange("/api/youtube/channels/default/token", HttpMethod.PUT,
                    new HttpEntity<>("{\"refreshToken\":\"1//a-new-refresh-token\"}", h), String.class);
            assertThat(put.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(json.readTree(put.getBody()).get("uploadsDueNow").asInt()).isGreaterThanOrEqualTo(2);
            String stored = jdbc.queryForObject("SELECT refresh_token FROM youtube_channels WHERE channel = 'default'",
                    Map.of(), String.class);
            assertThat(stored).doesNotContain("a-new-refresh-token");

            awaitPublication(first, "PUBLISHED");
            awaitPublication(second, "PUBLISHED");
            assertThat(postsMentioning(fragment(first))).isEqualTo(1);
            assertThat(postsMentioning(fragment(second))).isEqualTo(1);
            assertThat(parkedAlerts()).isEqualTo(1);
            assertThat(admin().exchange("/api/youtube/channels/default/token", HttpMethod.PUT,
                    new HttpEntity<>("{\"refreshToken\":\" \"}", h), String.class).getStatusCode())
                    .isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(admin().exchange("/api/youtube/channels/elsewhere/token", HttpMethod.PUT,
                    new HttpEntity<>("{\"refreshToken\":\"1//x\"}", h), String.class).getStatusCode())
                    .isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(http.exchange("/api/youtube/channels/default/token", HttpMethod.PUT,
                    new HttpEntity<>("{\"refreshToken\":\"x\"}", h), String.class).getStatusCode())
                    .as("without admin authentication").isEqualTo(HttpStatus.UNAUTHORIZED);
        } finally {
            fake.acceptRefreshToken(FakeYoutube.REFRESH_TOKEN);
            auth.storeRefreshToken("default", FakeYoutube.REFRESH_TOKEN);
        }
    }

    /** A short episode in a show of its own that YouTube publishes (quicker than the contract's 41-46 s ones). */
    private String dropShortEpisode(String prefix, double seconds) throws Exception {
        Path show = showInbox("youtube-" + prefix);
        String slug = show.getFileName().toString();
        props.getShows().add(slug);
        Files.copy(TestMedia.mp3(seconds), show.resolve("ep.mp3"));
        return slug;
    }

    private long parkedAlerts() {
        return WebhookReceiver.receivedBy("test-circuit").stream().map(WebhookReceiver.Received::body)
                .filter(b -> b.contains("youtube-channel-parked")).count();
    }

    private JsonNode awaitDeferred(String slug, String because) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            found[0] = publication(slug);
            return found[0] != null && found[0].get("state").asText().equals("PENDING")
                    && found[0].get("lastError").asText("").contains(because);
        });
        return found[0];
    }

    @Test
    void anUploadThatDoesNotFitTheDaysQuotaWaitsForPacificMidnightAndTheQuotaApiShowsIt() throws Exception {
        // a limit a new day can hold an upload in (1600 + 50 for the thumbnail), but today cannot
        props.setDailyLimit(Math.max(quota.used() + 1_000, 2_000));
        try {
            while (quota.used() + 1_650 <= props.getDailyLimit()) {
                quota.reserve("videos.update", 0);
            }
            long usedBefore = quota.used();
            long limit = props.getDailyLimit();
            String slug = dropShortEpisode("quota", 6);
            JsonNode waiting = awaitDeferred(slug, "quota");
            Instant reset = quota.nextReset();
            // the ledger adds the deferral to its own "now": the same instant, give or take the microseconds between
            assertThat(Instant.parse(waiting.get("nextAttemptAt").asText())).isBetween(reset, reset.plusSeconds(1));
            assertThat(reset.atZone(YoutubeQuota.PACIFIC).toLocalTime()).isEqualTo(java.time.LocalTime.MIDNIGHT);
            assertThat(postsMentioning(fragment(slug))).isZero();
            assertThat(getJson("/api/dead-letters?destination=youtube&open=true").get("items").toString())
                    .doesNotContain("\"refId\":" + waiting.get("id").asLong() + ",");

            JsonNode q = getJson("/api/youtube/quota");
            assertThat(q.get("day").asText()).isEqualTo(LocalDate.now(YoutubeQuota.PACIFIC).toString());
            assertThat(q.get("limit").asLong()).isEqualTo(limit);
            assertThat(q.get("used").asLong()).isEqualTo(usedBefore);
            assertThat(q.get("remaining").asLong()).isEqualTo(limit - usedBefore).isLessThan(1_650);
            assertThat(Instant.parse(q.get("resetsAt").asText())).isEqualTo(reset);
            long sum = 0;
            for (var m : (Iterable<Map.Entry<String, JsonNode>>) q.get("methods")::fields) {
                sum += m.getValue().get("units").asLong();
                // every call is charged what Google's table says it costs
                assertThat(m.getValue().get("units").asLong()).as(m.getKey())
                        .isEqualTo(m.getValue().get("calls").asLong() * q.get("costs").get(m.getKey()).asLong());
            }
            assertThat(sum).isEqualTo(usedBefore);
            assertThat(q.get("costs").get("videos.insert").asLong()).isEqualTo(1600);

            // midnight in Los Angeles: the quota's clock moves into the new day, and the row is due as it will be then
            quota.clock(new MutableClock(reset.plusSeconds(1)));
            jdbc.update("UPDATE publications SET next_attempt_at = :now WHERE id = :id",
                    Map.of("now", java.time.OffsetDateTime.now(), "id", waiting.get("id").asLong()));
            awaitPublication(slug, "PUBLISHED");
            assertThat(postsMentioning(fragment(slug))).isEqualTo(1);
            JsonNode after = getJson("/api/youtube/quota");
            assertThat(after.get("day").asText()).isEqualTo(reset.atZone(YoutubeQuota.PACIFIC).toLocalDate().toString());
            assertThat(after.get("methods").get("videos.insert").get("calls").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(after.get("methods").get("thumbnails.set").get("units").asLong()).isGreaterThanOrEqualTo(50);
            assertThat(after.get("used").asLong()).isGreaterThanOrEqualTo(1_650)
                    .isEqualTo(after.get("limit").asLong() - after.get("remaining").asLong());
        } finally {
            props.setDailyLimit(100_000_000);
            quota.clock(clock);
        }
    }

    @Test
    void theAnalyticsImportStoresPerVideoNumbersIdempotentlyAndShowsThemPerEpisode() throws Exception {
        String slug = dropShortEpisode("stats", 6);
        JsonNode p = awaitPublication(slug, "PUBLISHED");
        String videoId = p.get("remoteId").asText();
        long episodeId = episodesOf(slug).get(0).get("id").asLong();
        LocalDate today = quota.today();
        fake.stats(videoId, today.minusDays(1).toString(), 120, 340, 7);
        fake.stats(videoId, today.minusDays(2).toString(), 80, 200, 3);

        String summary = analytics.run();

        assertThat(summary).contains("rows stored");
        JsonNode video = videoStats(episodeId, videoId);
        assertThat(video.get("views").asLong()).isEqualTo(200);
        assertThat(video.get("estimatedMinutesWatched").asLong()).isEqualTo(540);
        assertThat(video.get("likes").asLong()).isEqualTo(10);
        assertThat(video.get("days")).hasSize(2);
        // and on the episode itself, for admins only
        JsonNode onEpisode = getJson("/api/episodes/" + episodeId).get("youtube");
        assertThat(onEpisode.get("videos").get(0).get("videoId").asText()).isEqualTo(videoId);
        assertThat(onEpisode.get("videos").get(0).get("views").asLong()).isEqualTo(200);
        assertThat(onEpisode.get("perDay").asText()).isEqualTo("/api/youtube/videos/" + episodeId + "/analytics");
        FakeYoutube.Request report = fake.requests("GET", "/v2/reports").get(fake.requests("GET", "/v2/reports").size() - 1);
        assertThat(report.query()).containsEntry("ids", "channel==MINE").containsEntry("dimensions", "video")
                .containsEntry("metrics", "views,estimatedMinutesWatched,likes");
        assertThat(report.query().get("filters")).startsWith("video==").contains(videoId);

        analytics.run(); // again: the same rows, not more
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM youtube_video_stats WHERE video_id = :v",
                Map.of("v", videoId), Long.class)).isEqualTo(2);
        assertThat(videoStats(episodeId, videoId).get("views").asLong()).isEqualTo(200);

        fake.stats(videoId, today.minusDays(1).toString(), 150, 400, 9); // YouTube revised yesterday
        analytics.run();
        assertThat(videoStats(episodeId, videoId).get("views").asLong()).isEqualTo(230);

        // the same job on its scheduled route, recorded as a sync run
        io.castwire.sync.SyncRuns.Run run = camel.createProducerTemplate()
                .requestBody("direct:sync-youtube-analytics", null, io.castwire.sync.SyncRuns.Run.class);
        assertThat(run.outcome()).isEqualTo("OK");
        assertThat(run.summary()).contains("rows stored");
        assertThat(videoStats(episodeId, videoId).get("views").asLong()).isEqualTo(230);
    }

    @Test
    void anEpisodeScheduledForLaterIsUploadedPrivateWithItsPublishAt() throws Exception {
        Path show = showInbox("youtube-scheduled");
        String slug = show.getFileName().toString();
        props.getShows().add(slug);
        Instant publishAt = Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Files.writeString(show.resolve("ep.meta.json"), "{\"title\":\"Later <today>\",\"publishAt\":\"" + publishAt + "\"}");
        Files.copy(TestMedia.mp3(5), show.resolve("ep.mp3"));

        awaitPublication(slug, "PUBLISHED");

        FakeYoutube.Video v = videosMentioning(fragment(slug)).get(0);
        assertThat(v.resource().path("status").path("privacyStatus").asText()).isEqualTo("private");
        assertThat(Instant.parse(v.resource().path("status").path("publishAt").asText())).isEqualTo(publishAt);
        assertThat(v.title()).isEqualTo("Later ‹today›");
    }

    @Test
    void theBestYoutubeShortsClipBecomesAShortNextToTheEpisode() throws Exception {
        Path show = showInbox("youtube-shorts");
        String slug = show.getFileName().toString();
        props.setClips(1);
        JsonNode clipRow = null;
        long episodeId;
        try {
            props.getShows().add(slug);
            Files.writeString(show.resolve("talk.srt"), TestMedia.srt(45));
            Files.copy(TestMedia.mp3(91), show.resolve("talk.mp3"));
            awaitPublication(slug, "PUBLISHED");
            episodeId = episodesOf(slug).get(0).get("id").asLong();
            JsonNode[] found = new JsonNode[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                for (JsonNode p : getJson("/api/episodes/" + episodeId).get("publications")) {
                    if (p.get("destination").asText().equals("youtube") && p.get("clipId").asLong() != 0
                            && p.get("state").asText().equals("PUBLISHED")) {
                        found[0] = p;
                    }
                }
                return found[0] != null;
            });
            clipRow = found[0];
        } finally {
            props.setClips(0);
        }
        JsonNode episode = getJson("/api/episodes/" + episodeId);
        long clipId = clipRow.get("clipId").asLong();
        JsonNode clip = null;
        for (JsonNode c : episode.get("clips")) {
            if (c.get("id").asLong() == clipId) {
                clip = c;
            }
        }
        assertThat(clip).isNotNull();
        assertThat(clip.get("profile").asText()).isEqualTo("youtube-shorts");
        assertThat(clip.get("rank").asInt()).isEqualTo(1);
        FakeYoutube.Video shortVideo = fake.video(clipRow.get("remoteId").asText()).orElseThrow();
        assertThat(clipRow.get("remoteUrl").asText()).isEqualTo("https://www.youtube.com/shorts/" + shortVideo.id());
        assertThat(shortVideo.title()).endsWith(" #Shorts");
        assertThat(shortVideo.description()).endsWith("#Shorts");
        Path uploaded = Files.write(Files.createTempFile("yt-", ".mp4"), shortVideo.bytes());
        String probe = TestMedia.ffmpeg().run(List.of("-hide_banner", "-i", uploaded.toString())).stderr();
        Files.delete(uploaded);
        assertThat(probe).as("a vertical audiogram").contains("90x160");
        assertThat(shortVideo.thumbnail()).as("the API cannot set a Short's thumbnail").isNull();
        assertThat(postsMentioning(fragment(slug))).as("the episode and its Short").isEqualTo(2);
    }

    private JsonNode videoStats(long episodeId, String videoId) throws Exception {
        for (JsonNode v : getJson("/api/youtube/videos/" + episodeId + "/analytics").get("videos")) {
            if (v.get("videoId").asText().equals(videoId)) {
                return v;
            }
        }
        throw new AssertionError("no analytics for video " + videoId);
    }
}
