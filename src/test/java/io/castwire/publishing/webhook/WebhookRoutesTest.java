package io.castwire.publishing.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.common.ConflictException;
import io.castwire.operations.deadletter.Replayer;
import io.castwire.publishing.delivery.HubEvent;
import io.castwire.support.HubTest;
import io.castwire.support.WebhookReceiver;
import io.castwire.support.WebhookReceiver.Answer;
import io.castwire.support.WebhookReceiver.Received;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Outbound webhooks end to end in the running hub: events emitted into the database, the outbox
 * poll, the delivery route with its error handling, the guarded HTTP client, and a receiver on
 * 127.0.0.1 that checks every signature with its own code. Each test uses its own event key.
 */
class WebhookRoutesTest extends HubTest {

    private static final String MAIN = "test-main";
    private static final String GONE = "test-gone";
    private static final String CIRCUIT = "test-circuit";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    private WebhookEvents events;
    @Autowired
    private WebhookDeliveries deliveries;
    @Autowired
    private WebhookReplayer replayer;
    @Autowired
    private WebhookCircuits circuits;
    @Autowired
    private WebhookProperties properties;
    @Autowired
    private NamedParameterJdbcTemplate jdbc;
    @Autowired
    private ApplicationEventPublisher publisher;
    @Autowired
    private TransactionTemplate tx;

    @BeforeEach
    void testSubscribersConfigured() {
        // the subscribers live in HubTest's shared properties; without them there is nothing to test against
        assumeTrue(properties.subscriber(MAIN).isPresent() && properties.subscriber(GONE).isPresent()
                && properties.subscriber(CIRCUIT).isPresent(), "HubTest does not configure the webhook test subscribers");
    }

    private static String key(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String emit(String type, String key) {
        events.emit(type, null, key, Map.of("key", key, "title", "Episode " + key));
        return WebhookEvents.messageId(type, key);
    }

    private WebhookDelivery awaitState(String subscriber, String messageId, String state) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(
                () -> deliveries.find(subscriber, messageId).map(WebhookDelivery::state).orElse(""), state::equals);
        return deliveries.find(subscriber, messageId).orElseThrow();
    }

    private List<Map<String, Object>> deadLettersOf(long deliveryId) {
        return jdbc.queryForList("SELECT * FROM dead_letters WHERE destination = 'webhook' AND ref_id = :id",
                Map.of("id", deliveryId));
    }

    @Test
    void deliversASignedEventOnce() {
        String key = key("happy");
        String id = emit(WebhookEvents.EPISODE_PUBLISHED, key);

        WebhookDelivery d = awaitState(MAIN, id, WebhookDelivery.DELIVERED);

        List<Received> got = WebhookReceiver.received(MAIN, key);
        assertThat(got).singleElement().satisfies(r -> {
            assertThat(r.verified()).as("signature checked by the receiver's own code").isTrue();
            assertThat(r.id()).isEqualTo(id);
            assertThat(r.body()).isEqualTo(d.payload());
            assertThat(r.contentType()).isEqualTo("application/json");
            assertThat(r.userAgent()).startsWith("castwire-webhooks/");
        });
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.lastStatus()).isEqualTo(204);
        // episode.published is not for the other test subscribers
        assertThat(deliveries.find(GONE, id)).isEmpty();
        assertThat(deliveries.find(CIRCUIT, id)).isEmpty();
    }

    @Test
    void hubEventsBecomeWebhooksOnlyWhenTheirTransactionCommits() {
        String committed = key("hub-event");
        String rolledBack = key("hub-event-rollback");
        tx.executeWithoutResult(status -> publisher.publishEvent(new HubEvent(WebhookEvents.EPISODE_RECEIVED, 9L, committed,
                Map.of("key", committed))));
        tx.executeWithoutResult(status -> {
            publisher.publishEvent(new HubEvent(WebhookEvents.EPISODE_RECEIVED, 9L, rolledBack, Map.of("key", rolledBack)));
            status.setRollbackOnly();
        });
        // an event type no subscriber can ask for is dropped, not thrown into the publisher's work
        tx.executeWithoutResult(status -> publisher.publishEvent(new HubEvent("episode.exploded", 9L, "x", Map.of())));

        WebhookDelivery d = awaitState(MAIN, WebhookEvents.messageId(WebhookEvents.EPISODE_RECEIVED, committed),
                WebhookDelivery.DELIVERED);
        assertThat(d.episodeId()).isEqualTo(9L);
        assertThat(WebhookReceiver.received(MAIN, committed)).singleElement().matches(Received::verified);
        assertThat(deliveries.find(MAIN, WebhookEvents.messageId(WebhookEvents.EPISODE_RECEIVED, rolledBack))).isEmpty();
    }

    @Test
    void quickRedeliveriesResendTheSameMessageWithinOneAttempt() {
        String key = key("flaky");
        WebhookReceiver.script(MAIN, key, 503, 503);
        String id = emit(WebhookEvents.EPISODE_RECEIVED, key);

        WebhookDelivery d = awaitState(MAIN, id, WebhookDelivery.DELIVERED);

        List<Received> got = WebhookReceiver.received(MAIN, key);
        assertThat(got).extracting(Received::answered).containsExactly(503, 503, 204);
        assertThat(got).extracting(Received::id).containsOnly(id);
        assertThat(got).allMatch(Received::verified);
        assertThat(d.attempts()).as("one logical delivery").isEqualTo(1);
    }

    @Test
    void waitsAsLongAsRetryAfterAsksWithoutQuickRedeliveries() {
        String key = key("throttled");
        WebhookReceiver.script(MAIN, key, Answer.of(429).header("Retry-After", "1"));
        String id = emit(WebhookEvents.CLIP_CREATED, key);

        WebhookDelivery d = awaitState(MAIN, id, WebhookDelivery.DELIVERED);

        List<Received> got = WebhookReceiver.received(MAIN, key);
        assertThat(got).extracting(Received::answered).containsExactly(429, 204);
        assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(got.get(1).timestamp()).as("each attempt is signed anew").isNotEqualTo(got.get(0).timestamp());
        assertThat(got).allMatch(Received::verified);
        assertThat(d.attempts()).isEqualTo(2);
    }

    @Test
    void aDeliveryThatKeepsFailingEndsAsADeadLetterAfterItsLastAttempt() {
        String key = key("down");
        WebhookReceiver.script(MAIN, key, 503, 503, 503, 503, 503, 503, 503, 503, 503);
        String id = emit(WebhookEvents.EPISODE_RECEIVED, key);

        WebhookDelivery d = awaitState(MAIN, id, WebhookDelivery.FAILED);

        int attempts = properties.getMaxAttempts();
        assertThat(WebhookReceiver.received(MAIN, key)).hasSize(attempts * (1 + properties.getMaxRedeliveries()))
                .extracting(Received::id).containsOnly(id);
        assertThat(d.attempts()).isEqualTo(attempts);
        assertThat(d.lastStatus()).isEqualTo(503);
        assertThat(deadLettersOf(d.id())).singleElement().satisfies(letter -> {
            assertThat(letter.get("route_id")).isEqualTo(WebhookRoutes.DELIVER);
            assertThat(letter.get("attempts")).isEqualTo(attempts);
            assertThat(letter.get("payload")).isEqualTo(d.payload());
            assertThat((String) letter.get("cause")).contains("HTTP 503").doesNotContain(WebhookReceiver.SECRET.substring(6));
        });
    }

    @Test
    void aPermanentRefusalIsNotRetriedAndAReplayDeliversItWithTheSameId() throws Exception {
        String key = key("refused");
        WebhookReceiver.script(MAIN, key, Answer.of(400).body("unknown field 'title'"));
        String id = emit(WebhookEvents.EPISODE_PUBLISHED, key);

        WebhookDelivery failed = awaitState(MAIN, id, WebhookDelivery.FAILED);
        assertThat(WebhookReceiver.received(MAIN, key)).hasSize(1);
        assertThat(failed.attempts()).isEqualTo(1);
        Map<String, Object> letter = deadLettersOf(failed.id()).get(0);
        assertThat((String) letter.get("cause")).contains("HTTP 400", "unknown field 'title'");

        // the dead-letter API hands it to WebhookReplayer
        long letterId = ((Number) letter.get("id")).longValue();
        ResponseEntity<String> replay = admin().postForEntity("/api/dead-letters/" + letterId + "/replay", null, String.class);
        assertThat(replay.getStatusCode().value()).isEqualTo(200);
        assertThat(json.readTree(replay.getBody()).get("replay").asText()).contains("queued again");

        WebhookDelivery delivered = awaitState(MAIN, id, WebhookDelivery.DELIVERED);
        List<Received> got = WebhookReceiver.received(MAIN, key);
        assertThat(got).extracting(Received::answered).containsExactly(400, 204);
        assertThat(got).extracting(Received::id).containsOnly(id);
        assertThat(got.get(1).verified()).isTrue();
        assertThat(delivered.attempts()).isEqualTo(1);
        Replayer.DeadLetter again = new Replayer.DeadLetter(letterId, WebhookRoutes.DELIVER, "webhook", null, failed.id(),
                failed.payload(), "", 1, Instant.now(), null);
        assertThatThrownBy(() -> replayer.replay(again)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("DELIVERED");
    }

    @Test
    void aRedirectIsNotFollowedAndFailsTheDelivery() {
        String key = key("moved");
        WebhookReceiver.script(MAIN, key, Answer.of(302).header("Location", "http://169.254.169.254/latest/meta-data/"));
        String id = emit(WebhookEvents.EPISODE_PUBLISHED, key);

        WebhookDelivery d = awaitState(MAIN, id, WebhookDelivery.FAILED);

        assertThat(WebhookReceiver.received(MAIN, key)).hasSize(1);
        assertThat(d.lastStatus()).isEqualTo(302);
        assertThat((String) deadLettersOf(d.id()).get(0).get("cause")).contains("redirect to 169.254.169.254", "not followed");
    }

    @Test
    void aSubscriberThatAnswersGoneIsDisabledUntilAnAdminEnablesIt() throws Exception {
        String key = key("gone");
        WebhookReceiver.script(GONE, key, 410);
        String id = emit(WebhookEvents.PUBLICATION_FAILED, key);

        awaitState(GONE, id, WebhookDelivery.DISABLED);
        assertThat(awaitState(MAIN, id, WebhookDelivery.DELIVERED)).as("other subscribers go on").isNotNull();
        assertThat(deliveries.isDisabled(GONE)).isTrue();
        assertThat(WebhookReceiver.received(GONE, key)).hasSize(1);
        JsonNode view = getJson("/api/webhooks/subscribers");
        JsonNode gone = null;
        for (JsonNode s : view) {
            gone = s.get("name").asText().equals(GONE) ? s : gone;
        }
        assertThat(gone).isNotNull();
        assertThat(gone.get("disabledReason").asText()).contains("410");
        assertThat(gone.get("origin").asText()).isEqualTo(WebhookReceiver.baseUrl());
        JsonNode health = getJson("/actuator/health").get("components").get("webhooks").get("components");
        assertThat(health.get(GONE).get("status").asText()).isEqualTo("DEGRADED");
        assertThat(health.get(GONE).get("details").get("reason").asText()).contains("410").contains("/enable");
        assertThat(health.get(MAIN).get("status").asText()).isEqualTo("UP");

        String later = key("gone-later");
        String laterId = emit(WebhookEvents.PUBLICATION_FAILED, later);
        awaitState(MAIN, laterId, WebhookDelivery.DELIVERED);
        assertThat(deliveries.find(GONE, laterId)).as("nothing is queued for a disabled subscriber").isEmpty();

        ResponseEntity<String> enabled = admin().postForEntity("/api/webhooks/subscribers/" + GONE + "/enable?resend=true",
                null, String.class);
        assertThat(enabled.getStatusCode().is2xxSuccessful()).isTrue();
        // at least the one it refused (publication.failed events of other tests may have been disabled with it)
        assertThat(json.readTree(enabled.getBody()).get("requeued").asInt()).isGreaterThanOrEqualTo(1);

        // the delivery it refused is sent again (same webhook-id), and new events reach it
        awaitState(GONE, id, WebhookDelivery.DELIVERED);
        assertThat(WebhookReceiver.received(GONE, key)).extracting(Received::answered).containsExactly(410, 204);
        assertThat(getJson("/actuator/health").get("components").get("webhooks").get("components").get(GONE)
                .get("status").asText()).isEqualTo("UP");
        String again = key("gone-again");
        String againId = emit(WebhookEvents.PUBLICATION_FAILED, again);
        awaitState(GONE, againId, WebhookDelivery.DELIVERED);
    }

    @Test
    void anOpenCircuitStopsCallsWithoutUsingUpAttemptsAndRecovers() {
        WebhookProperties.Subscriber subscriber = properties.subscriber(CIRCUIT).orElseThrow();
        String first = key("circuit-first");
        WebhookReceiver.script(CIRCUIT, first, 503, 503);
        String firstId = emit(WebhookEvents.SYSTEM_ALERT, first);

        // two failures in a window of two open the circuit during the quick redeliveries
        await().atMost(WAIT).until(() -> circuits.state(subscriber) == CircuitBreaker.State.OPEN);
        assertThat(WebhookReceiver.received(CIRCUIT, first)).hasSize(2);

        String second = key("circuit-second");
        String secondId = emit(WebhookEvents.SYSTEM_ALERT, second);
        await().atMost(WAIT).until(() -> deliveries.find(CIRCUIT, secondId)
                .filter(d -> d.lastError() != null && d.lastError().contains("circuit open")).isPresent());
        WebhookDelivery waiting = deliveries.find(CIRCUIT, secondId).orElseThrow();
        assertThat(waiting.state()).isEqualTo(WebhookDelivery.PENDING);
        assertThat(waiting.attempts()).as("nothing was sent: no attempt used").isZero();
        assertThat(WebhookReceiver.received(CIRCUIT, second)).as("no call while open").isEmpty();

        // after wait-in-open a trial call goes through, succeeds, and both are delivered
        WebhookDelivery firstDone = awaitState(CIRCUIT, firstId, WebhookDelivery.DELIVERED);
        WebhookDelivery secondDone = awaitState(CIRCUIT, secondId, WebhookDelivery.DELIVERED);
        assertThat(circuits.state(subscriber)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(WebhookReceiver.received(CIRCUIT, first)).extracting(Received::answered).containsExactly(503, 503, 204);
        assertThat(WebhookReceiver.received(CIRCUIT, second)).extracting(Received::answered).containsExactly(204);
        assertThat(secondDone.attempts()).isEqualTo(1);
        assertThat(firstDone.attempts()).as("the attempt that did send counts").isEqualTo(2);
        // the same event went to test-main, whose circuit never opened
        assertThat(awaitState(MAIN, firstId, WebhookDelivery.DELIVERED).attempts()).isEqualTo(1);
    }

    @Test
    void aStoppedDeliveryRouteHoldsDeliveriesInTheDatabaseUntilItStarts() throws Exception {
        camel.getRouteController().stopRoute(WebhookRoutes.DELIVER);
        String key = key("held");
        String id;
        try {
            id = emit(WebhookEvents.EPISODE_RECEIVED, key);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(
                    () -> deliveries.find(MAIN, id).map(d -> d.state().equals(WebhookDelivery.PENDING) && d.attempts() == 0)
                            .orElse(false) && WebhookReceiver.received(MAIN, key).isEmpty());
        } finally {
            camel.getRouteController().startRoute(WebhookRoutes.DELIVER);
        }
        WebhookDelivery d = awaitState(MAIN, id, WebhookDelivery.DELIVERED);
        assertThat(WebhookReceiver.received(MAIN, key)).hasSize(1);
        assertThat(d.attempts()).isEqualTo(1);
    }

    @Test
    void theSubscriberViewIsForAdminsAndShowsNoSecretOrPath() {
        assertThat(http.getForEntity("/api/webhooks/subscribers", String.class).getStatusCode().value()).isEqualTo(401);
        assertThat(http.postForEntity("/api/webhooks/subscribers/" + GONE + "/enable", null, String.class)
                .getStatusCode().value()).isEqualTo(401);
        ResponseEntity<String> view = admin().getForEntity("/api/webhooks/subscribers", String.class);
        assertThat(view.getBody()).contains(MAIN, CIRCUIT).doesNotContain("/test-main", WebhookReceiver.SECRET,
                "CASTWIRE_TEST_WEBHOOK_SECRET");
        assertThat(admin().postForEntity("/api/webhooks/subscribers/nobody/enable", null, String.class)
                .getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void anAdminCanSendASignedTestEventToOneSubscriber() throws Exception {
        ResponseEntity<String> r = admin().postForEntity("/api/webhooks/subscribers/" + GONE + "/test", null, String.class);
        assertThat(r.getStatusCode().value()).isEqualTo(202);
        String id = json.readTree(r.getBody()).get("webhookId").asText();
        // test-gone subscribes to publication.failed only: a test event reaches it anyway
        await().atMost(Duration.ofSeconds(20)).until(() -> WebhookReceiver.receivedBy(GONE).stream()
                .anyMatch(x -> x.id().equals(id) && x.verified() && x.body().contains("\"type\":\"webhook.test\"")));
        assertThat(admin().postForEntity("/api/webhooks/subscribers/nobody/test", null, String.class)
                .getStatusCode().value()).isEqualTo(404);
        assertThat(http.postForEntity("/api/webhooks/subscribers/" + GONE + "/test", null, String.class)
                .getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void everyWebhookRouteHasItsIdAndAutoStartupKey() {
        assertThat(camel.getRoute(WebhookRoutes.POLL)).isNotNull();
        assertThat(camel.getRoute(WebhookRoutes.DELIVER)).isNotNull();
        assertThat(camel.getRoute(WebhookRoutes.DELIVER).getConfigurationId()).isEqualTo(WebhookRouteConfiguration.ID);
    }
}
