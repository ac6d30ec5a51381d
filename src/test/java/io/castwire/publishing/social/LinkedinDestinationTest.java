package io.castwire.publishing.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import io.castwire.publishing.delivery.PostTemplate;
import io.castwire.publishing.delivery.PublishItem;
import io.castwire.publishing.delivery.Remote;
import io.castwire.publishing.delivery.Secrets;
import io.castwire.support.fakes.ApiFake;
import io.castwire.support.fakes.FakeLinkedin;
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

class LinkedinDestinationTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T22:30:00Z"), ZoneOffset.UTC);

    private final FakeLinkedin fake = FakeLinkedin.startShared();
    private final LinkedinProperties props = new LinkedinProperties();
    private final MockEnvironment env = new MockEnvironment();
    private LinkedinDestination linkedin;

    @BeforeEach
    void setUp() {
        fake.reset();
        fake.expectToken(FakeLinkedin.TOKEN);
        fake.clock(CLOCK);
        props.setBaseUrl(fake.baseUrl());
        props.setAuthor(FakeLinkedin.AUTHOR);
        props.setConnectTimeout(Duration.ofSeconds(2));
        props.setRequestTimeout(Duration.ofSeconds(10));
        env.setProperty(props.getTokenEnv(), FakeLinkedin.TOKEN);
        linkedin = new LinkedinDestination(props, new Secrets(env), CLOCK);
    }

    @Test
    void publishesAnArticlePostWithTheTemplateTextAndTheVersionedHeaders() throws Exception {
        PublishItem item = SocialItems.episode("ep-12", "Ep. 12 (live) with @ana & [guests]", "Queues, #kafka and *retries*.");

        Remote remote = linkedin.publish(item);

        ApiFake.Request sent = fake.last("POST", "/rest/posts");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + FakeLinkedin.TOKEN);
        assertThat(sent.header("LinkedIn-Version")).isEqualTo("202605");
        assertThat(sent.header("X-Restli-Protocol-Version")).isEqualTo("2.0.0");
        JsonNode body = sent.json();
        assertThat(body.path("author").asText()).isEqualTo(FakeLinkedin.AUTHOR);
        assertThat(body.path("visibility").asText()).isEqualTo("PUBLIC");
        assertThat(body.path("lifecycleState").asText()).isEqualTo("PUBLISHED");
        assertThat(body.path("distribution").path("feedDistribution").asText()).isEqualTo("MAIN_FEED");
        JsonNode article = body.path("content").path("article");
        assertThat(article.path("source").asText()).isEqualTo(item.url());
        assertThat(article.path("title").asText()).isEqualTo(item.title());
        assertThat(article.path("description").asText()).isEqualTo(item.description());
        // members read the whole rendered template: nothing was cut at a parenthesis or an @
        assertThat(FakeLinkedin.visibleCommentary(body.path("commentary").asText()))
                .isEqualTo(PostTemplate.render(props.getTemplate(), item, 0));
        assertThat(fake.posts()).singleElement().satisfies(p -> assertThat(p.id()).isEqualTo(remote.id()));
        assertThat(remote.url()).isEqualTo("https://www.linkedin.com/feed/update/" + remote.id());
    }

    @Test
    void aNewVersionUpdatesTheCommentaryOfTheEarlierPost() throws Exception {
        PublishItem first = SocialItems.episode("ep-13", "Ep. 13", "First cut.");
        Remote created = linkedin.publish(first);
        PublishItem second = SocialItems.episode("ep-13", "Ep. 13 (remastered)", "Better audio.")
                .withPreviousRemoteId(created.id());

        Remote updated = linkedin.publish(second);

        assertThat(updated).isEqualTo(created);
        ApiFake.Request sent = fake.last("POST", "/rest/posts/.+");
        assertThat(sent.path()).isEqualTo("/rest/posts/" + created.id().replace(":", "%3A"));
        assertThat(sent.header("X-RestLi-Method")).isEqualTo("PARTIAL_UPDATE");
        assertThat(sent.json().path("patch").path("$set").fieldNames()).toIterable().containsExactly("commentary");
        assertThat(fake.posts()).singleElement().satisfies(p -> assertThat(FakeLinkedin.visibleCommentary(p.commentary()))
                .isEqualTo(PostTemplate.render(props.getTemplate(), second, 0)));
    }

    @Test
    void aPostDeletedOnLinkedinIsPublishedAnew() throws Exception {
        PublishItem item = SocialItems.episode("ep-14", "Ep. 14", "Gone.").withPreviousRemoteId("urn:li:share:404");

        Remote remote = linkedin.publish(item);

        assertThat(remote.id()).isNotEqualTo("urn:li:share:404");
        assertThat(fake.posts()).singleElement().satisfies(p -> assertThat(p.id()).isEqualTo(remote.id()));
    }

    @Test
    void findExistingFindsWhatAnEarlierCallCreatedAndNothingElse() throws Exception {
        PublishItem published = SocialItems.episode("ep-15", "Ep. 15", "Published.");
        Remote remote = linkedin.publish(published);
        linkedin.publish(SocialItems.episode("ep-16", "Ep. 16", "Another one."));

        assertThat(linkedin.findExisting(published)).contains(remote);
        assertThat(linkedin.findExisting(SocialItems.episode("ep-17", "Ep. 17", "Never sent."))).isEmpty();
        ApiFake.Request list = fake.last("GET", "/rest/posts");
        assertThat(list.query()).containsEntry("q", "author").containsEntry("author", FakeLinkedin.AUTHOR)
                .containsEntry("count", "50");
        assertThat(list.header("X-RestLi-Method")).isEqualTo("FINDER");
    }

    @Test
    void serverErrorsMayPass() {
        fake.failNext(1, 503, Map.of("Content-Type", "application/json"),
                "{\"status\":503,\"code\":\"SERVICE_UNAVAILABLE\",\"message\":\"Service Unavailable\"}");

        assertThatThrownBy(() -> linkedin.publish(SocialItems.episode("ep-18", "Ep. 18", "Busy.")))
                .isExactlyInstanceOf(DeliveryException.class)
                .satisfies(e -> assertThat(((DeliveryException) e).status()).isEqualTo(503));
        assertThat(fake.posts()).isEmpty();
    }

    @Test
    void theDailyThrottleWaitsUntilMidnightUtc() {
        fake.rateLimitNext(1);

        assertThatThrownBy(() -> linkedin.publish(SocialItems.episode("ep-19", "Ep. 19", "Throttled.")))
                .isExactlyInstanceOf(DeliveryException.class)
                .satisfies(e -> {
                    assertThat(((DeliveryException) e).status()).isEqualTo(429);
                    assertThat(((DeliveryException) e).retryAfter()).isEqualTo(Duration.ofMinutes(90));
                });
    }

    @Test
    void aRefusedTokenIsPermanentAndNeverQuoted() {
        env.setProperty(props.getTokenEnv(), "expired-secret-token");

        assertThatThrownBy(() -> linkedin.publish(SocialItems.episode("ep-20", "Ep. 20", "Denied.")))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("CASTWIRE_LINKEDIN_ACCESS_TOKEN")
                .hasMessageContaining("INVALID_ACCESS_TOKEN")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("expired-secret-token"));
    }

    @Test
    void aRetiredVersionIsPermanentAndNamesTheSetting() {
        props.setVersion("202401");

        assertThatThrownBy(() -> linkedin.publish(SocialItems.episode("ep-21", "Ep. 21", "Old.")))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("castwire.publish.linkedin.version")
                .satisfies(e -> assertThat(((DeliveryException) e).status()).isEqualTo(426));
    }

    @Test
    void anAuthorTheTokenMayNotPostAsIsPermanent() {
        props.setAuthor("urn:li:organization:999");

        assertThatThrownBy(() -> linkedin.publish(SocialItems.episode("ep-22", "Ep. 22", "Wrong page.")))
                .isInstanceOf(PermanentDeliveryException.class)
                .satisfies(e -> assertThat(((DeliveryException) e).status()).isEqualTo(403));
    }

    @Test
    void escapingKeepsUrlsAndHashtagsAndFitsTheLimit() {
        assertThat(LittleText.escape("Ep (1) #kafka #1 at https://x.org/a_b(c) *now*"))
                .isEqualTo("Ep \\(1\\) #kafka #1 at https://x.org/a_b(c) \\*now\\*");
        PublishItem long_ = SocialItems.episode("ep-23", "Title", "(" .repeat(4000));
        String commentary = linkedin.commentary(long_);
        assertThat(commentary.length()).isLessThanOrEqualTo(LinkedinDestination.MAX_COMMENTARY);
        assertThat(commentary).endsWith(long_.url());
    }

    @Test
    void bindsItsConfigurationKeys() {
        LinkedinProperties bound = new Binder(new MapConfigurationPropertySource(Map.of(
                "castwire.publish.linkedin.enabled", "true",
                "castwire.publish.linkedin.base-url", "http://127.0.0.1:9",
                "castwire.publish.linkedin.token-env", "LI_TOKEN",
                "castwire.publish.linkedin.author", "urn:li:person:abc",
                "castwire.publish.linkedin.version", "202610",
                "castwire.publish.linkedin.visibility", "CONNECTIONS",
                "castwire.publish.linkedin.find-count", "20",
                "castwire.publish.linkedin.circuit.wait-in-open", "2m")))
                .bind("castwire.publish.linkedin", Bindable.ofInstance(new LinkedinProperties())).get();

        assertThat(bound.isEnabled()).isTrue();
        assertThat(bound.getBaseUrl()).isEqualTo("http://127.0.0.1:9");
        assertThat(bound.getTokenEnv()).isEqualTo("LI_TOKEN");
        assertThat(bound.getAuthor()).isEqualTo("urn:li:person:abc");
        assertThat(bound.getVersion()).isEqualTo("202610");
        assertThat(bound.getVisibility()).isEqualTo("CONNECTIONS");
        assertThat(bound.getFindCount()).isEqualTo(20);
        assertThat(bound.getCircuit().getWaitInOpen()).isEqualTo(Duration.ofMinutes(2));
    }

}
