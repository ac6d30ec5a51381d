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
import io.castwire.support.fakes.FakeFacebook;
import io.castwire.support.fakes.Forms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class FacebookDestinationTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
    private static final String FEED = "/v24.0/" + FakeFacebook.PAGE_ID + "/feed";

    private final FakeFacebook fake = FakeFacebook.startShared();
    private final FacebookProperties props = new FacebookProperties();
    private final MockEnvironment env = new MockEnvironment();
    private FacebookDestination facebook;

    @BeforeEach
    void setUp() {
        fake.reset();
        fake.expectToken(FakeFacebook.TOKEN);
        fake.clock(CLOCK);
        props.setBaseUrl(fake.baseUrl());
        props.setVideoBaseUrl(fake.baseUrl() + "/");
        props.setPageId(FakeFacebook.PAGE_ID);
        props.setConnectTimeout(Duration.ofSeconds(2));
        props.setRequestTimeout(Duration.ofSeconds(10));
        env.setProperty(props.getTokenEnv(), FakeFacebook.TOKEN);
        facebook = new FacebookDestination(props, new Secrets(env), CLOCK);
    }

    @Test
    void postsTheMessageAndLinkToThePageFeed() throws Exception {
        PublishItem item = SocialItems.episode("ep-50", "Ep. 50", "Half a hundred.");

        Remote remote = facebook.publish(item);

        ApiFake.Request sent = fake.last("POST", FEED);
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + FakeFacebook.TOKEN);
        assertThat(sent.rawQuery()).isNull();
        assertThat(Forms.urlencoded(sent.bodyText()))
                .containsOnly(Map.entry("message", PostTemplate.render(props.getTemplate(), item, 0)),
                        Map.entry("link", item.url()));
        assertThat(fake.posts()).singleElement().satisfies(p -> assertThat(p.id()).isEqualTo(remote.id()));
        assertThat(remote.id()).startsWith(FakeFacebook.PAGE_ID + "_");
        assertThat(remote.url()).isEqualTo("https://www.facebook.com/" + FakeFacebook.PAGE_ID + "/posts/"
                + remote.id().substring(remote.id().indexOf('_') + 1));
    }

    @Test
    void aNewVersionUpdatesTheMessageOfTheEarlierPost() throws Exception {
        Remote created = facebook.publish(SocialItems.episode("ep-51", "Ep. 51", "First cut."));
        PublishItem second = SocialItems.episode("ep-51", "Ep. 51 (fixed)", "Second cut.").withPreviousRemoteId(created.id());

        Remote updated = facebook.publish(second);

        assertThat(updated.id()).isEqualTo(created.id());
        assertThat(fake.last("POST", "/v24.0/" + created.id()).bodyText())
                .isEqualTo("message=" + Forms.encode(PostTemplate.render(props.getTemplate(), second, 0)));
        assertThat(fake.posts()).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo(PostTemplate.render(props.getTemplate(), second, 0)));
    }

    @Test
    void aPostDeletedOnFacebookIsPublishedAnew() throws Exception {
        PublishItem item = SocialItems.episode("ep-52", "Ep. 52", "Gone.")
                .withPreviousRemoteId(FakeFacebook.PAGE_ID + "_404");

        Remote remote = facebook.publish(item);

        assertThat(remote.id()).isNotEqualTo(FakeFacebook.PAGE_ID + "_404");
        assertThat(fake.posts()).singleElement().satisfies(p -> assertThat(p.id()).isEqualTo(remote.id()));
    }

    @Test
    void findExistingFindsWhatAnEarlierCallCreatedAndNothingElse() throws Exception {
        props.setTemplate("{title}");
        PublishItem published = SocialItems.episode("ep-53", "Ep. 53", "Out there.");
        Remote remote = facebook.publish(published);
        facebook.publish(SocialItems.episode("ep-54", "Ep. 54", "Also out."));

        // the message lacks the URL here: the link attachment is what matches
        assertThat(facebook.findExisting(published)).contains(remote);
        assertThat(facebook.findExisting(SocialItems.episode("ep-55", "Ep. 55", "Never sent."))).isEmpty();
        // link is deprecated on Page feeds since v3.3 (the fake refuses it, as the Graph API does)
        assertThat(fake.last("GET", FEED).query().get("fields").split(",")).doesNotContain("link");
    }

    @Test
    void aDuplicateCountsAsPostedWhenThePostIsFound() throws Exception {
        PublishItem item = SocialItems.episode("ep-56", "Ep. 56", "Sent, then the hub died.");
        Remote first = facebook.publish(item);

        assertThat(facebook.publish(item)).isEqualTo(first);
        assertThat(fake.posts()).hasSize(1);
    }

    @Test
    void serverErrorsAndTransientGraphErrorsMayPass() {
        fake.failNext(1, 500, Map.of(), FakeFacebook.errorBody(2, null, "An unexpected error has occurred.", "OAuthException"));
        fake.failNext(1, 502, Map.of(), "<html>Bad Gateway</html>");

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> facebook.publish(SocialItems.episode("ep-57", "Ep. 57", "Busy.")))
                    .isExactlyInstanceOf(DeliveryException.class);
        }
        assertThat(fake.posts()).isEmpty();
    }

    @Test
    void aPageRateLimitSentAs400WaitsAsLongAsTheUsageHeaderSays() {
        fake.rateLimitNext(1, 19);

        assertThatThrownBy(() -> facebook.publish(SocialItems.episode("ep-58", "Ep. 58", "Too fast.")))
                .isExactlyInstanceOf(DeliveryException.class)
                .satisfies(e -> {
                    assertThat(((DeliveryException) e).status()).isEqualTo(400);
                    assertThat(((DeliveryException) e).retryAfter()).isEqualTo(Duration.ofMinutes(19));
                });
    }

    @Test
    void anAppRateLimitWithoutAnEstimateWaitsTheConfiguredTime() {
        props.setRateLimitWait(Duration.ofMinutes(7));
        fake.appRateLimitNext(1);

        assertThatThrownBy(() -> facebook.publish(SocialItems.episode("ep-59", "Ep. 59", "Too fast.")))
                .isExactlyInstanceOf(DeliveryException.class)
                .satisfies(e -> assertThat(((DeliveryException) e).retryAfter()).isEqualTo(Duration.ofMinutes(7)));
    }

    @Test
    void aRefusedTokenIsPermanentAndNeverQuoted() {
        env.setProperty(props.getTokenEnv(), "stale-page-secret");

        assertThatThrownBy(() -> facebook.publish(SocialItems.episode("ep-60", "Ep. 60", "Denied.")))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("CASTWIRE_FACEBOOK_PAGE_TOKEN")
                .hasMessageContaining("code 190")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("stale-page-secret"));
    }

    @Test
    void permissionAndParameterErrorsArePermanentWhateverTheStatus() {
        fake.failNext(1, 403, Map.of(), FakeFacebook.errorBody(200, null, "(#200) Requires pages_manage_posts", "OAuthException"));
        fake.failNext(1, 500, Map.of(), FakeFacebook.errorBody(100, null, "(#100) Invalid parameter", "OAuthException"));

        assertThatThrownBy(() -> facebook.publish(SocialItems.episode("ep-61", "Ep. 61", "No.")))
                .isInstanceOf(PermanentDeliveryException.class).hasMessageContaining("pages_manage_posts");
        assertThatThrownBy(() -> facebook.publish(SocialItems.episode("ep-61", "Ep. 61", "No.")))
                .isInstanceOf(PermanentDeliveryException.class).hasMessageContaining("Invalid parameter");
    }

    @Test
    void aClipUploadsItsVideoAsThePagesVideoAndIsFoundAgain() throws Exception {
        props.setTemplate("{title}");
        Path video = TestMedia.mp4(2);
        PublishItem clip = SocialItems.clip("ep-62", 1, "The best minute", video);

        Remote remote = facebook.publish(clip);

        ApiFake.Request sent = fake.last("POST", "/v24.0/" + FakeFacebook.PAGE_ID + "/videos");
        assertThat(sent.header("Content-Length")).isEqualTo(Long.toString(sent.body().length));
        Map<String, Forms.Part> parts = Forms.multipart(sent.header("Content-Type"), sent.body());
        assertThat(parts.get("source").fileName()).isEqualTo(video.getFileName().toString());
        assertThat(parts.get("source").contentType()).isEqualTo("video/mp4");
        assertThat(parts.get("title").text()).isEqualTo("The best minute");
        assertThat(fake.videos()).singleElement().satisfies(v -> {
            assertThat(v.id()).isEqualTo(remote.id());
            assertThat(v.size()).isEqualTo(Files.size(video));
            assertThat(v.sha256()).isEqualTo(XDestinationTest.sha256(video));
            // the template has no {url}; the description carries it anyway so the video can be found
            assertThat(v.description()).isEqualTo("The best minute\n\n" + clip.url());
        });
        assertThat(fake.posts()).isEmpty();
        assertThat(remote.url()).isEqualTo("https://www.facebook.com/" + FakeFacebook.PAGE_ID + "/videos/" + remote.id());
        assertThat(facebook.findExisting(clip)).map(Remote::id).contains(remote.id());
        assertThat(facebook.findExisting(SocialItems.clip("ep-63", 1, "Other", video))).isEmpty();
    }

    @Test
    void bindsItsConfigurationKeys() {
        FacebookProperties bound = new Binder(new MapConfigurationPropertySource(Map.of(
                "castwire.publish.facebook.enabled", "true",
                "castwire.publish.facebook.base-url", "http://127.0.0.1:9",
                "castwire.publish.facebook.video-base-url", "http://127.0.0.1:10",
                "castwire.publish.facebook.graph-version", "v25.0",
                "castwire.publish.facebook.page-id", "42",
                "castwire.publish.facebook.token-env", "FB_PAGE_TOKEN",
                "castwire.publish.facebook.upload-video", "false",
                "castwire.publish.facebook.rate-limit-wait", "30m",
                "castwire.publish.facebook.find-limit", "10")))
                .bind("castwire.publish.facebook", Bindable.ofInstance(new FacebookProperties())).get();

        assertThat(bound.isEnabled()).isTrue();
        assertThat(bound.getBaseUrl()).isEqualTo("http://127.0.0.1:9");
        assertThat(bound.getVideoBaseUrl()).isEqualTo("http://127.0.0.1:10");
        assertThat(bound.getGraphVersion()).isEqualTo("v25.0");
        assertThat(bound.getPageId()).isEqualTo("42");
        assertThat(bound.getTokenEnv()).isEqualTo("FB_PAGE_TOKEN");
        assertThat(bound.isUploadVideo()).isFalse();
        assertThat(bound.getRateLimitWait()).isEqualTo(Duration.ofMinutes(30));
        assertThat(bound.getFindLimit()).isEqualTo(10);
    }

}
