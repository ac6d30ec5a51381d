package io.castwire.publishing.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The webhook outbox on every database castwire supports (subclasses give the data source): what
 * emit queues, and the conditional state changes that keep two workers off one delivery.
 */
abstract class WebhookDeliveriesContract {

    private static final Duration LEASE = Duration.ofMinutes(5);

    protected abstract DataSource dataSource();

    private MutableClock clock;
    private WebhookDeliveries deliveries;
    private WebhookEvents events;
    private TransactionTemplate tx;
    private NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();
    /** Subscriber names unique to this test: the database is shared by the tests of a class. */
    private String all;
    private String published;
    private String off;

    @BeforeEach
    void setUp() {
        jdbc = new NamedParameterJdbcTemplate(dataSource());
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource());
        tx = new TransactionTemplate(transactions);
        clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
        deliveries = new WebhookDeliveries(jdbc, clock, transactions);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        all = "all-" + suffix;
        published = "published-" + suffix;
        off = "off-" + suffix;
        WebhookProperties properties = new WebhookProperties();
        properties.setSubscribers(List.of(subscriber(all, List.of("*"), true),
                subscriber(published, List.of(WebhookEvents.EPISODE_PUBLISHED), true),
                subscriber(off, List.of("*"), false)));
        events = new WebhookEvents(properties, deliveries, json, clock);
    }

    private static WebhookProperties.Subscriber subscriber(String name, List<String> types, boolean enabled) {
        WebhookProperties.Subscriber s = new WebhookProperties.Subscriber();
        s.setName(name);
        s.setUrl("https://hooks.example.com/" + name);
        s.setEvents(types);
        s.setSecretEnv("WH_" + name);
        s.setEnabled(enabled);
        return s;
    }

    private long idOf(String subscriber, String type, String key) {
        return deliveries.find(subscriber, WebhookEvents.messageId(type, key)).orElseThrow().id();
    }

    @Test
    void emitQueuesOneDeliveryPerInterestedEnabledSubscriberWithTheSpecEnvelope() throws Exception {
        int queued = events.emit(WebhookEvents.EPISODE_PUBLISHED, 42L, "42-v1", Map.of("episodeId", 42, "title", "Pilot"));

        assertThat(queued).isEqualTo(2);
        String id = WebhookEvents.messageId(WebhookEvents.EPISODE_PUBLISHED, "42-v1");
        assertThat(id).matches("msg_[0-9a-f]{32}");
        WebhookDelivery d = deliveries.find(all, id).orElseThrow();
        assertThat(d.state()).isEqualTo(WebhookDelivery.PENDING);
        assertThat(d.attempts()).isZero();
        assertThat(d.episodeId()).isEqualTo(42L);
        assertThat(d.eventType()).isEqualTo("episode.published");
        assertThat(d.nextAttemptAt()).isEqualTo(clock.instant());
        assertThat(deliveries.find(published, id)).isPresent();
        assertThat(deliveries.find(off, id)).isEmpty();

        JsonNode payload = json.readTree(d.payload());
        assertThat(payload.fieldNames()).toIterable().containsExactly("type", "timestamp", "data");
        assertThat(payload.get("type").asText()).isEqualTo("episode.published");
        assertThat(payload.get("timestamp").asText()).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(payload.get("data").get("title").asText()).isEqualTo("Pilot");
        assertThat(d.payload()).doesNotContain(" ", "\n");

        assertThat(events.emit(WebhookEvents.CLIP_CREATED, 42L, "c-1", Map.of())).isEqualTo(1);
        assertThat(deliveries.find(published, WebhookEvents.messageId(WebhookEvents.CLIP_CREATED, "c-1"))).isEmpty();
    }

    @Test
    void emittingTheSameEventAgainQueuesNothingNew() {
        assertThat(events.emit(WebhookEvents.EPISODE_PUBLISHED, 7L, "7-v1", Map.of())).isEqualTo(2);
        assertThat(events.emit(WebhookEvents.EPISODE_PUBLISHED, 7L, "7-v1", Map.of("changed", true))).isZero();
        assertThat(events.emit(WebhookEvents.EPISODE_PUBLISHED, 7L, "7-v2", Map.of())).isEqualTo(2);
        assertThat(events.emit(WebhookEvents.SYSTEM_ALERT, null, null, Map.of())).isEqualTo(1);
        assertThat(events.emit(WebhookEvents.SYSTEM_ALERT, null, null, Map.of())).isEqualTo(1);
        assertThatThrownBy(() -> events.emit("episode.deleted", 1L, "x", Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDuplicateInsideTheCallersTransactionLeavesItUsableAndARollbackTakesTheEventsAlong() {
        events.emit(WebhookEvents.EPISODE_RECEIVED, 1L, "dup", Map.of());
        tx.executeWithoutResult(status -> {
            // PostgreSQL would refuse every later statement of the transaction after a failed insert
            assertThat(events.emit(WebhookEvents.EPISODE_RECEIVED, 1L, "dup", Map.of())).isZero();
            assertThat(events.emit(WebhookEvents.EPISODE_RECEIVED, 1L, "after-dup", Map.of())).isEqualTo(1);
        });
        assertThat(deliveries.find(all, WebhookEvents.messageId(WebhookEvents.EPISODE_RECEIVED, "after-dup"))).isPresent();

        tx.executeWithoutResult(status -> {
            events.emit(WebhookEvents.EPISODE_RECEIVED, 1L, "rolled-back", Map.of());
            status.setRollbackOnly();
        });
        assertThat(deliveries.find(all, WebhookEvents.messageId(WebhookEvents.EPISODE_RECEIVED, "rolled-back"))).isEmpty();
    }

    @Test
    void aClaimHoldsTheDeliveryUntilItsLeaseRunsOut() {
        events.emit(WebhookEvents.SYSTEM_ALERT, null, "lease", Map.of());
        long id = idOf(all, WebhookEvents.SYSTEM_ALERT, "lease");
        assertThat(deliveries.due(1000)).contains(id);

        WebhookDelivery claimed = deliveries.claim(id, LEASE).orElseThrow();
        assertThat(claimed.state()).isEqualTo(WebhookDelivery.SENDING);
        assertThat(claimed.attempts()).isEqualTo(1);
        assertThat(claimed.leaseUntil()).isEqualTo(clock.instant().plus(LEASE));
        assertThat(deliveries.claim(id, LEASE)).isEmpty();
        assertThat(deliveries.due(1000)).doesNotContain(id);

        // the worker died: after the lease anyone may take it, and that counts as another attempt
        clock.advance(LEASE.plusSeconds(1));
        assertThat(deliveries.due(1000)).contains(id);
        assertThat(deliveries.claim(id, LEASE).orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void onlyOneOfManyConcurrentWorkersClaimsADelivery() throws Exception {
        events.emit(WebhookEvents.SYSTEM_ALERT, null, "race", Map.of());
        long id = idOf(all, WebhookEvents.SYSTEM_ALERT, "race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                claims.add(() -> deliveries.claim(id, LEASE).isPresent());
            }
            int winners = 0;
            for (Future<Boolean> f : pool.invokeAll(claims)) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void outcomesApplyOnlyToAHeldDelivery() {
        events.emit(WebhookEvents.SYSTEM_ALERT, null, "outcomes", Map.of());
        long id = idOf(all, WebhookEvents.SYSTEM_ALERT, "outcomes");
        assertThat(deliveries.delivered(id, 200)).as("not claimed").isFalse();

        deliveries.claim(id, LEASE);
        Instant next = clock.instant().plusSeconds(30);
        assertThat(deliveries.reschedule(id, next, 503, "HTTP 503")).isTrue();
        WebhookDelivery waiting = deliveries.find(id).orElseThrow();
        assertThat(waiting.state()).isEqualTo(WebhookDelivery.PENDING);
        assertThat(waiting.nextAttemptAt()).isEqualTo(next);
        assertThat(waiting.lastStatus()).isEqualTo(503);
        assertThat(waiting.lastError()).isEqualTo("HTTP 503");
        assertThat(waiting.leaseUntil()).isNull();
        assertThat(deliveries.claim(id, LEASE)).as("not due yet").isEmpty();

        clock.advance(Duration.ofSeconds(30));
        deliveries.claim(id, LEASE);
        assertThat(deliveries.postpone(id, clock.instant().plusSeconds(60), "circuit open")).isTrue();
        assertThat(deliveries.find(id).orElseThrow().attempts()).as("an open circuit does not count").isEqualTo(1);
        assertThat(deliveries.find(id).orElseThrow().lastStatus()).as("kept").isEqualTo(503);

        clock.advance(Duration.ofSeconds(60));
        deliveries.claim(id, LEASE);
        assertThat(deliveries.delivered(id, 204)).isTrue();
        WebhookDelivery done = deliveries.find(id).orElseThrow();
        assertThat(done.state()).isEqualTo(WebhookDelivery.DELIVERED);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.lastStatus()).isEqualTo(204);
        assertThat(done.lastError()).isNull();
        assertThat(deliveries.replay(id)).as("delivered: nothing to replay").isFalse();
        assertThat(deliveries.fail(id, 400, "late")).isFalse();
    }

    @Test
    void aFailedDeliveryIsReplayedAsNewWithTheSameMessageId() {
        events.emit(WebhookEvents.PUBLICATION_FAILED, 3L, "pf", Map.of());
        long id = idOf(all, WebhookEvents.PUBLICATION_FAILED, "pf");
        deliveries.claim(id, LEASE);
        assertThat(deliveries.fail(id, 400, "HTTP 400")).isTrue();
        assertThat(deliveries.find(id).orElseThrow().state()).isEqualTo(WebhookDelivery.FAILED);
        assertThat(deliveries.due(1000)).doesNotContain(id);

        clock.advance(Duration.ofHours(1));
        assertThat(deliveries.replay(id)).isTrue();
        WebhookDelivery again = deliveries.find(id).orElseThrow();
        assertThat(again.state()).isEqualTo(WebhookDelivery.PENDING);
        assertThat(again.attempts()).isZero();
        assertThat(again.nextAttemptAt()).isEqualTo(clock.instant());
        assertThat(again.messageId()).isEqualTo(WebhookEvents.messageId(WebhookEvents.PUBLICATION_FAILED, "pf"));
        assertThat(deliveries.replay(id)).as("already waiting").isFalse();
    }

    @Test
    void aGoneSubscriberIsDisabledWithItsWaitingDeliveriesUntilEnabledAgain() {
        events.emit(WebhookEvents.EPISODE_PUBLISHED, 5L, "g1", Map.of());
        events.emit(WebhookEvents.EPISODE_PUBLISHED, 5L, "g2", Map.of());
        long held = idOf(published, WebhookEvents.EPISODE_PUBLISHED, "g1");
        deliveries.claim(held, LEASE);

        assertThat(deliveries.disableSubscriber(published, "answered 410 Gone")).isEqualTo(2);
        assertThat(deliveries.disableSubscriber(published, "answered 410 Gone again")).as("idempotent").isZero();
        assertThat(deliveries.isDisabled(published)).isTrue();
        assertThat(deliveries.disabledSubscribers().get(published).reason()).isEqualTo("answered 410 Gone again");
        assertThat(deliveries.find(held).orElseThrow().state()).isEqualTo(WebhookDelivery.DISABLED);
        assertThat(deliveries.find(all, WebhookEvents.messageId(WebhookEvents.EPISODE_PUBLISHED, "g1")).orElseThrow().state())
                .as("other subscribers are not affected").isEqualTo(WebhookDelivery.PENDING);

        assertThat(events.emit(WebhookEvents.EPISODE_PUBLISHED, 5L, "g3", Map.of())).as("only the other one").isEqualTo(1);

        assertThat(deliveries.enableSubscriber(published, true)).isEqualTo(2);
        assertThat(deliveries.isDisabled(published)).isFalse();
        assertThat(deliveries.find(held).orElseThrow().state()).isEqualTo(WebhookDelivery.PENDING);
        assertThat(deliveries.find(held).orElseThrow().attempts()).isZero();
        assertThat(events.emit(WebhookEvents.EPISODE_PUBLISHED, 5L, "g4", Map.of())).isEqualTo(2);
        assertThat(deliveries.countByState(published)).containsEntry(WebhookDelivery.PENDING, 3);
    }

    @Test
    void dueListsOldestFirstAndHonoursTheLimit() {
        events.emit(WebhookEvents.SYSTEM_ALERT, null, "first", Map.of());
        clock.advance(Duration.ofSeconds(1));
        events.emit(WebhookEvents.SYSTEM_ALERT, null, "second", Map.of());
        long first = idOf(all, WebhookEvents.SYSTEM_ALERT, "first");
        long second = idOf(all, WebhookEvents.SYSTEM_ALERT, "second");
        List<Long> due = deliveries.due(10_000);
        assertThat(due.indexOf(first)).isLessThan(due.indexOf(second));
        assertThat(deliveries.due(1)).hasSize(1);
    }
}
