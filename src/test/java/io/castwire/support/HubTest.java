package io.castwire.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.HubPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One running hub shared by every context test (Spring caches the context): a real HTTP port,
 * H2 under a fresh castwire.home, the real routes and the bundled ffmpeg. Tests keep out of each
 * other's way by using their own show folder.
 */
@CamelSpringBootTest
// route MBeans for Hawtio and Jolokia (the Camel test support turns JMX off unless told otherwise)
@org.apache.camel.test.spring.junit5.DisableJmx(false)
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "castwire.admin.password=" + HubTest.PASSWORD,
        "castwire.viewer.password=" + HubTest.VIEWER_PASSWORD,
        "castwire.ingest.settle-time=700ms",
        "castwire.ingest.poll-interval=200ms",
        "castwire.ingest.transcript-wait=2s",
        "castwire.ingest.sidecar-window=5s",
        "castwire.ingest.sweep-interval=500ms",
        "castwire.processing.outbox-interval=300ms",
        "castwire.processing.retry-backoff=200ms",
        "castwire.storage.quota=40MB",
        // media named by URL (inbound webhooks, feed import) come from local test servers
        "castwire.ingest.download.allow-networks=127.0.0.1/32",
        "castwire.publish.poll-interval=300ms",
        // scheduled jobs never fire on their own in tests: tests run them directly
        "castwire.sync.default.cron=0 0 0 1 1 ? 2099",
        "camel.main.jmx-enabled=true",
        // outbound webhooks: subscribers on the test receiver (WebhookReceiver), quick retries
        "castwire.webhooks.allow-networks=127.0.0.1/32",
        "castwire.webhooks.poll-interval=200ms",
        "castwire.webhooks.max-attempts=3",
        "castwire.webhooks.backoff=100ms",
        "castwire.webhooks.max-backoff=1s",
        "castwire.webhooks.max-redeliveries=2",
        "castwire.webhooks.redelivery-delay=20ms",
        "castwire.webhooks.request-timeout=5s",
        // every hub event of every context test reaches test-main: its circuit must never open
        "castwire.webhooks.circuit.minimum-calls=1000",
        "castwire.webhooks.circuit.sliding-window=1000",
        "CASTWIRE_TEST_WEBHOOK_SECRET=" + WebhookReceiver.SECRET,
        "castwire.webhooks.subscribers[0].name=test-main",
        "castwire.webhooks.subscribers[0].url=${castwire-test.webhook-receiver}/test-main",
        "castwire.webhooks.subscribers[0].events=*",
        "castwire.webhooks.subscribers[0].secret-env=CASTWIRE_TEST_WEBHOOK_SECRET",
        "castwire.webhooks.subscribers[1].name=test-gone",
        "castwire.webhooks.subscribers[1].url=${castwire-test.webhook-receiver}/test-gone",
        "castwire.webhooks.subscribers[1].events=publication.failed",
        "castwire.webhooks.subscribers[1].secret-env=CASTWIRE_TEST_WEBHOOK_SECRET",
        "castwire.webhooks.subscribers[2].name=test-circuit",
        "castwire.webhooks.subscribers[2].url=${castwire-test.webhook-receiver}/test-circuit",
        "castwire.webhooks.subscribers[2].events=system.alert",
        "castwire.webhooks.subscribers[2].secret-env=CASTWIRE_TEST_WEBHOOK_SECRET",
        "castwire.webhooks.subscribers[2].circuit.minimum-calls=2",
        "castwire.webhooks.subscribers[2].circuit.sliding-window=2",
        "castwire.webhooks.subscribers[2].circuit.wait-in-open=3s",
        "castwire.webhooks.subscribers[2].circuit.half-open-calls=1",
        // inbound webhooks (InboundWebhookTest): two test sources sharing a rotated secret, quick retries
        InboundWebhooks.SECRET_VARIABLE + "=" + InboundWebhooks.SECRET + " " + InboundWebhooks.OLD_SECRET,
        "castwire.inbound.sources[0].name=" + InboundWebhooks.CMS,
        "castwire.inbound.sources[0].secret-env=" + InboundWebhooks.SECRET_VARIABLE,
        "castwire.inbound.sources[0].events=media.created,episode.create",
        "castwire.inbound.sources[0].show=inbound-cms",
        "castwire.inbound.sources[1].name=" + InboundWebhooks.ALL,
        "castwire.inbound.sources[1].secret-env=" + InboundWebhooks.SECRET_VARIABLE,
        "castwire.inbound.poll-interval=200ms",
        "castwire.inbound.backoff=200ms",
        "castwire.inbound.max-backoff=1s",
        "castwire.inbound.max-attempts=3",
        // the scripted paid step (ScriptedPaidStep): 1,000 characters of its voice cost 0.40
        "castwire.pricing.providers.test-voice.tts-characters=0.40",
        // speech synthesis (intro, outro, teasers, stitching) only for SynthesisEndToEndTest's shows
        "castwire.synthesis.shows=synth-*"
})
@org.springframework.context.annotation.Import(TestDestinations.class)
public abstract class HubTest {

    public static final String PASSWORD = "test-admin-pw";
    public static final String VIEWER_PASSWORD = "test-viewer-pw";
    private static final Path HOME = Path.of("target", "hub-test-" + UUID.randomUUID()).toAbsolutePath();

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) {
        registry.add("castwire.home", HOME::toString);
        registry.add("castwire-test.webhook-receiver", WebhookReceiver::baseUrl);
    }

    /**
     * The social destinations, enabled against their API fakes, for no show until a test adds its
     * own (so other tests' episodes stay out), with short retries and a small circuit window.
     */
    @DynamicPropertySource
    static void destinations(DynamicPropertyRegistry r) {
        for (String d : java.util.List.of("linkedin", "x", "facebook", "wordpress")) {
            String p = "castwire.publish." + d + ".";
            r.add(p + "shows", () -> "(none)");
            r.add(p + "max-redeliveries", () -> "2");
            r.add(p + "redelivery-delay", () -> "50ms");
            r.add(p + "max-attempts", () -> "4");
            r.add(p + "backoff", () -> "300ms");
            r.add(p + "max-backoff", () -> "2s");
            // 75 %: one circuit serves a whole test class; what one test leaves must not open it for the next
            r.add(p + "circuit.failure-rate-threshold", () -> "75");
            r.add(p + "circuit.minimum-calls", () -> "4");
            r.add(p + "circuit.sliding-window", () -> "4");
            r.add(p + "circuit.wait-in-open", () -> "2s");
            if (!d.equals("wordpress")) {
                r.add(p + "enabled", () -> "true");
                r.add(p + "token-env", () -> "TEST_" + d.toUpperCase(java.util.Locale.ROOT) + "_TOKEN");
            }
        }
        // HealthTest: a destination API at a port nothing listens on
        r.add("castwire.publish.lifecycle-down.base-url", () -> {
            try {
                return "http://127.0.0.1:" + HubProcess.freePort() + "/";
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        r.add("castwire.publish.linkedin.base-url", () -> io.castwire.support.fakes.FakeLinkedin.startShared().baseUrl());
        r.add("TEST_LINKEDIN_TOKEN", () -> io.castwire.support.fakes.FakeLinkedin.TOKEN);
        r.add("castwire.publish.linkedin.author", () -> io.castwire.support.fakes.FakeLinkedin.AUTHOR);
        r.add("castwire.publish.x.base-url", () -> io.castwire.support.fakes.FakeX.startShared().baseUrl());
        r.add("TEST_X_TOKEN", () -> io.castwire.support.fakes.FakeX.TOKEN);
        r.add("castwire.publish.facebook.base-url", () -> io.castwire.support.fakes.FakeFacebook.startShared().baseUrl());
        r.add("castwire.publish.facebook.video-base-url",
                () -> io.castwire.support.fakes.FakeFacebook.startShared().baseUrl());
        r.add("TEST_FACEBOOK_TOKEN", () -> io.castwire.support.fakes.FakeFacebook.TOKEN);
        r.add("castwire.publish.facebook.page-id", () -> io.castwire.support.fakes.FakeFacebook.PAGE_ID);
        // YouTube against its Google API fake (token endpoint, Data API, Analytics API), small chunks and audiograms
        String y = "castwire.publish.youtube.";
        r.add(y + "enabled", () -> "true");
        r.add(y + "shows", () -> "(none)");
        r.add(y + "max-redeliveries", () -> "2");
        r.add(y + "redelivery-delay", () -> "50ms");
        r.add(y + "max-attempts", () -> "4");
        r.add(y + "backoff", () -> "300ms");
        r.add(y + "max-backoff", () -> "2s");
        r.add(y + "circuit.failure-rate-threshold", () -> "75");
        r.add(y + "circuit.minimum-calls", () -> "4");
        r.add(y + "circuit.sliding-window", () -> "4");
        r.add(y + "circuit.wait-in-open", () -> "2s");
        r.add(y + "token-url", () -> io.castwire.support.fakes.FakeYoutube.startShared().tokenUrl());
        r.add(y + "base-url", () -> io.castwire.support.fakes.FakeYoutube.startShared().baseUrl());
        r.add(y + "analytics-url", () -> io.castwire.support.fakes.FakeYoutube.startShared().baseUrl());
        r.add(y + "client-id-env", () -> "TEST_YOUTUBE_CLIENT_ID");
        r.add(y + "client-secret-env", () -> "TEST_YOUTUBE_CLIENT_SECRET");
        r.add(y + "refresh-token-env", () -> "TEST_YOUTUBE_REFRESH_TOKEN");
        r.add(y + "token-key-env", () -> "TEST_YOUTUBE_TOKEN_KEY");
        r.add("TEST_YOUTUBE_CLIENT_ID", () -> io.castwire.support.fakes.FakeYoutube.CLIENT_ID);
        r.add("TEST_YOUTUBE_CLIENT_SECRET", () -> io.castwire.support.fakes.FakeYoutube.CLIENT_SECRET);
        r.add("TEST_YOUTUBE_REFRESH_TOKEN", () -> io.castwire.support.fakes.FakeYoutube.REFRESH_TOKEN);
        r.add("TEST_YOUTUBE_TOKEN_KEY", () -> "Y2FzdHdpcmUtdGVzdC15b3V0dWJlLXRva2VuLWtleSE=");
        r.add(y + "chunk-size", () -> "256KB");
        r.add(y + "daily-limit", () -> "100000000");
        r.add(y + "audiogram-width", () -> "160");
        r.add(y + "audiogram-height", () -> "90");
        r.add(y + "shorts-width", () -> "90");
        r.add(y + "shorts-height", () -> "160");
        r.add(y + "audiogram-fps", () -> "5");
        // the real WordPress (scripts/wordpress-test-server.sh), behind a proxy that can inject faults
        java.util.Optional<WordpressServer.Credentials> wp = WordpressServer.ifAvailable();
        r.add("castwire.publish.wordpress.enabled", () -> Boolean.toString(wp.isPresent()));
        wp.ifPresent(c -> {
            r.add("castwire.publish.wordpress.url", () -> wordpressProxy(c).url());
            r.add("castwire.publish.wordpress.user", c::user);
            r.add("castwire.publish.wordpress.password-env", () -> "TEST_WORDPRESS_PASSWORD");
            r.add("TEST_WORDPRESS_PASSWORD", c::appPassword);
        });
    }

    /**
     * Cablecast against its shared fake (HTTP Basic), for no show until a test adds its own, with
     * small upload segments and the same short retries and circuit window as the other destinations.
     */
    @DynamicPropertySource
    static void cablecast(DynamicPropertyRegistry r) {
        String p = "castwire.publish.cablecast.";
        r.add(p + "enabled", () -> "true");
        r.add(p + "shows", () -> "(none)");
        r.add(p + "base-url", () -> io.castwire.support.fakes.FakeCablecast.startShared().baseUrl());
        r.add(p + "user", () -> io.castwire.support.fakes.FakeCablecast.USER);
        r.add(p + "password-env", () -> "TEST_CABLECAST_PASSWORD");
        r.add("TEST_CABLECAST_PASSWORD", () -> io.castwire.support.fakes.FakeCablecast.PASSWORD);
        r.add(p + "chunk-size", () -> "64KB");
        r.add(p + "upload-poll-interval", () -> "20ms");
        r.add(p + "max-redeliveries", () -> "2");
        r.add(p + "redelivery-delay", () -> "50ms");
        r.add(p + "max-attempts", () -> "4");
        r.add(p + "backoff", () -> "300ms");
        r.add(p + "max-backoff", () -> "2s");
        r.add(p + "circuit.failure-rate-threshold", () -> "75");
        r.add(p + "circuit.minimum-calls", () -> "4");
        r.add(p + "circuit.sliding-window", () -> "4");
        r.add(p + "circuit.wait-in-open", () -> "2s");
    }

    /** The S3 inbox on the shared s3proxy (support/S3Server), polled quickly; one bucket per test JVM. */
    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry r) {
        r.add("castwire.s3.endpoint", () -> S3Server.shared().endpoint());
        r.add("castwire.s3.force-path-style", () -> "true");
        r.add("castwire.s3.access-key-env", () -> "TEST_S3_ACCESS_KEY");
        r.add("castwire.s3.secret-key-env", () -> "TEST_S3_SECRET_KEY");
        r.add("TEST_S3_ACCESS_KEY", () -> S3Server.ACCESS_KEY);
        r.add("TEST_S3_SECRET_KEY", () -> S3Server.SECRET_KEY);
        r.add("castwire.s3.ingest.bucket", HubTest::s3Bucket);
        r.add("castwire.s3.ingest.poll-interval", () -> "200ms");
    }

    private static String s3Bucket;

    /** The bucket of the hub's S3 inbox. */
    protected static synchronized String s3Bucket() {
        if (s3Bucket == null) {
            s3Bucket = S3Server.shared().newBucket("hub-test");
        }
        return s3Bucket;
    }

    /**
     * RSS import: four test feeds on the shared {@link FeedServer}, each with its own show. Three are
     * polled only when a test asks (POST /api/rss-import/{feed}/poll); rsst-live by its route every 500 ms.
     */
    @DynamicPropertySource
    static void rssImport(DynamicPropertyRegistry r) {
        String p = "castwire.rss-import.";
        r.add(p + "initial-delay", () -> "1h");
        r.add(p + "retry-backoff", () -> "100ms");
        r.add(p + "max-retry-backoff", () -> "500ms");
        r.add(p + "max-attempts", () -> "3");
        String[][] feeds = {{"rsst-basic", "1h", ""}, {"rsst-fail", "1h", ""}, {"rsst-since", "1h", "2026-06-01"},
                {"rsst-live", "500ms", ""}};
        for (int i = 0; i < feeds.length; i++) {
            String f = p + "feeds[" + i + "].";
            String[] feed = feeds[i];
            r.add(f + "name", () -> feed[0]);
            r.add(f + "url", () -> FeedServer.shared().url("/" + feed[0] + ".xml"));
            r.add(f + "show", () -> feed[0]);
            r.add(f + "poll-interval", () -> feed[1]);
            r.add(f + "destinations", () -> "rss");
            if (!feed[2].isEmpty()) {
                r.add(f + "since", () -> feed[2]);
                r.add(f + "max-items-per-poll", () -> "1");
            }
        }
    }

    private static io.castwire.support.fakes.FaultProxy wordpressProxy;

    /** The fault-injecting proxy in front of the test WordPress, one per JVM. */
    public static synchronized io.castwire.support.fakes.FaultProxy wordpressProxy(WordpressServer.Credentials c) {
        if (wordpressProxy == null) {
            wordpressProxy = io.castwire.support.fakes.FaultProxy.start(c.url());
        }
        return wordpressProxy;
    }

    @Autowired
    protected HubPaths paths;
    @Autowired
    protected CamelContext camel;
    @Autowired
    protected TestRestTemplate http;
    @Autowired
    protected ObjectMapper json;
    @LocalServerPort
    protected int port;

    protected TestRestTemplate admin() {
        return http.withBasicAuth("admin", PASSWORD);
    }

    /** The read-only account (role VIEWER). */
    protected TestRestTemplate viewer() {
        return http.withBasicAuth("viewer", VIEWER_PASSWORD);
    }

    /** A unique show folder in the inbox for one test. */
    protected Path showInbox(String prefix) throws IOException {
        return Files.createDirectories(paths.inbox().resolve(prefix + "-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    protected JsonNode getJson(String path) throws IOException {
        ResponseEntity<String> r = admin().getForEntity(path, String.class);
        if (!r.getStatusCode().is2xxSuccessful()) {
            throw new AssertionError(path + " answered " + r.getStatusCode() + ": " + r.getBody());
        }
        return json.readTree(r.getBody());
    }

    /** Episodes of one show (newest first). */
    protected JsonNode episodesOf(String show) throws IOException {
        return getJson("/api/episodes?show=" + show).get("items");
    }

    /** Waits until the show has {@code n} episodes in state {@code state}; returns them. */
    protected JsonNode awaitEpisodes(String show, int n, String state) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode items = episodesOf(show);
            int matching = 0;
            for (JsonNode e : items) {
                matching += e.get("state").asText().equals(state) ? 1 : 0;
            }
            found[0] = items;
            return matching == n;
        });
        return found[0];
    }

    /** Waits until the file has been quarantined and returns its error report. */
    protected JsonNode awaitQuarantined(String show, String name) {
        Path report = paths.quarantine().resolve(show).resolve(name + ".error.json");
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(report) && Files.exists(paths.quarantine().resolve(show).resolve(name)));
        try {
            return json.readTree(report.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
