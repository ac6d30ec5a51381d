package io.castwire.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.support.HubTest;
import io.castwire.support.InboundWebhooks;
import io.castwire.support.TestMedia;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** POST /webhooks/{source} end to end on the shared hub: signed events become episodes and transcripts. */
class InboundWebhookTest extends HubTest {

    @Autowired
    EpisodeRepository episodes;

    private HttpServer server;
    private String base;
    /** Requests the media server got, by path. */
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    /** Paths below /gone/ that answer 404 until released. */
    private final java.util.Set<String> released = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            String path = x.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            byte[] body;
            String type;
            if (path.startsWith("/gone/") && !released.contains(path)) {
                x.sendResponseHeaders(404, -1);
                x.close();
                return;
            }
            if (path.startsWith("/flaky/") && hits.get(path).get() == 1) {
                // the first request of a flaky asset fails as a busy server would
                x.sendResponseHeaders(503, -1);
                x.close();
                return;
            }
            if (path.endsWith(".mp3")) {
                body = Files.readAllBytes(TestMedia.mp3(1.0 + (Math.abs(path.hashCode()) % 1000) / 1000.0));
                type = "audio/mpeg";
            } else if (path.endsWith(".mp4")) {
                body = Files.readAllBytes(TestMedia.mp4(1.0 + (Math.abs(path.hashCode()) % 1000) / 1000.0));
                type = "video/mp4";
            } else if (path.endsWith(".srt")) {
                body = TestMedia.srt(3).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                type = "application/x-subrip";
            } else {
                x.sendResponseHeaders(404, -1);
                x.close();
                return;
            }
            x.getResponseHeaders().add("Content-Type", type);
            x.sendResponseHeaders(200, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    JsonNode awaitStatus(JsonNode accepted, String status) {
        String path = "/api/inbound/" + accepted.get("id").asLong();
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            last[0] = getJson(path);
            assertThat(last[0].get("status").asText()).as(last[0].toString()).isEqualTo(status);
        });
        return last[0];
    }

    @Test
    void mediaCreatedBecomesAnEpisodeWithThePayloadsMetadata() throws Exception {
        String show = unique("cms-show");
        String body = """
                {"type": "media.created", "timestamp": "2026-11-21T10:00:00Z",
                 "data": {"url": "%s/assets/interview-%s.mp3", "show": "%s", "title": "The interview",
                          "description": "Announced by the CMS", "externalId": "cms-42"}}
                """.formatted(base, show, show);
        HttpResponse<String> r = InboundWebhooks.post(port, InboundWebhooks.CMS, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.headers().allValues("Transfer-Encoding")).hasSizeLessThanOrEqualTo(1);
        JsonNode accepted = json.readTree(r.body());
        assertThat(accepted.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(accepted.get("statusUrl").asText()).endsWith("/api/inbound/" + accepted.get("id").asLong());

        JsonNode done = awaitStatus(accepted, "DONE");
        assertThat(done.get("attempts").asInt()).isEqualTo(1);
        assertThat(done.get("source").asText()).isEqualTo(InboundWebhooks.CMS);
        assertThat(done.get("finishedAt").isNull()).isFalse();
        Episode e = episodes.findById(done.get("episodeId").asLong()).orElseThrow();
        assertThat(e.showSlug()).isEqualTo(show);
        assertThat(e.title()).isEqualTo("The interview");
        assertThat(e.description()).isEqualTo("Announced by the CMS");
        assertThat(e.sourceName()).isEqualTo("interview-" + show + ".mp3");
        assertThat(episodes.timeline(e.id())).anySatisfy(ev ->
                assertThat(ev.detail()).contains("webhook test-cms").contains("cms-42"));
    }

    @Test
    void episodeCreateRegistersTheEpisodeWithItsInlineTranscript() throws Exception {
        String name = unique("ep");
        String body = """
                {"type": "episode.create",
                 "data": {"title": "Episode with words", "description": "Made elsewhere", "media": {"url": "%s/media/%s.mp3"},
                          "transcript": {"segments": [
                              {"start": 0.0, "end": 0.5, "text": "Hello and welcome", "speaker": "Ana"},
                              {"start": 0.5, "end": 1.0, "text": "to the show"}]}}}
                """.formatted(base, name);
        HttpResponse<String> r = InboundWebhooks.post(port, InboundWebhooks.CMS, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);

        JsonNode done = awaitStatus(json.readTree(r.body()), "DONE");
        Episode e = episodes.findById(done.get("episodeId").asLong()).orElseThrow();
        // no show in the payload: the source's show
        assertThat(e.showSlug()).isEqualTo("inbound-cms");
        assertThat(e.title()).isEqualTo("Episode with words");
        assertThat(e.description()).isEqualTo("Made elsewhere");
        assertThat(episodes.segments(e.id())).extracting(s -> s.text()).containsExactly("Hello and welcome", "to the show");
        assertThat(done.get("detail").asText()).contains("transcript of 2 segments");
    }

    @Test
    void transcriptReadyAttachesATranscriptFetchedByUrl() throws Exception {
        long episodeId = registered(unique("tr"));
        String body = """
                {"type": "transcript.ready", "data": {"episodeId": %d, "format": "srt", "url": "%s/transcripts/%d.srt",
                 "jobId": "job-7"}}
                """.formatted(episodeId, base, episodeId);
        HttpResponse<String> r = InboundWebhooks.post(port, InboundWebhooks.ALL, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);

        JsonNode done = awaitStatus(json.readTree(r.body()), "DONE");
        assertThat(done.get("episodeId").asLong()).isEqualTo(episodeId);
        assertThat(episodes.segments(episodeId)).hasSize(3);
        assertThat(episodes.findById(episodeId).orElseThrow().transcriptFormat()).isEqualTo("SRT");
        assertThat(episodes.timeline(episodeId)).anySatisfy(ev -> {
            assertThat(ev.event()).isEqualTo("transcript-attached");
            assertThat(ev.detail()).contains("job-7");
        });
    }

    @Test
    void renderReadyRegistersTheRenderAsANewEpisodeLinkedToTheOriginal() throws Exception {
        String name = unique("talk");
        long originalId = registered(name);
        String body = """
                {"type": "render.ready", "data": {"episodeId": %d, "url": "%s/renders/%s/final.mp4", "renderId": "r-1"}}
                """.formatted(originalId, base, name);
        HttpResponse<String> r = InboundWebhooks.post(port, InboundWebhooks.ALL, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);

        JsonNode done = awaitStatus(json.readTree(r.body()), "DONE");
        Episode original = episodes.findById(originalId).orElseThrow();
        Episode render = episodes.findById(done.get("episodeId").asLong()).orElseThrow();
        assertThat(render.id()).isNotEqualTo(originalId);
        assertThat(render.showSlug()).isEqualTo(original.showSlug());
        assertThat(render.sourceName()).isEqualTo(original.baseName() + "-render.mp4");
        assertThat(render.media().kind()).isEqualToIgnoringCase("video");
        // the original's metadata carries over
        assertThat(render.title()).isEqualTo("Registered " + name);
        assertThat(episodes.timeline(originalId)).anySatisfy(ev -> {
            assertThat(ev.event()).isEqualTo("render-registered");
            assertThat(ev.detail()).contains("episode " + render.id());
        });
    }

    /** An episode registered through a media.created webhook, titled "Registered <name>". */
    private long registered(String name) throws Exception {
        String body = """
                {"type": "media.created", "data": {"url": "%s/base/%s.mp3", "show": "%s", "title": "Registered %s"}}
                """.formatted(base, name, name, name);
        HttpResponse<String> r = InboundWebhooks.post(port, InboundWebhooks.CMS, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return awaitStatus(json.readTree(r.body()), "DONE").get("episodeId").asLong();
    }

    @Test
    void transientFetchFailuresAreRetriedAndPermanentOnesFailWithTheReasonUntilResubmitted() throws Exception {
        String flaky = "/flaky/" + unique("f") + ".mp3";
        HttpResponse<String> r = InboundWebhooks.post(port, InboundWebhooks.CMS, """
                {"type": "media.created", "data": {"url": "%s%s", "show": "%s"}}""".formatted(base, flaky, unique("flaky")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode done = awaitStatus(json.readTree(r.body()), "DONE");
        assertThat(done.get("attempts").asInt()).isEqualTo(2);
        assertThat(hits.get(flaky).get()).isEqualTo(2);

        String gone = "/gone/" + unique("g") + ".mp3";
        r = InboundWebhooks.post(port, InboundWebhooks.CMS, """
                {"type": "media.created", "data": {"url": "%s%s", "show": "%s"}}""".formatted(base, gone, unique("gone")));
        JsonNode failed = awaitStatus(json.readTree(r.body()), "FAILED");
        assertThat(failed.get("attempts").asInt()).isEqualTo(1);
        assertThat(failed.get("error").asText()).contains("404");

        released.add(gone);
        var retry = admin().postForEntity("/api/inbound/" + failed.get("id").asLong() + "/retry", null, String.class);
        assertThat(retry.getStatusCode().value()).isEqualTo(202);
        awaitStatus(failed, "DONE");
        var again = admin().postForEntity("/api/inbound/" + failed.get("id").asLong() + "/retry", null, String.class);
        assertThat(again.getStatusCode().value()).isEqualTo(409);
    }

    @Test
    void payloadUrlsIntoTheHubsOwnNetworkFailWithAnSsrfReasonAndAreNeverFetched() throws Exception {
        for (String url : java.util.List.of("http://169.254.169.254/latest/meta-data/iam.mp3", "http://10.0.0.7/internal.mp3",
                "http://192.168.1.20:8080/admin.mp3", "http://[::1]:" + port + "/actuator/health.mp3")) {
            HttpResponse<String> r = InboundWebhooks.post(port, InboundWebhooks.CMS, """
                    {"type": "media.created", "data": {"url": "%s", "show": "%s"}}""".formatted(url, unique("ssrf")));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            JsonNode failed = awaitStatus(json.readTree(r.body()), "FAILED");
            assertThat(failed.get("error").asText()).as(url).contains("SSRF");
            assertThat(failed.get("attempts").asInt()).isEqualTo(1);
            assertThat(failed.get("episodeId").isNull()).isTrue();
        }
    }

    @Test
    void aReplayedWebhookIdIsRefusedWith409AndTheWorkIsDoneOnce() throws Exception {
        String show = unique("replay");
        String asset = "/replay/" + show + ".mp3";
        String body = """
                {"type": "media.created", "data": {"url": "%s%s", "show": "%s"}}""".formatted(base, asset, show);
        String id = InboundWebhooks.newId();
        Instant now = Instant.now();
        HttpResponse<String> first = InboundWebhooks.post(port, "/webhooks/" + InboundWebhooks.CMS, id, now, body,
                InboundWebhooks.SECRET);
        assertThat(first.statusCode()).isEqualTo(202);
        HttpResponse<String> replay = InboundWebhooks.post(port, "/webhooks/" + InboundWebhooks.CMS, id, now, body,
                InboundWebhooks.SECRET);
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = json.readTree(replay.body());
        assertThat(problem.get("id").asLong()).isEqualTo(json.readTree(first.body()).get("id").asLong());
        // the same id with another (validly signed) body is still the same webhook
        HttpResponse<String> changed = InboundWebhooks.post(port, "/webhooks/" + InboundWebhooks.CMS, id, now,
                body.replace(show + "\"}", show + "\", \"title\": \"again\"}"), InboundWebhooks.SECRET);
        assertThat(changed.statusCode()).isEqualTo(409);

        awaitStatus(json.readTree(first.body()), "DONE");
        assertThat(hits.get(asset).get()).isEqualTo(1);
        assertThat(episodesOf(show)).hasSize(1);
    }

    @Test
    void signatureAttacksAre401WithoutSayingWhatWasExpected() throws Exception {
        String path = "/webhooks/" + InboundWebhooks.CMS;
        String body = """
                {"type": "media.created", "data": {"url": "%s/never/%s.mp3"}}""".formatted(base, unique("sig"));
        Instant now = Instant.now();
        // signed with a secret the source does not have
        assertUnauthorized(InboundWebhooks.post(port, path, InboundWebhooks.newId(), now, body,
                io.castwire.publishing.webhook.WebhookSigner.newSecret()));
        // one byte of the body changed after signing
        String id = InboundWebhooks.newId();
        String signature = io.castwire.publishing.webhook.WebhookSigner.sign(id, now.getEpochSecond(),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8), InboundWebhooks.SECRET);
        assertUnauthorized(raw(path, body.replace("media.created", "media.createD"), "application/json", id,
                Long.toString(now.getEpochSecond()), signature));
        // correctly signed, but six minutes off either way
        assertUnauthorized(InboundWebhooks.post(port, path, InboundWebhooks.newId(), now.plusSeconds(360), body,
                InboundWebhooks.SECRET));
        assertUnauthorized(InboundWebhooks.post(port, path, InboundWebhooks.newId(), now.minusSeconds(360), body,
                InboundWebhooks.SECRET));
        // each header missing in turn
        assertUnauthorized(raw(path, body, "application/json", null, Long.toString(now.getEpochSecond()), signature));
        assertUnauthorized(raw(path, body, "application/json", id, null, signature));
        assertUnauthorized(raw(path, body, "application/json", id, Long.toString(now.getEpochSecond()), null));
        // a signature of another version only
        assertUnauthorized(raw(path, body, "application/json", id, Long.toString(now.getEpochSecond()),
                signature.replace("v1,", "v2,")));
        assertThat(hits.keySet()).noneMatch(k -> k.startsWith("/never"));

        // the previous secret still works while it is rotated out
        HttpResponse<String> old = InboundWebhooks.post(port, path, InboundWebhooks.newId(), now, """
                {"type": "media.created", "data": {"url": "%s/rotated/%s.mp3"}}""".formatted(base, unique("rot")),
                InboundWebhooks.OLD_SECRET);
        assertThat(old.statusCode()).as(old.body()).isEqualTo(202);
    }

    private void assertUnauthorized(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = json.readTree(r.body());
        assertThat(p.get("type").asText()).endsWith("/invalid-signature");
        assertThat(p.get("status").asInt()).isEqualTo(401);
        assertThat(r.body()).doesNotContain(InboundWebhooks.SECRET.substring(6, 20)).doesNotContain("whsec_");
    }

    /** A request with exactly these headers (null: left out). */
    private HttpResponse<String> raw(String path, String body, String contentType, String id, String timestamp,
                                     String signature, String... extra) throws Exception {
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (id != null) {
            b.header("webhook-id", id);
        }
        if (timestamp != null) {
            b.header("webhook-timestamp", timestamp);
        }
        if (signature != null) {
            b.header("webhook-signature", signature);
        }
        for (int i = 0; i + 1 < extra.length; i += 2) {
            b.header(extra[i], extra[i + 1]);
        }
        return java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A correctly signed request with any content type. */
    private HttpResponse<String> signed(String path, String body, String contentType) throws Exception {
        String id = InboundWebhooks.newId();
        long ts = Instant.now().getEpochSecond();
        return raw(path, body, contentType, id, Long.toString(ts), io.castwire.publishing.webhook.WebhookSigner.sign(id, ts,
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8), InboundWebhooks.SECRET));
    }

    @Test
    void badRequestsGetTheirOwnProblem() throws Exception {
        String cms = "/webhooks/" + InboundWebhooks.CMS;
        String valid = """
                {"type": "media.created", "data": {"url": "%s/never/x.mp3"}}""".formatted(base);
        HttpResponse<String> r = signed("/webhooks/nobody", valid, "application/json");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json.readTree(r.body()).get("detail").asText()).contains("nobody");

        r = signed(cms, valid, "text/plain");
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(json.readTree(r.body()).get("type").asText()).endsWith("/unsupported-media-type");
        assertThat(signed(cms, valid, "application/x-www-form-urlencoded").statusCode()).isEqualTo(415);
        assertThat(raw(cms, valid, null, "x", "1", "v1,x").statusCode()).isEqualTo(415);

        r = signed(cms, "{\"type\": \"media.created\", \"data\": {", "application/json; charset=utf-8");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json.readTree(r.body()).get("detail").asText()).contains("not valid JSON").contains("line 1");

        r = signed(cms, "{\"type\": \"media.deleted\", \"data\": {}}", "application/json");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json.readTree(r.body()).get("errors").get(0).get("pointer").asText()).isEqualTo("/type");

        // test-cms may not send transcript.ready
        r = signed(cms, "{\"type\": \"transcript.ready\", \"data\": {\"episodeId\": 1, \"segments\": "
                + "[{\"start\": 0, \"end\": 1, \"text\": \"x\"}]}}", "application/json");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json.readTree(r.body()).get("detail").asText()).contains("may not send transcript.ready");

        // the status API is for admins, and names what it does not know
        assertThat(http.getForEntity("/api/inbound/1", String.class).getStatusCode().value()).isEqualTo(401);
        var unknown = admin().getForEntity("/api/inbound/987654321", String.class);
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(json.readTree(unknown.getBody()).get("detail").asText()).isEqualTo("no inbound event 987654321");
        assertThat(admin().postForEntity("/api/inbound/987654321/retry", null, String.class).getStatusCode().value())
                .isEqualTo(404);

        // GET is not a webhook
        assertThat(http.getForEntity(cms, String.class).getStatusCode().value()).isIn(401, 404, 405);
    }

    @Test
    void schemaViolationsAre422ListingEachWithItsJsonPointer() throws Exception {
        HttpResponse<String> r = signed("/webhooks/" + InboundWebhooks.ALL, """
                {"type": "media.created",
                 "data": {"url": "ftp://cms.example.org/x.mp3", "title": 5, "publishAt": "tomorrow", "colour": "red",
                          "destinations": ["rss", "Not A Destination"]}}""", "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = json.readTree(r.body());
        assertThat(p.get("type").asText()).endsWith("/invalid-payload");
        java.util.List<String> pointers = new java.util.ArrayList<>();
        p.get("errors").forEach(e -> pointers.add(e.get("pointer").asText()));
        assertThat(pointers).contains("/data/url", "/data/title", "/data/publishAt", "/data/destinations/1");
        assertThat(pointers).anyMatch(s -> s.startsWith("/data"));
        assertThat(p.get("errors").toString()).contains("colour");

        r = signed("/webhooks/" + InboundWebhooks.ALL, """
                {"type": "render.ready", "data": {"url": "https://renderer.example.org/r.mp4"}}""", "application/json");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json.readTree(r.body()).get("errors").get(0).get("pointer").asText()).isEqualTo("/data/episodeId");

        r = signed("/webhooks/" + InboundWebhooks.ALL, """
                {"type": "transcript.ready", "data": {"episodeId": 3}}""", "application/json");
        assertThat(r.statusCode()).isEqualTo(422);
    }

    @Test
    void aBodyOverTheLimitIs413WithoutBeingReadToTheEnd() throws Exception {
        String path = "/webhooks/" + InboundWebhooks.CMS;
        // a declared length of 50 MB, of which only a few bytes are ever sent
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 52428800\r\n\r\n{\"type\":").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream())).readLine();
            assertThat(status).isEqualTo("HTTP/1.1 413 ");
        }
        // chunked, without a length: refused once past the limit, while the sender is still sending
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] chunk = ("4000\r\n" + "x".repeat(0x4000) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < 20; i++) {
                out.write(chunk); // 320 KiB, never the final chunk
            }
            out.flush();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream()));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 413 ");
            // the answer arrives while the request is unfinished (its body has no final newline: read characters)
            StringBuilder rest = new StringBuilder();
            char[] buffer = new char[4096];
            int n;
            while (!rest.toString().contains("max-body-size)") && (n = in.read(buffer)) > 0) {
                rest.append(buffer, 0, n);
            }
            assertThat(rest.toString()).containsIgnoringCase("application/problem+json")
                    .contains("castwire.inbound.max-body-size");
        }
    }

    @Test
    void headersAndQueryParametersFromOutsideNeverReachAProducer() throws Exception {
        java.util.List<Map<String, Object>> atProducers = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.apache.camel.support.EventNotifierSupport spy = new org.apache.camel.support.EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                if (event instanceof org.apache.camel.spi.CamelEvent.ExchangeSendingEvent sending
                        && (InboundWebhookRoutes.RECEIVE.equals(sending.getExchange().getFromRouteId())
                        || InboundWebhookRoutes.PROCESS.equals(sending.getExchange().getFromRouteId()))) {
                    atProducers.add(new java.util.HashMap<>(sending.getExchange().getMessage().getHeaders()));
                }
            }
        };
        camel.getManagementStrategy().addEventNotifier(spy);
        org.apache.camel.support.service.ServiceHelper.startService(spy);
        try {
            String show = unique("inject");
            String query = "?CamelHttpUri=http://169.254.169.254/&CamelExecCommandArgs=-rf%20/&cAmElBeanMethodName=fail"
                    + "&kafka.OVERRIDE_TOPIC=evil&source=" + InboundWebhooks.ALL + "&CamelHttpResponseCode=200";
            String body = """
                    {"type": "media.created", "data": {"url": "%s/inject/%s.mp3", "show": "%s"}}""".formatted(base, show, show);
            HttpResponse<String> r = InboundWebhooks.post(port, "/webhooks/" + InboundWebhooks.CMS + query,
                    InboundWebhooks.newId(), Instant.now(), body, InboundWebhooks.SECRET,
                    "CamelHttpUri", "http://169.254.169.254/latest/meta-data/",
                    "CamelExecCommandArgs", "-rf /",
                    "cAmElBeanMethodName", "fail",
                    "kafka.OVERRIDE_TOPIC", "evil",
                    "CamelHttpResponseCode", "200",
                    "org.apache.camel.foo", "bar");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            JsonNode done = awaitStatus(json.readTree(r.body()), "DONE");
            // the work went where the path and payload said, not where the headers pointed
            assertThat(done.get("source").asText()).isEqualTo(InboundWebhooks.CMS);
            assertThat(episodes.findById(done.get("episodeId").asLong()).orElseThrow().showSlug()).isEqualTo(show);
            assertThat(hits.get("/inject/" + show + ".mp3").get()).isEqualTo(1);
            assertThat(atProducers).isNotEmpty();
            for (Map<String, Object> headers : atProducers) {
                assertThat(headers.keySet()).noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("camel")
                        || h.toLowerCase(java.util.Locale.ROOT).startsWith("kafka.")
                        || h.toLowerCase(java.util.Locale.ROOT).startsWith("org.apache.camel"));
                assertThat(headers.values()).noneMatch(v -> String.valueOf(v).contains("169.254") || "evil".equals(v)
                        || "fail".equals(v));
            }
        } finally {
            camel.getManagementStrategy().removeEventNotifier(spy);
            org.apache.camel.support.service.ServiceHelper.stopService(spy);
        }
    }

    @Test
    void theDocumentedSigningExampleIsAccepted() throws Exception {
        String doc = Files.readString(Path.of("docs", "webhooks.md"));
        String begin = "<!-- inbound-signing-example:begin -->";
        String end = "<!-- inbound-signing-example:end -->";
        String block = doc.substring(doc.indexOf(begin) + begin.length(), doc.indexOf(end)).strip();
        assertThat(block).startsWith("```bash").endsWith("```");
        String script = block.substring("```bash".length(), block.length() - 3);
        Path file = Files.createTempFile("inbound-example", ".sh");
        Files.writeString(file, script);
        String show = unique("documented");
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true);
        pb.environment().put("CASTWIRE_URL", "http://127.0.0.1:" + port);
        pb.environment().put("SOURCE", InboundWebhooks.CMS);
        pb.environment().put("WEBHOOK_SECRET", InboundWebhooks.SECRET);
        pb.environment().put("MEDIA_URL", base + "/documented/" + show + ".mp3");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("HTTP 202");
        JsonNode accepted = json.readTree(out.substring(0, out.indexOf("\nHTTP ")));
        JsonNode done = awaitStatus(accepted, "DONE");
        assertThat(episodes.findById(done.get("episodeId").asLong()).orElseThrow().title()).isEqualTo("Episode 12");
        Files.delete(file);
    }

    @Test
    void whileTheReceiveRouteIsStoppedWebhooksAre503WithRetryAfterAndNothingIsStored() throws Exception {
        String show = unique("stopped");
        String body = """
                {"type": "media.created", "data": {"url": "%s/stopped/%s.mp3", "show": "%s"}}""".formatted(base, show, show);
        String id = InboundWebhooks.newId();
        camel.getRouteController().stopRoute(InboundWebhookRoutes.RECEIVE);
        try {
            HttpResponse<String> r = InboundWebhooks.post(port, "/webhooks/" + InboundWebhooks.CMS, id, Instant.now(), body,
                    InboundWebhooks.SECRET);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("10");
            assertThat(json.readTree(r.body()).get("type").asText()).endsWith("/unavailable");
        } finally {
            camel.getRouteController().startRoute(InboundWebhookRoutes.RECEIVE);
        }
        // the sender's retry of the same webhook is accepted: nothing of the first try was kept
        HttpResponse<String> again = InboundWebhooks.post(port, "/webhooks/" + InboundWebhooks.CMS, id, Instant.now(), body,
                InboundWebhooks.SECRET);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        awaitStatus(json.readTree(again.body()), "DONE");
    }
}
