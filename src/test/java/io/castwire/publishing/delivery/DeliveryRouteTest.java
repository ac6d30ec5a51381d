package io.castwire.publishing.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.support.HubTest;
import io.castwire.support.ScriptedDestination;
import io.castwire.support.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The shared delivery machinery, through the real routes, ledger and API, with a destination whose
 * remote side is scripted: retries, Retry-After, dead letters and replay, the circuit, a crash
 * between the remote call and the ledger write, and a stopped route.
 */
class DeliveryRouteTest extends HubTest {

    private static final String SEND = "publish-" + ScriptedDestination.NAME + "-send";

    @Autowired
    ScriptedDestination scripted;
    @Autowired
    PublicationOutbox outbox;
    @Autowired
    DestinationPublisher publisher;
    @Autowired
    NamedParameterJdbcTemplate jdbc;

    /** Drops an episode into a new show the scripted destination serves; returns the show slug. */
    private String dropEpisode(String prefix, double seconds) throws Exception {
        Path mp3 = TestMedia.mp3(seconds);
        Path show = showInbox(prefix);
        String slug = show.getFileName().toString();
        scripted.addShow(slug);
        Files.copy(mp3, show.resolve("ep.mp3"));
        return slug;
    }

    private JsonNode publication(String slug) throws Exception {
        long id = awaitEpisodes(slug, 1, "PUBLISHED").get(0).get("id").asLong();
        for (JsonNode p : getJson("/api/episodes/" + id).get("publications")) {
            if (p.get("destination").asText().equals(ScriptedDestination.NAME)) {
                return p;
            }
        }
        return null;
    }

    private JsonNode awaitPublication(String slug, String state) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> {
            found[0] = publication(slug);
            return found[0] != null && found[0].get("state").asText().equals(state);
        });
        return found[0];
    }

    private static DeliveryException unavailable() {
        return new DeliveryException("scripted answered HTTP 503", 503, null);
    }

    @Test
    void anEpisodeIsPublishedOnceWithItsRemoteIdInTheLedgerAndTheApi() throws Exception {
        String slug = dropEpisode("deliver-ok", 31);
        JsonNode p = awaitPublication(slug, "PUBLISHED");
        assertThat(p.get("remoteId").asText()).startsWith("post-");
        assertThat(p.get("remoteUrl").asText()).startsWith("https://scripted.example/");
        assertThat(p.get("attempts").asInt()).isEqualTo(1);
        assertThat(scripted.receivedFor(slug)).singleElement().satisfies(item -> {
            assertThat(item.key()).isEqualTo("castwire:" + slug + ":ep");
            assertThat(item.url()).contains("/media/" + slug + "/");
            assertThat(Files.size(item.media())).isPositive();
        });
    }

    private JsonNode awaitPublicationOf(long episodeId, String state) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode p : getJson("/api/episodes/" + episodeId).get("publications")) {
                if (p.get("destination").asText().equals(ScriptedDestination.NAME)) {
                    found[0] = p;
                    return p.get("state").asText().equals(state);
                }
            }
            return false;
        });
        return found[0];
    }

    /** Drops a second version (other content, same name) and returns both episode ids, oldest first. */
    private long[] secondVersion(String slug, double seconds) throws Exception {
        Files.copy(TestMedia.mp3(seconds), paths.inbox().resolve(slug).resolve("ep.mp3"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        JsonNode both = awaitEpisodes(slug, 2, "PUBLISHED");
        long a = both.get(0).get("id").asLong();
        long b = both.get(1).get("id").asLong();
        return new long[] {Math.min(a, b), Math.max(a, b)};
    }

    @Test
    void aNewVersionUpdatesThePostOfTheEarlierOne() throws Exception {
        String slug = dropEpisode("deliver-v2", 47);
        JsonNode first = awaitPublication(slug, "PUBLISHED");
        long[] ids = secondVersion(slug, 48);
        JsonNode second = awaitPublicationOf(ids[1], "PUBLISHED");
        assertThat(second.get("remoteId").asText()).isEqualTo(first.get("remoteId").asText());
        List<PublishItem> sent = scripted.receivedFor(slug);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).previousRemoteId()).isEqualTo(first.get("remoteId").asText());
        assertThat(sent.get(1).episodeId()).isEqualTo(ids[1]);
        awaitPublicationOf(ids[0], "SUPERSEDED");
    }

    @Test
    void anOlderVersionNeverOverwritesANewerOneEvenOnReplay() throws Exception {
        scripted.next(1, (item, remote) -> {
            throw new PermanentDeliveryException("scripted answered HTTP 422", 422);
        });
        String slug = dropEpisode("deliver-old", 49);
        JsonNode failed = awaitPublication(slug, "FAILED");
        long[] ids = secondVersion(slug, 50);
        awaitPublicationOf(ids[1], "PUBLISHED");
        // the older row left the outbox when the newer version went out
        awaitPublicationOf(ids[0], "SUPERSEDED");
        long letter = 0;
        for (JsonNode d : getJson("/api/dead-letters?destination=scripted").get("items")) {
            if (d.get("refId").asLong() == failed.get("id").asLong()) {
                letter = d.get("id").asLong();
            }
        }
        ResponseEntity<String> replay = admin().postForEntity("/api/dead-letters/" + letter + "/replay", null, String.class);
        assertThat(replay.getBody()).contains("SUPERSEDED");
        assertThat(scripted.receivedFor(slug)).singleElement().satisfies(i -> assertThat(i.episodeId()).isEqualTo(ids[1]));
    }

    @Test
    void transientFailuresAreRetriedQuicklyAndPublishOnce() throws Exception {
        scripted.next(2, (item, remote) -> {
            throw unavailable();
        });
        String slug = dropEpisode("deliver-retry", 32);
        JsonNode p = awaitPublication(slug, "PUBLISHED");
        assertThat(p.get("attempts").asInt()).isEqualTo(3);
        assertThat(scripted.receivedFor(slug)).hasSize(1);
    }

    @Test
    void retryAfterIsHonouredInTheLedgerNotByAHeldThread() throws Exception {
        scripted.next(1, (item, remote) -> {
            throw new DeliveryException("scripted answered HTTP 429", 429, Duration.ofSeconds(2));
        });
        Instant before = Instant.now();
        String slug = dropEpisode("deliver-429", 33);
        JsonNode[] seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> {
            seen[0] = publication(slug);
            return seen[0] != null && seen[0].get("state").asText().equals("PENDING") && seen[0].get("attempts").asInt() >= 1;
        });
        JsonNode pending = seen[0];
        assertThat(pending.get("lastError").asText()).contains("429");
        Instant next = Instant.parse(pending.get("nextAttemptAt").asText());
        assertThat(next).isAfter(before.plusSeconds(2));
        JsonNode p = awaitPublication(slug, "PUBLISHED");
        assertThat(p.get("attempts").asInt()).isEqualTo(2);
        assertThat(Instant.parse(p.get("updatedAt").asText())).isAfterOrEqualTo(next);
    }

    @Test
    void aDeferralWaitsUntilItsTimeWithoutUsingAttemptsOrOpeningTheCircuit() throws Exception {
        // more deferrals than the destination has attempts, and more than the circuit's window: a
        // spent quota is neither the item's failure nor the destination's outage
        scripted.next(6, (item, remote) -> {
            throw new DeferredDeliveryException("scripted quota spent until the reset", Instant.now().plusMillis(400));
        });
        String slug = dropEpisode("deliver-defer", 35);
        JsonNode[] seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50)).until(() -> {
            seen[0] = publication(slug);
            return seen[0] != null && seen[0].get("state").asText().equals("PENDING")
                    && seen[0].get("lastError").asText().contains("quota spent");
        });
        JsonNode p = awaitPublication(slug, "PUBLISHED");
        assertThat(p.get("attempts").asInt()).as("every deferral was a call, none a lost attempt").isEqualTo(7);
        assertThat(jdbc.queryForObject("SELECT rounds FROM publications WHERE id = :id", Map.of("id", p.get("id").asLong()),
                Integer.class)).isZero();
        assertThat(circuit()).isEqualTo("CLOSED");
        assertThat(scripted.receivedFor(slug)).hasSize(1);
        assertThat(getJson("/api/dead-letters?destination=scripted").get("items").toString())
                .doesNotContain("\"publicationId\":" + p.get("id").asLong() + ",");
    }

    @Test
    void aPermanentRefusalIsADeadLetterThatAReplaySendsOnceFixed() throws Exception {
        scripted.next(1, (item, remote) -> {
            throw new PermanentDeliveryException("scripted answered HTTP 403: not allowed", 403);
        });
        String slug = dropEpisode("deliver-dead", 34);
        JsonNode failed = awaitPublication(slug, "FAILED");
        assertThat(failed.get("attempts").asInt()).isEqualTo(1);
        assertThat(failed.get("lastError").asText()).contains("403");

        JsonNode letter = null;
        for (JsonNode d : getJson("/api/dead-letters?destination=scripted").get("items")) {
            if (d.get("payload").asText().contains("\"publicationId\":" + failed.get("id").asLong())) {
                letter = d;
            }
        }
        assertThat(letter).isNotNull();
        assertThat(letter.get("cause").asText()).contains("403").contains("not allowed");
        assertThat(letter.get("attempts").asInt()).isEqualTo(1);
        assertThat(letter.get("routeId").asText()).isEqualTo(SEND);
        assertThat(scripted.receivedFor(slug)).isEmpty();

        ResponseEntity<String> replay = admin().postForEntity("/api/dead-letters/" + letter.get("id").asLong()
                + "/replay", null, String.class);
        assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.OK);
        awaitPublication(slug, "PUBLISHED");
        assertThat(scripted.receivedFor(slug)).hasSize(1);

        ResponseEntity<String> again = admin().postForEntity("/api/dead-letters/" + letter.get("id").asLong()
                + "/replay", null, String.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getHeaders().getContentType().toString()).contains("problem+json");
    }

    @Test
    void repeatedFailuresOpenTheCircuitWhichStopsCallsAndRecovers() throws Exception {
        int before = scripted.calls();
        scripted.next(4, (item, remote) -> {
            throw unavailable();
        });
        String slug = dropEpisode("deliver-circuit", 39);
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50))
                .until(() -> circuit().equals("OPEN"));
        JsonNode p = awaitPublication(slug, "PUBLISHED");
        // four failed calls, then one trial call in the half-open state that succeeded: while the
        // circuit was open, nothing was called
        assertThat(scripted.calls() - before).isEqualTo(5);
        assertThat(p.get("attempts").asInt()).isEqualTo(5);
        assertThat(circuit()).isEqualTo("CLOSED");
        assertThat(scripted.receivedFor(slug)).hasSize(1);
        // admins hear about it: system.alert webhooks for the opening and the closing
        await().atMost(Duration.ofSeconds(20)).until(() -> io.castwire.support.WebhookReceiver.receivedBy("test-main")
                .stream().filter(io.castwire.support.WebhookReceiver.Received::verified).map(io.castwire.support.WebhookReceiver.Received::body).filter(b -> b.contains("system.alert")
                        && b.contains("\"destination\":\"scripted\"")).map(b -> b.contains("circuit-open") ? "open"
                        : b.contains("circuit-closed") ? "closed" : "other").distinct().count() >= 2);
    }

    private String circuit() throws Exception {
        for (JsonNode d : getJson("/api/destinations")) {
            if (d.get("name").asText().equals(ScriptedDestination.NAME)) {
                return d.get("circuit").asText();
            }
        }
        throw new AssertionError("no scripted destination in /api/destinations");
    }

    @Test
    void aCallThatReachedTheDestinationBeforeACrashIsFoundNotPostedAgain() throws Exception {
        // the remote side acts, then the answer is lost (a timeout, or the process dies)
        scripted.next(1, (item, remote) -> {
            remote.put(item.key(), new Remote("post-before-crash", "https://scripted.example/post-before-crash"));
            throw new DeliveryException("scripted: read timed out", null);
        });
        String slug = dropEpisode("deliver-crash", 36);
        JsonNode p = awaitPublication(slug, "PUBLISHED");
        assertThat(p.get("remoteId").asText()).isEqualTo("post-before-crash");
        assertThat(scripted.receivedFor(slug)).isEmpty();
    }

    @Test
    void aRowLeftSendingByADeadProcessIsLookedUpAfterTheRestart() throws Exception {
        // a worker claimed the row and made the call, then the process died before the ledger write
        String slug = dropEpisode("deliver-restart", 37);
        camel.getRouteController().stopRoute(SEND);
        try {
            long id = awaitEpisodes(slug, 1, "PUBLISHED").get(0).get("id").asLong();
            long row = jdbc.queryForObject("SELECT id FROM publications WHERE episode_id = :e AND destination = 'scripted'",
                    Map.of("e", id), Long.class);
            DestinationPublisher.Attempt attempt = publisher.prepare(ScriptedDestination.NAME, row,
                    new org.apache.camel.support.DefaultExchange(camel));
            assertThat(attempt).isNotNull();
            publisher.call(ScriptedDestination.NAME, attempt);
            assertThat(scripted.receivedFor(slug)).hasSize(1);
            assertThat(outbox.find(row).orElseThrow().state()).isEqualTo("SENDING");
            // what a restart of this instance does
            assertThat(outbox.expireLeasesOfThisInstance()).isGreaterThanOrEqualTo(1);
        } finally {
            camel.getRouteController().startRoute(SEND);
        }
        JsonNode p = awaitPublication(slug, "PUBLISHED");
        assertThat(scripted.receivedFor(slug)).hasSize(1);
        assertThat(p.get("remoteId").asText()).isEqualTo(scripted.remoteFor("castwire:" + slug + ":ep").id());
        assertThat(getJson("/api/episodes/" + awaitEpisodes(slug, 1, "PUBLISHED").get(0).get("id").asLong())
                .get("timeline").toString()).contains("found from an earlier attempt");
    }

    @Test
    void aStoppedSendRouteHoldsTheWorkUntilItStarts() throws Exception {
        camel.getRouteController().stopRoute(SEND);
        String slug;
        try {
            slug = dropEpisode("deliver-stopped", 38);
            awaitPublication(slug, "PENDING");
            NotifyBuilder polls = new NotifyBuilder(camel).fromRoute(Destinations.pollRoute(ScriptedDestination.NAME))
                    .whenCompleted(4).create();
            assertThat(polls.matches(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(scripted.receivedFor(slug)).isEmpty();
            assertThat(publication(slug).get("state").asText()).isEqualTo("PENDING");
        } finally {
            camel.getRouteController().startRoute(SEND);
        }
        awaitPublication(slug, "PUBLISHED");
        assertThat(scripted.receivedFor(slug)).hasSize(1);
    }
}
