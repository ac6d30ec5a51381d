package io.castwire.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.castwire.common.CastwireProperties;
import io.castwire.publishing.delivery.Secrets;
import io.castwire.support.HubProcess;
import io.castwire.support.InboundWebhooks;
import io.castwire.support.MutableClock;
import io.castwire.support.TcpProxy;
import io.castwire.support.TestDatabases;
import io.castwire.publishing.webhook.WebhookSigner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mock.env.MockEnvironment;

/**
 * inbound_events on the real PostgreSQL server (and H2): the replay guard, leases that only one
 * replica wins, and a receiver that answers 503 with Retry-After, never 2xx, while the database is
 * away, and accepts the sender's retry once it is back.
 */
class InboundEventsPostgresTest {

    private static final String SCHEMA = TestDatabases.newSchemaName();
    private static HikariDataSource direct;

    @BeforeAll
    static void schema() {
        direct = TestDatabases.postgres(SCHEMA);
    }

    @AfterAll
    static void drop() {
        direct.close();
        TestDatabases.dropSchema(SCHEMA);
    }

    @Test
    void leasesRetriesAndTheReplayGuardOnPostgres() {
        contract(direct);
    }

    @Test
    void leasesRetriesAndTheReplayGuardOnH2() {
        try (HikariDataSource h2 = TestDatabases.h2()) {
            contract(h2);
        }
    }

    private void contract(HikariDataSource ds) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
        InboundEvents events = new InboundEvents(new NamedParameterJdbcTemplate(ds), clock);
        long id = events.insert("cms", "msg_1", "media.created", "{\"type\":\"media.created\"}");
        assertThatThrownBy(() -> events.insert("cms", "msg_1", "media.created", "{}")).isInstanceOf(DuplicateKeyException.class);
        // the same id from another source is another webhook
        long other = events.insert("renderer", "msg_1", "render.ready", "{}");
        assertThat(events.find("cms", "msg_1").orElseThrow().id()).isEqualTo(id);
        assertThat(events.dueIds(10)).containsExactly(id, other);

        // two replicas: one wins the lease
        assertThat(events.claim(id, "a", Duration.ofMinutes(1))).isPresent();
        assertThat(events.claim(id, "b", Duration.ofMinutes(1))).isEmpty();
        assertThat(events.dueIds(10)).containsExactly(other);
        // a finish by someone not holding the lease changes nothing
        assertThat(events.done(id, "b", 5L, "x")).isFalse();
        assertThat(events.retryAt(id, "a", clock.instant().plusSeconds(30), "attempt 1 failed: 503")).isTrue();
        InboundEvents.InboundEvent waiting = events.find(id).orElseThrow();
        assertThat(waiting.status()).isEqualTo(InboundEvents.Status.ACCEPTED);
        assertThat(waiting.attempts()).isEqualTo(1);
        assertThat(waiting.error()).contains("503");
        assertThat(waiting.finishedAt()).isNull();
        assertThat(events.dueIds(10)).doesNotContain(id);

        // due again after the backoff; a worker that dies leaves a lease another takes over when it runs out
        clock.advance(Duration.ofSeconds(31));
        assertThat(events.claim(id, "a", Duration.ofMinutes(1))).isPresent();
        clock.advance(Duration.ofMinutes(2));
        assertThat(events.dueIds(10)).contains(id);
        InboundEvents.InboundEvent taken = events.claim(id, "b", Duration.ofMinutes(1)).orElseThrow();
        assertThat(taken.attempts()).isEqualTo(3);
        assertThat(events.done(id, "a", 5L, "stale worker")).isFalse();
        assertThat(events.done(id, "b", 42L, "media registered as episode 42")).isTrue();
        InboundEvents.InboundEvent done = events.find(id).orElseThrow();
        assertThat(done.status()).isEqualTo(InboundEvents.Status.DONE);
        assertThat(done.episodeId()).isEqualTo(42L);
        assertThat(done.error()).isNull();
        assertThat(done.finishedAt()).isNotNull();
        assertThat(events.resubmit(id)).isFalse();

        events.claim(other, "a", Duration.ofMinutes(1)).orElseThrow();
        assertThat(events.fail(other, "a", "episode 9 does not exist")).isTrue();
        assertThat(events.find(other).orElseThrow().status()).isEqualTo(InboundEvents.Status.FAILED);
        assertThat(events.resubmit(other)).isTrue();
        InboundEvents.InboundEvent again = events.find(other).orElseThrow();
        assertThat(again.status()).isEqualTo(InboundEvents.Status.ACCEPTED);
        assertThat(again.attempts()).isZero();
        assertThat(events.dueIds(10)).containsExactly(other);
        assertThat(events.recent("renderer", 5)).extracting(InboundEvents.InboundEvent::id).containsExactly(other);
    }

    @Test
    void whileTheDatabaseIsAwayAWebhookIs503WithRetryAfterAndItsRetryIsAcceptedLater() throws Exception {
        int proxyPort = HubProcess.freePort();
        URI pg = URI.create(TestDatabases.POSTGRES_URL.substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(proxyPort, pg.getHost(), pg.getPort()).start();
             HikariDataSource ds = new HikariDataSource()) {
            ds.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxyPort + pg.getPath() + "?currentSchema=" + SCHEMA);
            ds.setUsername(TestDatabases.POSTGRES_USER);
            ds.setConnectionTimeout(1000);
            ds.setMaximumPoolSize(2);
            InboundEvents events = new InboundEvents(new NamedParameterJdbcTemplate(ds), java.time.Clock.systemUTC());
            InboundReceiver receiver = receiver(events);

            assertThat(receiver.receive(request("msg_before")).status()).isEqualTo(202);

            proxy.stop();
            InboundAnswer away = receiver.receive(request("msg_during"));
            assertThat(away.status()).isEqualTo(503);
            assertThat(away.headers()).containsEntry("Retry-After", "10");
            assertThat(away.contentType()).isEqualTo("application/problem+json");

            proxy.start();
            // the sender retries the same webhook: it was not stored, so it is accepted now, once
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> receiver.receive(request("msg_during")).status() == 202);
            assertThat(receiver.receive(request("msg_during")).status()).isEqualTo(409);
            assertThat(events.find("outage-src", "msg_during")).isPresent();
        }
    }

    private static InboundReceiver receiver(InboundEvents events) {
        InboundProperties properties = new InboundProperties();
        InboundProperties.Source source = new InboundProperties.Source();
        source.setName("outage-src");
        source.setSecretEnv("OUTAGE_TEST_SECRET");
        properties.setSources(List.of(source));
        MockEnvironment env = new MockEnvironment().withProperty("OUTAGE_TEST_SECRET", InboundWebhooks.SECRET);
        return new InboundReceiver(properties, new CastwireProperties(), new InboundSchemas(), events, new Secrets(env),
                new ObjectMapper(), java.time.Clock.systemUTC(), new SimpleMeterRegistry());
    }

    private static InboundReceiver.Request request(String id) {
        byte[] body = "{\"type\": \"media.created\", \"data\": {\"url\": \"https://cms.example.org/a.mp3\"}}"
                .getBytes(StandardCharsets.UTF_8);
        long ts = Instant.now().getEpochSecond();
        return new InboundReceiver.Request("outage-src", "application/json", id, Long.toString(ts),
                WebhookSigner.sign(id, ts, body, InboundWebhooks.SECRET), body);
    }
}
