package io.castwire.kamelets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.MediaInfo;
import io.castwire.episode.NewEpisode;
import io.castwire.episode.ShowRepository;
import io.castwire.processing.probe.MediaProbe;
import io.castwire.publishing.webhook.WebhookEvents;
import io.castwire.publishing.webhook.WebhookSigner;
import io.castwire.support.HubTest;
import io.castwire.support.S3Server;
import io.castwire.support.TestMedia;
import io.castwire.support.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs every castwire Kamelet through {@code kamelet:} in the shared hub, with real input and
 * castwire's real beans behind it: files and S3 objects end up as registered episodes, a signed POST
 * passes the webhook source, the sinks write ledger rows and webhook deliveries, the actions score
 * a transcript and cut a clip with ffmpeg. Routes a test adds (and the routes the Kamelets create)
 * are removed after it, so the shared context keeps only the hub's own routes.
 */
class KameletsTest extends HubTest {

    private static final List<String> DESTINATIONS = List.of("wordpress", "cablecast", "youtube", "linkedin", "x", "facebook");

    @Autowired
    private EpisodeRepository episodes;
    @Autowired
    private ShowRepository shows;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private MediaProbe probe;

    private final Set<String> hubRoutes = new HashSet<>();
    private ProducerTemplate producer;

    @BeforeEach
    void remember() {
        camel.getRoutes().forEach(r -> hubRoutes.add(r.getRouteId()));
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void removeTestRoutes() throws Exception {
        ModelCamelContext model = (ModelCamelContext) camel;
        for (Route r : List.copyOf(camel.getRoutes())) {
            if (!hubRoutes.contains(r.getRouteId())) {
                camel.getRouteController().stopRoute(r.getRouteId());
                camel.removeRoute(r.getRouteId());
            }
        }
        for (RouteDefinition d : List.copyOf(model.getRouteDefinitions())) {
            if (!hubRoutes.contains(d.getRouteId())) {
                model.removeRouteDefinition(d);
            }
        }
        producer.close();
    }

    private void route(String id, String from, String to) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(from).routeId(id).to(to);
            }
        });
    }

    private String show(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---------------------------------------------------------------- sources

    @Test
    void theFolderSourceHandsSettledFilesToTheInboxAndTheHubRegistersThem() throws Exception {
        String show = show("kamelet-folder");
        Path dir = Files.createTempDirectory(Path.of("target"), "kamelet-folder-").toAbsolutePath();
        MockEndpoint out = camel.getEndpoint("mock:kamelet-folder", MockEndpoint.class);
        out.reset();
        out.expectedBodiesReceived(show + "/talk.mp3");
        route("kamelet-test-folder", "kamelet:castwire-folder-source?directory=" + dir + "&show=" + show
                + "&settleTime=300&delay=100", "mock:kamelet-folder");

        Files.copy(TestMedia.mp3(3.0), dir.resolve("talk.mp3"));

        out.assertIsSatisfied(20_000);
        assertThat(out.getExchanges().get(0).getMessage().getHeader(KameletHeaders.SHOW)).isEqualTo(show);
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(dir.resolve("talk.mp3")));
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> episodesOf(show).size() == 1);
        JsonNode episode = episodesOf(show).get(0);
        assertThat(episode.toString()).as("the hub's ingest registered the handed-over file").contains("talk");
    }

    @Test
    void theFolderSourceTakesTheShowFromTheSubFolderWhenNoneIsGiven() throws Exception {
        String show = show("kamelet-sub");
        Path dir = Files.createTempDirectory(Path.of("target"), "kamelet-folder-").toAbsolutePath();
        MockEndpoint out = camel.getEndpoint("mock:kamelet-folder-sub", MockEndpoint.class);
        out.reset();
        out.expectedBodiesReceived(show + "/notes.srt");
        route("kamelet-test-folder-sub", "kamelet:castwire-folder-source?directory=" + dir
                + "&settleTime=300&delay=100", "mock:kamelet-folder-sub");

        Files.createDirectories(dir.resolve(show));
        Files.writeString(dir.resolve(show).resolve("notes.srt"), TestMedia.srt(3));

        out.assertIsSatisfied(20_000);
    }

    @Test
    void theS3SourceStreamsObjectsFromARealS3ServerIntoTheInbox() throws Exception {
        S3Server server = S3Server.shared();
        String bucket = server.newBucket("kamelet");
        String show = show("kamelet-s3");
        Path media = TestMedia.mp3(2.0);
        try (S3Client client = server.client()) {
            // a folder marker is skipped; the object under the show's prefix becomes an episode
            client.putObject(r -> r.bucket(bucket).key(show + "/"), RequestBody.empty());
            client.putObject(r -> r.bucket(bucket).key(show + "/interview.mp3"), RequestBody.fromFile(media));
        }
        MockEndpoint out = camel.getEndpoint("mock:kamelet-s3", MockEndpoint.class);
        out.reset();
        out.expectedBodiesReceived(show + "/interview.mp3");
        route("kamelet-test-s3", "kamelet:castwire-s3-source?bucketName=" + bucket + "&region=us-east-1"
                + "&accessKey=RAW(" + S3Server.ACCESS_KEY + ")&secretKey=RAW(" + S3Server.SECRET_KEY + ")&overrideEndpoint=true"
                + "&uriEndpointOverride=" + server.endpoint() + "&forcePathStyle=true&prefix=" + show + "/&delay=200",
                "mock:kamelet-s3");

        out.assertIsSatisfied(20_000);
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> episodesOf(show).size() == 1);
        assertThat(Files.readAllBytes(paths.resolve(episodes.list(show, null, 10, 0).get(0).mediaPath())))
                .as("the stored media are the object's bytes").isEqualTo(Files.readAllBytes(media));
        // deleteAfterRead (the default): the object is gone from the bucket once handed over
        try (S3Client client = server.client()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> client.listObjectsV2(r -> r.bucket(bucket).prefix(show + "/"))
                    .contents().stream().noneMatch(o -> o.key().endsWith(".mp3")));
        }
    }

    @Test
    void theWebhookSourcePassesOnlyVerifiedEventsAndStripsTheSendersHeaders() throws Exception {
        String source = "kamelet-" + UUID.randomUUID().toString().substring(0, 8);
        MockEndpoint out = camel.getEndpoint("mock:kamelet-webhook", MockEndpoint.class);
        out.reset();
        route("kamelet-test-webhook", "kamelet:castwire-webhook-source?source=" + source + "&secret=RAW("
                + WebhookReceiver.SECRET + ")&maxBodyBytes=2000", "mock:kamelet-webhook");
        String body = "{\"type\":\"transcript.ready\",\"data\":{\"episodeId\":7}}";
        String url = "http://localhost:" + port + "/webhooks/" + source;

        ResponseEntity<String> ok = http.postForEntity(url, signed("msg_a1", body, WebhookReceiver.SECRET), String.class);
        assertThat(ok.getStatusCode().value()).as(ok.getBody()).isEqualTo(202);
        out.expectedMessageCount(1);
        out.assertIsSatisfied(5_000);
        var message = out.getExchanges().get(0).getMessage();
        assertThat(message.getBody(String.class)).isEqualTo(body);
        assertThat(message.getHeaders()).containsEntry(WebhookSigner.ID_HEADER, "msg_a1")
                .containsEntry(KameletHeaders.WEBHOOK_SOURCE, source)
                .doesNotContainKeys("CamelHttpUri", "X-Sender", "webhook-signature", KameletHeaders.EPISODE_ID);

        ResponseEntity<String> replay = http.postForEntity(url, signed("msg_a1", body, WebhookReceiver.SECRET), String.class);
        assertThat(replay.getStatusCode().value()).as("a replayed webhook-id").isEqualTo(409);
        ResponseEntity<String> forged = http.postForEntity(url,
                signed("msg_a2", body, "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32])), String.class);
        assertThat(forged.getStatusCode().value()).isEqualTo(401);
        assertThat(forged.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(json.readTree(forged.getBody()).get("detail").asText()).contains("no valid v1 signature");
        HttpHeaders stale = signedHeaders("msg_a3", body, WebhookReceiver.SECRET);
        stale.set(WebhookSigner.TIMESTAMP_HEADER, Long.toString(Instant.now().minusSeconds(3600).getEpochSecond()));
        stale.set(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign("msg_a3", Instant.now().minusSeconds(3600)
                .getEpochSecond(), body.getBytes(StandardCharsets.UTF_8), WebhookReceiver.SECRET));
        assertThat(http.postForEntity(url, new HttpEntity<>(body, stale), String.class).getStatusCode().value()).as("an old timestamp").isEqualTo(401);
        String big = "{\"pad\":\"" + "x".repeat(3000) + "\"}";
        assertThat(http.postForEntity(url, signed("msg_a4", big, WebhookReceiver.SECRET), String.class).getStatusCode().value())
                .as("a body over maxBodyBytes").isEqualTo(413);
        out.assertIsSatisfied(1_000);
        assertThat(out.getReceivedCounter()).as("only the verified event went on").isEqualTo(1);
    }

    private static HttpEntity<String> signed(String id, String body, String secret) {
        return new HttpEntity<>(body, signedHeaders(id, body, secret));
    }

    private static HttpHeaders signedHeaders(String id, String body, String secret) {
        long ts = Instant.now().getEpochSecond();
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        h.set(WebhookSigner.ID_HEADER, id);
        h.set(WebhookSigner.TIMESTAMP_HEADER, Long.toString(ts));
        h.set(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(id, ts, body.getBytes(StandardCharsets.UTF_8), secret));
        h.set("CamelHttpUri", "http://169.254.169.254/");
        h.set("X-Sender", "outside");
        h.set(KameletHeaders.EPISODE_ID, "1");
        return h;
    }

    // ------------------------------------------------------------------ sinks

    private long episode(String show) {
        MediaInfo m = new MediaInfo(MediaInfo.AUDIO, "mp3", 1000L, "mp3", null, 44100, 1, null, null, 64);
        // processing far in the future: this row only has to exist for the sinks
        return episodes.insert(new NewEpisode(shows.findOrCreate(show), "e.mp3", "e", "%064x".formatted(System.nanoTime()), 1,
                "media/none.mp3", m), Instant.now().plus(Duration.ofDays(1)), "kamelet test");
    }

    /** A real episode in the feed (dropped into the inbox, processed, published) that no destination took. */
    private long publishedEpisode(String prefix) throws Exception {
        Path show = showInbox(prefix);
        Files.writeString(show.resolve("ep.srt"), TestMedia.srt(3));
        Files.copy(TestMedia.mp3(3.0), show.resolve("ep.mp3"));
        JsonNode items = awaitEpisodes(show.getFileName().toString(), 1, "PUBLISHED");
        return items.get(0).get("id").asLong();
    }

    @Test
    void theDestinationSinksQueueTheEpisodeInThePublicationLedger() throws Exception {
        long id = publishedEpisode("kamelet-sink");
        long unpublished = episode(show("kamelet-unpublished"));
        // the rows must stay put to be looked at: no destination takes them during this test
        for (String d : DESTINATIONS) {
            camel.getRouteController().stopRoute("publish-" + d + "-outbox-poll");
        }
        try {
            route("kamelet-test-cablecast", "direct:kamelet-cablecast", "kamelet:castwire-cablecast-sink");
            route("kamelet-test-youtube", "direct:kamelet-youtube", "kamelet:castwire-youtube-sink");
            route("kamelet-test-linkedin", "direct:kamelet-linkedin", "kamelet:castwire-social-sink?network=linkedin");
            route("kamelet-test-x", "direct:kamelet-x", "kamelet:castwire-social-sink?network=x");
            route("kamelet-test-facebook", "direct:kamelet-facebook", "kamelet:castwire-social-sink?network=facebook");
            route("kamelet-test-wordpress", "direct:kamelet-wordpress", "kamelet:castwire-wordpress-sink");

            // the id in a header (with dispatch headers a sink must drop), as a body, as castwire event JSON
            Object cablecast = producer.requestBodyAndHeaders("direct:kamelet-cablecast", "ignored",
                    Map.of(KameletHeaders.EPISODE_ID, id, "CamelHttpUri", "http://elsewhere/", "kafka.KEY", "k"));
            producer.requestBody("direct:kamelet-youtube", Long.toString(id));
            producer.requestBody("direct:kamelet-linkedin", "{\"type\":\"episode.published\",\"data\":{\"episodeId\":" + id + "}}");
            producer.requestBody("direct:kamelet-x", id);
            Object again = producer.requestBody("direct:kamelet-x", "{\"episodeId\":" + id + "}");
            producer.requestBody("direct:kamelet-facebook", id);

            assertThat(cablecast).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("destination", "cablecast").containsEntry("episodeId", id).containsEntry("state", "PENDING");
            assertThat(again).as("queued twice, one row").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("destination", "x");
            List<Map<String, Object>> rows = jdbc.queryForList("SELECT destination, clip_id, state FROM publications "
                    + "WHERE episode_id = ? AND destination <> 'rss' ORDER BY destination", id);
            assertThat(rows).extracting(r -> r.get("destination"))
                    .containsExactly("cablecast", "facebook", "linkedin", "x", "youtube");
            assertThat(rows).allSatisfy(r -> assertThat(r.get("state")).isEqualTo("PENDING"));

            boolean wordpress = camel.getPropertiesComponent().resolveProperty("castwire.publish.wordpress.enabled")
                    .map(Boolean::parseBoolean).orElse(false);
            if (wordpress) {
                producer.requestBody("direct:kamelet-wordpress", id);
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM publications WHERE episode_id = ? AND destination = "
                        + "'wordpress'", Integer.class, id)).isEqualTo(1);
            } else {
                assertThatThrownBy(() -> producer.requestBody("direct:kamelet-wordpress", id))
                        .isInstanceOf(CamelExecutionException.class).cause()
                        .hasMessageContaining("destination 'wordpress' is not enabled");
            }
            assertThatThrownBy(() -> producer.requestBody("direct:kamelet-youtube", unpublished))
                    .cause().hasMessageContaining("episode " + unpublished + " is not in the podcast feed yet (state RECEIVED)");
            assertThatThrownBy(() -> producer.requestBody("direct:kamelet-youtube", "999999999"))
                    .cause().hasMessageContaining("castwire has no episode 999999999");
            assertThatThrownBy(() -> producer.requestBody("direct:kamelet-youtube", "not an id"))
                    .cause().hasMessageContaining("the message names no episode");
        } finally {
            // the feed's own row (rss) stays as it is
            jdbc.update("UPDATE publications SET state = 'SUPERSEDED' WHERE episode_id IN (?, ?) AND destination <> 'rss'",
                    id, unpublished);
            for (String d : DESTINATIONS) {
                camel.getRouteController().startRoute("publish-" + d + "-outbox-poll");
            }
        }
    }

    @Test
    void theWebhookSinkQueuesOneDeliveryPerSubscriberOfTheEvent() throws Exception {
        long id = episode(show("kamelet-hook"));
        route("kamelet-test-hook", "direct:kamelet-hook", "kamelet:castwire-webhook-sink?eventType=episode.published");

        Object result = producer.requestBodyAndHeader("direct:kamelet-hook", "", KameletHeaders.EPISODE_ID, id);
        producer.requestBodyAndHeader("direct:kamelet-hook", "", KameletHeaders.EPISODE_ID, id);

        String webhookId = WebhookEvents.messageId("episode.published", "kamelet-" + id + "-v1");
        assertThat(result).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("webhookId", webhookId).containsEntry("queued", 1);
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT subscriber, event_type, payload FROM webhook_deliveries "
                + "WHERE message_id = ?", webhookId);
        assertThat(rows).as("test-main takes every event; sent twice, queued once").hasSize(1);
        assertThat(rows.get(0)).containsEntry("subscriber", "test-main").containsEntry("event_type", "episode.published");
        assertThat(json.readTree((String) rows.get(0).get("payload")).at("/data/episodeId").asLong()).isEqualTo(id);
        await().atMost(Duration.ofSeconds(20)).until(() -> WebhookReceiver.receivedBy("test-main").stream()
                .anyMatch(r -> r.id().equals(webhookId)));
    }

    // ---------------------------------------------------------------- actions

    @Test
    void theScoreActionReturnsScoredWindowsForATranscript() throws Exception {
        route("kamelet-test-score", "direct:kamelet-score", "kamelet:castwire-score-action?profile=default&top=2");

        String result = producer.requestBody("direct:kamelet-score", TestMedia.srt(60), String.class);

        JsonNode windows = json.readTree(result);
        assertThat(windows.isArray()).isTrue();
        assertThat(windows.size()).isEqualTo(2);
        for (JsonNode w : windows) {
            long start = w.get("startMillis").asLong();
            long end = w.get("endMillis").asLong();
            assertThat(w.get("profile").asText()).isEqualTo("default");
            assertThat(end - start).as("within the default profile's 12-60 s").isBetween(12_000L, 60_000L);
            assertThat(w.get("score").asDouble()).isBetween(0.0, 1.0);
            assertThat(w.get("features").size()).isPositive();
            assertThat(w.get("text").asText()).contains("Line number");
        }
        assertThatThrownBy(() -> producer.requestBody("direct:kamelet-score", "this is not an SRT"))
                .cause().hasMessageContaining("the transcript cannot be used");
    }

    @Test
    void theClipActionCutsARealClipWithFfmpeg() throws Exception {
        Path out = Files.createTempDirectory(Path.of("target"), "kamelet-clips-").toAbsolutePath();
        route("kamelet-test-clip", "direct:kamelet-clip", "kamelet:castwire-clip-action?start=1.5&end=4&outputDirectory=" + out);
        Path media = TestMedia.mp3(6.0);

        String clip = producer.requestBody("direct:kamelet-clip", media.toString(), String.class);

        Path file = Path.of(clip);
        assertThat(file).exists().hasParent(out);
        long ms = probe.probe(file).media().durationMs();
        assertThat(ms).as("a 2.5 s clip").isBetween(2_400L, 2_600L);
        assertThatThrownBy(() -> producer.requestBody("direct:kamelet-clip", out.resolve("missing.mp3").toString()))
                .cause().hasMessageContaining("no such media file");
    }
}
