package io.castwire.publishing.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import io.castwire.publishing.delivery.PostTemplate;
import io.castwire.publishing.delivery.PublishItem;
import io.castwire.publishing.delivery.Remote;
import io.castwire.publishing.delivery.Secrets;
import io.castwire.support.TestMedia;
import io.castwire.support.fakes.ApiFake;
import io.castwire.support.fakes.FakeX;
import io.castwire.support.fakes.Forms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

class XDestinationTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

    private final FakeX fake = FakeX.startShared();
    private final XProperties props = new XProperties();
    private final MockEnvironment env = new MockEnvironment();
    private XDestination x;

    @BeforeEach
    void setUp() {
        fake.reset();
        fake.expectToken(FakeX.TOKEN);
        fake.clock(CLOCK);
        props.setBaseUrl(fake.baseUrl());
        props.setConnectTimeout(Duration.ofSeconds(2));
        props.setRequestTimeout(Duration.ofSeconds(10));
        env.setProperty(props.getTokenEnv(), FakeX.TOKEN);
        x = new XDestination(props, new Secrets(env), CLOCK);
    }

    @Test
    void postsTheTemplateTextWithTheUserToken() throws Exception {
        PublishItem item = SocialItems.episode("ep-30", "Ep. 30", "Short and sweet.");

        Remote remote = x.publish(item);

        ApiFake.Request sent = fake.last("POST", "/2/tweets");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + FakeX.TOKEN);
        assertThat(sent.header("Content-Type")).startsWith("application/json");
        assertThat(sent.json().path("text").asText()).isEqualTo(PostTemplate.render(props.getTemplate(), item, 0));
        assertThat(sent.json().has("media")).isFalse();
        assertThat(fake.posts()).singleElement().satisfies(p -> assertThat(p.id()).isEqualTo(remote.id()));
        assertThat(remote.url()).isEqualTo("https://x.com/i/web/status/" + remote.id());
    }

    @Test
    void aLongTextIsShortenedAsXCountsItWithTheLinkAt23Characters() throws Exception {
        PublishItem item = SocialItems.episode("ep-31-" + "a-very-long-slug".repeat(6), "Ep. 31", "Words. ".repeat(100));
        assertThat(item.url().length()).isGreaterThan(100);

        x.publish(item);

        String text = fake.last("POST", "/2/tweets").json().path("text").asText();
        // the fake refuses more than 280; more than 280 code points went out, since the link counts 23
        assertThat(fake.posts()).hasSize(1);
        assertThat(text.codePointCount(0, text.length())).isGreaterThan(300);
        assertThat(text).startsWith("Ep. 31").endsWith("…\n" + item.url());
        assertThat(XText.weight(text)).isBetween(270, 280);
    }

    @Test
    void theLinkIsPostedEvenWhenTheTemplateLeavesItOut() throws Exception {
        props.setTemplate("New: {title}");
        PublishItem item = SocialItems.episode("ep-32", "Ep. 32", "Desc.");

        x.publish(item);

        assertThat(fake.last("POST", "/2/tweets").json().path("text").asText()).isEqualTo("New: Ep. 32\n\n" + item.url());
        assertThat(x.findExisting(item)).isPresent();
    }

    @Test
    void aNewVersionPostsNothingBecauseXCannotEditPosts() throws Exception {
        PublishItem item = SocialItems.episode("ep-33", "Ep. 33 v2", "Changed.").withPreviousRemoteId("1860000000000000042");

        Remote remote = x.publish(item);

        assertThat(remote).isEqualTo(new Remote("1860000000000000042", "https://x.com/i/web/status/1860000000000000042"));
        assertThat(fake.calls()).isZero();
    }

    @Test
    void findExistingMatchesTheExpandedLinkOfAnEarlierPost() throws Exception {
        PublishItem published = SocialItems.episode("ep-34", "Ep. 34", "Out there.");
        Remote remote = x.publish(published);
        x.publish(SocialItems.episode("ep-35", "Ep. 35", "Also out."));

        assertThat(x.findExisting(published)).contains(remote);
        assertThat(x.findExisting(SocialItems.episode("ep-36", "Ep. 36", "Never sent."))).isEmpty();
        assertThat(fake.last("GET", "/2/users/.+/tweets").path()).isEqualTo("/2/users/" + FakeX.USER_ID + "/tweets");
        assertThat(fake.last("GET", "/2/users/.+/tweets").query())
                .containsEntry("max_results", "100").containsEntry("tweet.fields", "entities");
    }

    @Test
    void duplicateContentCountsAsPostedWhenThePostIsFound() throws Exception {
        PublishItem item = SocialItems.episode("ep-37", "Ep. 37", "Sent, then the hub died.");
        Remote first = x.publish(item);

        Remote again = x.publish(item);

        assertThat(again).isEqualTo(first);
        assertThat(fake.posts()).hasSize(1);
    }

    @Test
    void duplicateContentThatCannotBeFoundIsPermanent() {
        fake.failNext(1, 403, Map.of("Content-Type", "application/json"), "{\"detail\":\"You are not allowed to create a"
                + " Tweet with duplicate content.\",\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403}");

        assertThatThrownBy(() -> x.publish(SocialItems.episode("ep-38", "Ep. 38", "Lost.")))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("duplicate content");
    }

    @Test
    void serverErrorsMayPass() {
        fake.failNext(1, 503, Map.of(), "{\"title\":\"Service Unavailable\",\"detail\":\"Service Unavailable\","
                + "\"type\":\"about:blank\",\"status\":503}");

        assertThatThrownBy(() -> x.publish(SocialItems.episode("ep-39", "Ep. 39", "Busy.")))
                .isExactlyInstanceOf(DeliveryException.class)
                .satisfies(e -> assertThat(((DeliveryException) e).status()).isEqualTo(503));
    }

    @Test
    void aRateLimitWaitsUntilTheWindowResets() {
        fake.rateLimitNext(1, 120);

        assertThatThrownBy(() -> x.publish(SocialItems.episode("ep-40", "Ep. 40", "Too fast.")))
                .isExactlyInstanceOf(DeliveryException.class)
                .satisfies(e -> assertThat(((DeliveryException) e).retryAfter()).isEqualTo(Duration.ofSeconds(120)));
    }

    @Test
    void theDailyPostLimitWaitsForItsOwnReset() {
        fake.dailyLimitNext(1, 5_000);

        assertThatThrownBy(() -> x.publish(SocialItems.episode("ep-41", "Ep. 41", "Too many today.")))
                .isExactlyInstanceOf(DeliveryException.class)
                .satisfies(e -> assertThat(((DeliveryException) e).retryAfter()).isEqualTo(Duration.ofSeconds(5_000)));
    }

    @Test
    void aRefusedTokenIsPermanentAndNeverQuoted() {
        env.setProperty(props.getTokenEnv(), "revoked-x-secret");

        assertThatThrownBy(() -> x.publish(SocialItems.episode("ep-42", "Ep. 42", "Denied.")))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("CASTWIRE_X_BEARER_TOKEN")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("revoked-x-secret"));
    }

    @Test
    void aClipUploadsItsVideoInChunksWaitsForProcessingAndAttachesIt() throws Exception {
        fake.clock(Clock.systemUTC());
        fake.processing(1, 1);
        props.setChunkSize(DataSize.ofKilobytes(16));
        Path video = TestMedia.mp4(3);
        long size = Files.size(video);
        int segments = (int) ((size + 16 * 1024 - 1) / (16 * 1024));
        assertThat(segments).isGreaterThan(1);

        Remote remote = x.publish(SocialItems.clip("ep-43", 1, "The best minute", video));

        ApiFake.Request init = fake.last("POST", "/2/media/upload/initialize");
        assertThat(init.json().path("media_type").asText()).isEqualTo("video/mp4");
        assertThat(init.json().path("total_bytes").asLong()).isEqualTo(size);
        assertThat(init.json().path("media_category").asText()).isEqualTo("tweet_video");
        List<ApiFake.Request> appends = fake.requests("POST", "/2/media/upload/.+/append");
        assertThat(appends).hasSize(segments);
        assertThat(appends.stream().map(r -> Forms.multipart(r.header("Content-Type"), r.body()).get("segment_index").text()))
                .containsExactlyElementsOf(IntStream.range(0, segments).mapToObj(Integer::toString).toList());
        String mediaId = fake.last("POST", "/2/tweets").json().path("media").path("media_ids").path(0).asText();
        FakeX.Upload upload = fake.upload(mediaId).orElseThrow();
        assertThat(upload.segmentCount()).isEqualTo(segments);
        assertThat(upload.sha256()).isEqualTo(sha256(video));
        assertThat(upload.state()).isEqualTo("succeeded");
        // X said check_after_secs=1 after finalize; the status was asked no sooner
        Instant finalized = fake.last("POST", "/2/media/upload/.+/finalize").at();
        Instant checked = fake.last("GET", "/2/media/upload").at();
        assertThat(Duration.between(finalized, checked)).isGreaterThanOrEqualTo(Duration.ofMillis(990));
        assertThat(fake.posts()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(remote.id());
            assertThat(p.mediaIds()).containsExactly(mediaId);
        });
    }

    @Test
    void aVideoXCannotProcessIsPermanent() {
        fake.processing(0, 1);
        fake.failProcessing(true);
        Path video = TestMedia.mp4(1);

        assertThatThrownBy(() -> x.publish(SocialItems.clip("ep-44", 1, "Broken", video)))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("Unsupported video format");
        assertThat(fake.posts()).isEmpty();
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Test
    void bindsItsConfigurationKeys() {
        XProperties bound = new Binder(new MapConfigurationPropertySource(Map.of(
                "castwire.publish.x.enabled", "true",
                "castwire.publish.x.base-url", "http://127.0.0.1:9",
                "castwire.publish.x.token-env", "MY_X_TOKEN",
                "castwire.publish.x.upload-video", "false",
                "castwire.publish.x.chunk-size", "2MB",
                "castwire.publish.x.media-category", "amplify_video",
                "castwire.publish.x.media-processing-timeout", "90s",
                "castwire.publish.x.clips", "2")))
                .bind("castwire.publish.x", Bindable.ofInstance(new XProperties())).get();

        assertThat(bound.isEnabled()).isTrue();
        assertThat(bound.getBaseUrl()).isEqualTo("http://127.0.0.1:9");
        assertThat(bound.getTokenEnv()).isEqualTo("MY_X_TOKEN");
        assertThat(bound.isUploadVideo()).isFalse();
        assertThat(bound.getChunkSize()).isEqualTo(DataSize.ofMegabytes(2));
        assertThat(bound.getMediaCategory()).isEqualTo("amplify_video");
        assertThat(bound.getMediaProcessingTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(bound.getClips()).isEqualTo(2);
    }

}
