package io.castwire.publishing.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.support.HubTest;
import io.castwire.support.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * What every destination must do, through the real routes, ledger, API and the destination's own
 * bean, against its API fake (or real server): publish once, retry what may pass, dead-letter and
 * replay a refusal, open and close its circuit, survive a crash between the call and the ledger
 * write, and hold its work while its route is stopped. A subclass supplies the remote side.
 */
public abstract class DestinationContract extends HubTest {

    @Autowired
    protected Destinations destinations;
    @Autowired
    protected DestinationPublisher publisher;
    @Autowired
    protected PublicationOutbox outbox;
    @Autowired
    protected NamedParameterJdbcTemplate jdbc;

    /** The destination under test. */
    protected abstract String name();

    /** Posts (or post updates) at the remote side whose content refers to this URL fragment. */
    protected abstract long postsMentioning(String fragment);

    /** Requests the remote side has received so far. */
    protected abstract int remoteCalls();

    /** The next {@code n} requests fail as the API does when it is down (5xx). */
    protected abstract void unavailableNext(int n);

    /** The next request is refused the way the API refuses for good (its own 4xx error shape). */
    protected abstract void refuseNext();

    /** The next request hits the API's rate limit, with a reset about a second away. */
    protected abstract void rateLimitNext();

    /** The remote id recorded for the post that mentions the fragment. */
    protected abstract String remoteIdMentioning(String fragment);

    private String send() {
        return destinations.sendRoute(name());
    }

    protected String dropEpisode(String prefix, double seconds) throws Exception {
        Path media = TestMedia.mp3(seconds);
        Path show = showInbox(name() + "-" + prefix);
        String slug = show.getFileName().toString();
        destinations.get(name()).settings().getShows().add(slug);
        Files.copy(media, show.resolve("ep.mp3"));
        return slug;
    }

    /** What the post of the show's episode contains: its public media URL, unique per show. */
    protected static String fragment(String slug) {
        return "/media/" + slug + "/";
    }

    protected JsonNode publication(String slug) throws Exception {
        JsonNode items = episodesOf(slug);
        if (items.isEmpty()) {
            return null;
        }
        for (JsonNode p : getJson("/api/episodes/" + items.get(0).get("id").asLong()).get("publications")) {
            if (p.get("destination").asText().equals(name()) && p.get("clipId").asLong() == 0) {
                return p;
            }
        }
        return null;
    }

    protected JsonNode awaitPublication(String slug, String state) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            found[0] = publication(slug);
            return found[0] != null && found[0].get("state").asText().equals(state);
        });
        return found[0];
    }

    private String circuit() throws Exception {
        for (JsonNode d : getJson("/api/destinations")) {
            if (d.get("name").asText().equals(name())) {
                return d.get("circuit").asText();
            }
        }
        throw new AssertionError("no destination " + name());
    }

    @Test
    void publishesAnEpisodeOnceAndRecordsWhereItIs() throws Exception {
        String slug = dropEpisode("ok", 41);
        JsonNode p = awaitPublication(slug, "PUBLISHED");
        assertThat(postsMentioning(fragment(slug))).isEqualTo(1);
        assertThat(p.get("remoteId").asText()).isEqualTo(remoteIdMentioning(fragment(slug)));
        assertThat(p.get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void retriesOutagesAndRateLimitsThenPublishesOnce() throws Exception {
        unavailableNext(2);
        rateLimitNext();
        String slug = dropEpisode("retry", 42);
        JsonNode p = awaitPublication(slug, "PUBLISHED");
        assertThat(postsMentioning(fragment(slug))).isEqualTo(1);
        assertThat(p.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aRefusalIsADeadLetterAndAReplayPublishesIt() throws Exception {
        refuseNext();
        String slug = dropEpisode("refused", 43);
        JsonNode failed = awaitPublication(slug, "FAILED");
        assertThat(postsMentioning(fragment(slug))).isZero();
        JsonNode letter = null;
        for (JsonNode d : getJson("/api/dead-letters?destination=" + name() + "&open=true").get("items")) {
            if (d.get("refId").asLong() == failed.get("id").asLong()) {
                letter = d;
            }
        }
        assertThat(letter).as("dead letter of publication " + failed.get("id")).isNotNull();
        assertThat(letter.get("cause").asText()).isEqualTo(failed.get("lastError").asText());
        assertThat(letter.get("payload").asText()).contains("\"destination\":\"" + name() + "\"");

        // subscribers hear about it: a signed publication.failed webhook (checked by the receiver)
        long episodeId = episodesOf(slug).get(0).get("id").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> io.castwire.support.WebhookReceiver.receivedBy("test-main")
                .stream().filter(io.castwire.support.WebhookReceiver.Received::verified).map(io.castwire.support.WebhookReceiver.Received::body).anyMatch(b ->
                        b.contains("\"publication.failed\"") && b.contains("\"destination\":\"" + name() + "\"")
                                && b.contains("\"episodeId\":" + episodeId + ",")));

        ResponseEntity<String> replay = admin().postForEntity("/api/dead-letters/" + letter.get("id").asLong() + "/replay",
                null, String.class);
        assertThat(replay.getStatusCode()).isEqualTo(HttpStatus.OK);
        awaitPublication(slug, "PUBLISHED");
        assertThat(postsMentioning(fragment(slug))).isEqualTo(1);
    }

    @Test
    void anOpenCircuitStopsCallsAndRecovers() throws Exception {
        unavailableNext(4);
        String slug = dropEpisode("circuit", 44);
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50)).until(() -> circuit().equals("OPEN"));
        // hold it open (as an admin can) to watch what the route does meanwhile
        org.apache.camel.component.resilience4j.ResilienceProcessor breaker = camel.getProcessor(
                Destinations.circuitId(name()), org.apache.camel.component.resilience4j.ResilienceProcessor.class);
        breaker.transitionToForcedOpenState();
        int atOpen = remoteCalls();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode p = publication(slug);
            return p.get("lastError").asText().startsWith("circuit open");
        });
        assertThat(remoteCalls()).as("calls while the circuit is open").isEqualTo(atOpen);
        assertThat(postsMentioning(fragment(slug))).isZero();
        // open again the normal way: after its wait it lets a trial call through, which closes it
        breaker.transitionToOpenState();
        awaitPublication(slug, "PUBLISHED");
        assertThat(postsMentioning(fragment(slug))).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> circuit().equals("CLOSED"));
    }

    @Test
    void aCrashBetweenTheCallAndTheLedgerWriteDoesNotPostTwice() throws Exception {
        String slug = dropEpisode("crash", 45);
        camel.getRouteController().stopRoute(send());
        try {
            long episode = awaitEpisodes(slug, 1, "PUBLISHED").get(0).get("id").asLong();
            long row = jdbc.queryForObject("SELECT id FROM publications WHERE episode_id = :e AND destination = :d "
                    + "AND clip_id = 0", Map.of("e", episode, "d", name()), Long.class);
            DestinationPublisher.Attempt item = publisher.prepare(name(), row,
                    new org.apache.camel.support.DefaultExchange(camel));
            assertThat(item).isNotNull();
            publisher.call(name(), item); // the remote side has the post; the process "dies" here
            assertThat(postsMentioning(fragment(slug))).isEqualTo(1);
            assertThat(outbox.find(row).orElseThrow().state()).isEqualTo("SENDING");
            assertThat(outbox.expireLeasesOfThisInstance()).isPositive(); // what the restart does
        } finally {
            camel.getRouteController().startRoute(send());
        }
        JsonNode p = awaitPublication(slug, "PUBLISHED");
        assertThat(postsMentioning(fragment(slug))).isEqualTo(1);
        assertThat(p.get("remoteId").asText()).isEqualTo(remoteIdMentioning(fragment(slug)));
    }

    @Test
    void aStoppedRouteHoldsItsWorkUntilItStarts() throws Exception {
        camel.getRouteController().stopRoute(send());
        String slug;
        try {
            slug = dropEpisode("stopped", 46);
            awaitPublication(slug, "PENDING");
            NotifyBuilder polls = new NotifyBuilder(camel).fromRoute(Destinations.pollRoute(name())).whenCompleted(4)
                    .create();
            assertThat(polls.matches(20, TimeUnit.SECONDS)).isTrue();
            assertThat(postsMentioning(fragment(slug))).isZero();
            assertThat(publication(slug).get("state").asText()).isEqualTo("PENDING");
        } finally {
            camel.getRouteController().startRoute(send());
        }
        awaitPublication(slug, "PUBLISHED");
        assertThat(postsMentioning(fragment(slug))).isEqualTo(1);
    }
}
