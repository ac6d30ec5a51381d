package io.castwire.publishing.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.publishing.delivery.DeferredDeliveryException;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import io.castwire.publishing.delivery.PublishItem;
import io.castwire.publishing.delivery.Remote;
import io.castwire.support.MutableClock;
import io.castwire.support.TestDatabases;
import io.castwire.support.TestMedia;
import io.castwire.support.fakes.FakeYoutube;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** The YouTube destination bean against the Google API fake and a real (H2) database, without Spring. */
class YoutubeDestinationTest {

    private final FakeYoutube fake = FakeYoutube.startShared();
    @TempDir
    Path dir;
    private HikariDataSource ds;
    private YoutubeTestBeans beans;
    private long nextPublication = 1;

    /** The database under the beans: H2 in PostgreSQL mode here, PostgreSQL in the subclass. */
    protected HikariDataSource newDataSource() {
        return TestDatabases.h2();
    }

    protected void dropDataSource(HikariDataSource ds) {
        ds.close();
    }

    @BeforeEach
    void setUp() {
        fake.reset();
        ds = newDataSource();
        beans = new YoutubeTestBeans(fake, ds, dir.resolve("home"), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        dropDataSource(ds);
    }

    private Path randomFile(String name, int size) throws Exception {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return Files.write(dir.resolve(name), b);
    }

    private Path srt() throws Exception {
        return Files.writeString(dir.resolve("ep.srt"), TestMedia.srt(3));
    }

    private PublishItem video(Path media, boolean withExtras) throws Exception {
        List<PublishItem.Attachment> captions = withExtras
                ? List.of(new PublishItem.Attachment("SRT", srt(), "http://hub.test/ep.srt", "application/x-subrip"))
                : List.of();
        Path cover = withExtras ? randomFile("cover.png", 3000) : null;
        return YoutubeTestBeans.item(nextPublication++, 0, "Episode one", media, "video/mp4", captions, cover);
    }

    @Test
    void uploadsAVideoInChunksThenItsCaptionsAndThumbnailAndChargesTheQuota() throws Exception {
        Path media = randomFile("ep.mp4", 1_100_000);
        PublishItem item = video(media, true);

        Remote remote = beans.destination.publish(item);

        assertThat(fake.sessions()).hasSize(1);
        FakeYoutube.Session s = fake.sessions().get(0);
        assertThat(s.total()).isEqualTo(Files.size(media));
        assertThat(s.contentType()).isEqualTo("video/mp4");
        // 256 KiB chunks: 4 full ones and the rest
        assertThat(s.chunkStarts()).containsExactly(0L, 262_144L, 524_288L, 786_432L, 1_048_576L);
        FakeYoutube.Video v = fake.video(remote.id()).orElseThrow();
        assertThat(v.bytes()).isEqualTo(Files.readAllBytes(media));
        assertThat(remote.url()).isEqualTo("https://www.youtube.com/watch?v=" + v.id());
        assertThat(v.title()).isEqualTo("Episode one");
        assertThat(v.description()).isEqualTo("What this episode is about.\n\n" + item.url());
        assertThat(v.resource().path("snippet").path("categoryId").asText()).isEqualTo("22");
        assertThat(v.resource().path("status").path("privacyStatus").asText()).isEqualTo("public");
        assertThat(v.resource().path("status").path("selfDeclaredMadeForKids").asBoolean(true)).isFalse();
        assertThat(v.captions()).singleElement().satisfies(c -> {
            assertThat(c.path("snippet").path("language").asText()).isEqualTo("en");
            assertThat(c.path("snippet").path("name").asText()).isEqualTo("English");
            assertThat(c.path("snippet").path("videoId").asText()).isEqualTo(v.id());
        });
        assertThat(new String(v.captionFiles().get(0), StandardCharsets.UTF_8)).isEqualTo(TestMedia.srt(3));
        assertThat(v.thumbnail()).isEqualTo(Files.readAllBytes(item.cover()));
        assertThat(beans.quota.used()).isEqualTo(1600 + 400 + 50);
        assertThat(beans.quota.usage()).containsEntry("videos.insert", Map.of("calls", 1L, "units", 1600L))
                .containsEntry("captions.insert", Map.of("calls", 1L, "units", 400L))
                .containsEntry("thumbnails.set", Map.of("calls", 1L, "units", 50L));
        // a retry finds it, with nothing sent again
        int calls = fake.calls();
        assertThat(beans.destination.findExisting(item)).contains(remote);
        assertThat(fake.calls()).isEqualTo(calls);
    }

    @Test
    void aConnectionDroppedMidChunkResumesFromTheCommittedByteInTheSameSession() throws Exception {
        beans.props.setChunkSize(DataSize.ofKilobytes(512));
        Path media = randomFile("ep.mp4", 2_000_000);
        fake.dropNextChunkAfter(300_000); // the first chunk: 300,000 of 524,288 bytes arrive, 262,144 are kept

        Remote remote = beans.destination.publish(video(media, false));

        assertThat(fake.sessions()).as("sessions started").hasSize(1);
        FakeYoutube.Session s = fake.sessions().get(0);
        assertThat(fake.requests("PUT", "/upload/youtube/v3/videos").stream()
                .filter(r -> r.header("Content-Range").startsWith("bytes */")).count()).as("status queries").isEqualTo(1);
        assertThat(s.chunkStarts()).containsExactly(0L, 262_144L, 786_432L, 1_310_720L, 1_835_008L);
        // every byte after the committed offset went up once more, nothing before it
        assertThat(s.received()).isEqualTo(Files.size(media) + 300_000 - 262_144);
        assertThat(fake.video(remote.id()).orElseThrow().bytes()).isEqualTo(Files.readAllBytes(media));
        assertThat(beans.quota.usage().get("videos.insert")).containsEntry("calls", 1L);
    }

    @Test
    void anAttemptThatDiesMidUploadIsResumedByTheNextOneAfterARestart() throws Exception {
        beans.props.setMaxResumes(0);
        Path media = randomFile("ep.mp4", 1_000_000);
        PublishItem item = video(media, false);
        fake.dropNextChunkAfter(600_000);
        beans.props.setChunkSize(DataSize.ofKilobytes(768));

        assertThatThrownBy(() -> beans.destination.publish(item)).isInstanceOf(DeliveryException.class)
                .isNotInstanceOf(PermanentDeliveryException.class);
        YoutubeUploads.Row row = beans.uploads.find(item.publicationId()).orElseThrow();
        assertThat(row.sessionUri()).isNotNull();
        assertThat(row.videoId()).isNull();

        beans.restart(); // a new process: no access token, the session only in the database
        assertThat(beans.destination.findExisting(item)).isEmpty();
        Remote remote = beans.destination.publish(item);

        assertThat(fake.sessions()).hasSize(1);
        // 600,000 arrived, 524,288 (two units) were kept: the rest starts there
        assertThat(fake.sessions().get(0).chunkStarts()).containsExactly(0L, 524_288L);
        assertThat(fake.video(remote.id()).orElseThrow().bytes()).isEqualTo(Files.readAllBytes(media));
        assertThat(fake.videos()).hasSize(1);
    }

    @Test
    void aSessionThatFinishedBeforeItWasRecordedIsFoundByAskingIt() throws Exception {
        PublishItem item = video(randomFile("ep.mp4", 300_000), false);
        Remote remote = beans.destination.publish(item);
        String session = fake.sessions().get(0).id();
        // as if the process died after the last chunk's 201, before the video id was written
        beans.jdbc.update("UPDATE youtube_uploads SET video_id = NULL, session_uri = :s WHERE publication_id = :p",
                Map.of("s", fake.baseUrl() + "/upload/youtube/v3/videos?uploadType=resumable&upload_id=" + session,
                        "p", item.publicationId()));

        assertThat(beans.destination.findExisting(item)).contains(remote);
        assertThat(fake.videos()).hasSize(1);
        assertThat(beans.uploads.find(item.publicationId()).orElseThrow().videoId()).isEqualTo(remote.id());
    }

    @Test
    void aServerErrorOnAChunkAsksWhatWasCommittedAndGoesOn() throws Exception {
        Path media = randomFile("ep.mp4", 700_000);
        beans.auth.accessToken("default");
        fake.failNextChunk(503);

        Remote remote = beans.destination.publish(video(media, false));

        FakeYoutube.Session s = fake.sessions().get(0);
        assertThat(fake.sessions()).hasSize(1);
        // the refused first chunk is sent again from the committed offset (0), then the rest
        assertThat(s.chunkStarts()).containsExactly(0L, 0L, 262_144L, 524_288L);
        assertThat(fake.requests("PUT", "/upload/youtube/v3/videos").stream()
                .filter(r -> r.header("Content-Range").startsWith("bytes */")).count()).isEqualTo(1);
        assertThat(fake.video(remote.id()).orElseThrow().bytes()).isEqualTo(Files.readAllBytes(media));
    }

    @Test
    void anExpiredSessionIsReplacedByANewOneAndMakesOneVideo() throws Exception {
        beans.props.setMaxResumes(0);
        Path media = randomFile("ep.mp4", 600_000);
        PublishItem item = video(media, false);
        fake.dropNextChunkAfter(100_000);
        assertThatThrownBy(() -> beans.destination.publish(item)).isInstanceOf(DeliveryException.class);
        fake.expireUploadSessions(); // a week later, YouTube has forgotten it

        Remote remote = beans.destination.publish(item);

        assertThat(fake.sessions()).hasSize(2);
        assertThat(fake.videos()).singleElement().satisfies(v -> assertThat(v.id()).isEqualTo(remote.id()));
        assertThat(fake.video(remote.id()).orElseThrow().bytes()).isEqualTo(Files.readAllBytes(media));
        assertThat(beans.quota.usage().get("videos.insert")).as("Google charges every session").containsEntry("calls", 2L);
        assertThat(beans.uploads.find(item.publicationId()).orElseThrow().sessions()).isEqualTo(2);
    }

    @Test
    void anExpiredAccessTokenIsRefreshedOnceAndTheCallRepeated() throws Exception {
        beans.destination.publish(video(randomFile("a.mp4", 100_000), false));
        assertThat(fake.tokenGrants()).isEqualTo(1);
        fake.expireAccessTokens();

        Remote second = beans.destination.publish(video(randomFile("b.mp4", 100_000), false));

        assertThat(fake.tokenGrants()).isEqualTo(2);
        assertThat(fake.videos()).hasSize(2);
        assertThat(fake.video(second.id())).isPresent();
        // the refused call was made again with the new token, and only once
        assertThat(fake.requests("POST", "/upload/youtube/v3/videos")).hasSize(3);
    }

    @Test
    void anAccessTokenIsRefreshedBeforeItExpires() throws Exception {
        fake.expiresIn(60); // inside the 2-minute margin: every call needs a fresh one
        beans.destination.publish(video(randomFile("a.mp4", 100_000), false));
        int grants = fake.tokenGrants();
        beans.destination.publish(video(randomFile("b.mp4", 100_000), false));
        assertThat(fake.tokenGrants()).isGreaterThan(grants);
        assertThat(fake.requests().stream().filter(r -> r.method().equals("PUT")).count())
                .as("no call was refused").isEqualTo(2);
    }

    @Test
    void theRefreshTokenIsStoredEncryptedAndSeededOnce() throws Exception {
        beans.destination.publish(video(randomFile("a.mp4", 100_000), false));
        String stored = beans.auth.storedToken("default");
        assertThat(stored).isNotNull().doesNotContain(FakeYoutube.REFRESH_TOKEN).startsWith("v1:");
        assertThat(new TokenCipher(YoutubeTestBeans.KEY, "K").decrypt("default", stored)).isEqualTo(FakeYoutube.REFRESH_TOKEN);
        // later grants use the stored token, not the variable
        beans.env.setProperty(beans.props.getRefreshTokenEnv(), "something-else");
        beans.restart();
        beans.destination.publish(video(randomFile("b.mp4", 100_000), false));
        assertThat(fake.videos()).hasSize(2);
    }

    @Test
    void invalidGrantParksTheChannelWithOneAlertUntilANewTokenIsStored() throws Exception {
        fake.revokeRefreshToken();
        PublishItem item = video(randomFile("a.mp4", 100_000), false);

        assertThatThrownBy(() -> beans.destination.publish(item)).isInstanceOfSatisfying(DeferredDeliveryException.class,
                d -> {
                    assertThat(d.until()).isAfter(Instant.now().plus(Duration.ofDays(6)));
                    assertThat(d.getMessage()).contains("invalid_grant").doesNotContain(FakeYoutube.REFRESH_TOKEN);
                });
        int tokenCalls = fake.requests("POST", "/token").size();
        assertThatThrownBy(() -> beans.destination.publish(item)).isInstanceOf(DeferredDeliveryException.class);
        assertThat(fake.requests("POST", "/token")).as("no refresh loop while parked").hasSize(tokenCalls);
        assertThat(beans.events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("system.alert");
            assertThat(e.data()).containsEntry("kind", "youtube-channel-parked").containsEntry("channel", "default");
        });
        assertThat(fake.sessions()).isEmpty();

        PublishItem update = YoutubeTestBeans.item(nextPublication++, 0, "New title", item.media(), "video/mp4", List.of(),
                null).withPreviousRemoteId("someVideo");
        assertThatThrownBy(() -> beans.destination.publish(update)).isInstanceOf(DeferredDeliveryException.class);
        assertThat(beans.quota.used()).as("nothing charged while parked").isZero();

        fake.acceptRefreshToken("1//a-new-token");
        beans.auth.storeRefreshToken("default", "1//a-new-token");
        Remote remote = beans.destination.publish(item);
        assertThat(fake.video(remote.id())).isPresent();
        assertThat(beans.events).hasSize(1);
    }

    @Test
    void anUploadThatDoesNotFitTheDayWaitsForPacificMidnightThenGoes() throws Exception {
        // 23:00 in Los Angeles on the evening before DST starts (midnight is 08:00 UTC, the next one 07:00 UTC)
        MutableClock clock = new MutableClock(Instant.parse("2030-03-10T07:00:00Z"));
        beans = new YoutubeTestBeans(fake, ds, dir.resolve("home"), clock);
        beans.props.setDailyLimit(2_100);
        for (int i = 0; i < 10; i++) {
            beans.quota.reserve("videos.update", 0); // 500 units spent today
        }
        PublishItem item = video(randomFile("ep.mp4", 100_000), true); // needs 1600 + 400 + 50

        assertThatThrownBy(() -> beans.destination.publish(item)).isInstanceOfSatisfying(DeferredDeliveryException.class,
                d -> assertThat(d.until()).isEqualTo(Instant.parse("2030-03-10T08:00:00Z")));
        assertThat(fake.sessions()).isEmpty();
        assertThat(beans.quota.used()).isEqualTo(500);
        assertThat(beans.uploads.find(item.publicationId()).orElseThrow().sourcePath()).as("nothing prepared yet").isNull();

        clock.advance(Duration.ofMinutes(61));
        Remote remote = beans.destination.publish(item);

        assertThat(fake.video(remote.id())).isPresent();
        assertThat(beans.quota.today()).hasToString("2030-03-10");
        assertThat(beans.quota.used()).isEqualTo(2_050);
        assertThat(beans.quota.nextReset()).isEqualTo(Instant.parse("2030-03-11T07:00:00Z"));
    }

    @Test
    void googlesQuotaRefusalDefersToTheNextWindowAndSpendsTheDay() throws Exception {
        PublishItem item = video(randomFile("ep.mp4", 100_000), false);
        beans.auth.accessToken("default"); // so the scripted answer hits the session start, not the token grant
        fake.quotaExceededNext();

        assertThatThrownBy(() -> beans.destination.publish(item)).isInstanceOfSatisfying(DeferredDeliveryException.class,
                d -> assertThat(d.until()).isEqualTo(beans.quota.nextReset()));
        assertThat(beans.quota.remaining()).isZero();
    }

    @Test
    void refusalsArePermanentWithGooglesMessageAndOutagesMayPass() throws Exception {
        PublishItem item = video(randomFile("ep.mp4", 100_000), false);
        beans.auth.accessToken("default");
        fake.errorNext(1, 403, "forbidden", "The request is not properly authorized.", Map.of());
        assertThatThrownBy(() -> beans.destination.publish(item)).isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("The request is not properly authorized.").hasMessageContaining("403");

        fake.errorNext(1, 429, "rateLimitExceeded", "Too many requests", Map.of("Retry-After", "7"));
        assertThatThrownBy(() -> beans.destination.publish(item)).isInstanceOfSatisfying(DeliveryException.class, d -> {
            assertThat(d).isNotInstanceOf(PermanentDeliveryException.class);
            assertThat(d.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        });

        fake.errorNext(1, 503, "backendError", "Backend Error", Map.of());
        assertThatThrownBy(() -> beans.destination.publish(item)).isInstanceOfSatisfying(DeliveryException.class,
                d -> assertThat(d.status()).isEqualTo(503));
        assertThat(fake.videos()).isEmpty();
    }

    @Test
    void titleAndDescriptionAreFittedToYoutubesLimits() throws Exception {
        PublishItem long1 = YoutubeTestBeans.item(nextPublication++, 0, "<b>Loud</b> " + "Title words ".repeat(20),
                randomFile("ep.mp4", 50_000), "video/mp4", List.of(), null);
        PublishItem item = new PublishItem(long1.publicationId(), long1.episodeId(), 0, long1.key(), long1.showSlug(),
                long1.showTitle(), long1.title(), "Ü <tag> ".repeat(900), long1.url(), long1.feedUrl(), long1.media(),
                long1.mediaType(), 1000, null, List.of(), null, null, List.of(), null, null);

        Remote remote = beans.destination.publish(item);

        FakeYoutube.Video v = fake.video(remote.id()).orElseThrow();
        assertThat(v.title().codePointCount(0, v.title().length())).isLessThanOrEqualTo(100);
        assertThat(v.title()).doesNotContain("<", ">").startsWith("‹b›Loud‹/b› Title words");
        assertThat(v.description().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(5000);
        assertThat(v.description()).doesNotContain("<", ">");
    }

    @Test
    void anAudioClipBecomesAVerticalAudiogramShort() throws Exception {
        Path audio = TestMedia.mp3(3);
        PublishItem clip = YoutubeTestBeans.item(nextPublication++, 77, "Episode one (clip 1)", audio, "audio/mpeg",
                List.of(), null);

        Remote remote = beans.destination.publish(clip);

        FakeYoutube.Video v = fake.video(remote.id()).orElseThrow();
        assertThat(remote.url()).isEqualTo("https://www.youtube.com/shorts/" + v.id());
        assertThat(v.title()).isEqualTo("Episode one (clip 1) #Shorts");
        assertThat(v.description()).endsWith("#Shorts");
        assertThat(fake.sessions().get(0).contentType()).isEqualTo("video/mp4");
        Path uploaded = Files.write(dir.resolve("uploaded.mp4"), v.bytes());
        assertThat(new String(v.bytes(), 4, 4, StandardCharsets.ISO_8859_1)).isEqualTo("ftyp");
        String probe = TestMedia.ffmpeg().run(List.of("-hide_banner", "-i", uploaded.toString())).stderr();
        assertThat(probe).contains("h264").contains("90x160").contains("aac");
        // the rendered file is gone once the video exists
        try (var files = Files.list(beans.paths.work().resolve("youtube"))) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void aNewVersionUpdatesTheVideosSnippetOnly() throws Exception {
        PublishItem first = video(randomFile("ep.mp4", 100_000), false);
        Remote remote = beans.destination.publish(first);
        PublishItem second = YoutubeTestBeans.item(nextPublication++, 0, "Episode one, corrected", first.media(),
                "video/mp4", List.of(), null).withPreviousRemoteId(remote.id());

        Remote updated = beans.destination.publish(second);

        assertThat(updated).isEqualTo(remote);
        assertThat(fake.sessions()).hasSize(1);
        FakeYoutube.Video v = fake.video(remote.id()).orElseThrow();
        assertThat(v.updates()).isEqualTo(1);
        assertThat(v.title()).isEqualTo("Episode one, corrected");
        assertThat(v.resource().path("status").path("privacyStatus").asText()).isEqualTo("public");
        assertThat(beans.quota.usage().get("videos.update")).containsEntry("units", 50L);
    }
}
