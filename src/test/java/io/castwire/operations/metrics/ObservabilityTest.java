package io.castwire.operations.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import io.castwire.support.HubTest;
import io.castwire.support.ScriptedDestination;
import io.castwire.support.TestMedia;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Metrics and JSON logs after real traffic: two episodes of one show go to the scripted destination,
 * which refuses one (a dead letter) and takes the other. Then /actuator/prometheus has every family the
 * runbook names, with its tags, and the JSON log line of the publication carries episodeId, routeId and
 * destination.
 */
class ObservabilityTest extends HubTest {

    @Autowired
    ScriptedDestination scripted;
    @Autowired
    HubGauges gauges;

    /** Encodes every event as it happens with Boot's structured encoder, configured from the hub's properties. */
    static final class JsonLines extends AppenderBase<ILoggingEvent> {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final StructuredLogEncoder encoder = new StructuredLogEncoder();

        JsonLines(LoggerContext context) {
            setContext(context);
            encoder.setContext(context);
            encoder.setFormat("logstash");
            encoder.start();
            start();
        }

        @Override
        protected void append(ILoggingEvent event) {
            lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
        }
    }

    @Test
    void prometheusHasEveryFamilyAndJsonLogsNameTheEpisodeRouteAndDestination() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        JsonLines logs = new JsonLines(context);
        root.addAppender(logs);
        try {
            scripted.next(1, (item, remote) -> {
                throw new PermanentDeliveryException("scripted answered HTTP 422", 422);
            });
            Path show = showInbox("obs");
            String slug = show.getFileName().toString();
            scripted.addShow(slug);
            Files.copy(TestMedia.mp3(2), show.resolve("one.mp3"));
            Files.copy(TestMedia.mp3(2), show.resolve("two.mp3"));
            List<Long> ids = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
                ids.clear();
                int settled = 0;
                for (JsonNode e : episodesOf(slug)) {
                    ids.add(e.get("id").asLong());
                    String state = e.get("state").asText();
                    settled += state.equals("PUBLISHED") || state.equals("FAILED") || state.equals("PARTIALLY_PUBLISHED") ? 1 : 0;
                }
                return settled == 2;
            });

            // one JSON line per event, with the three fields at the top level
            JsonNode published = await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (String line : logs.lines) {
                    JsonNode json = this.json.readTree(line);
                    if (json.path("message").asText().startsWith("scripted: episode published at")) {
                        return json;
                    }
                }
                return null;
            }, java.util.Objects::nonNull);
            assertThat(published.path("destination").asText()).isEqualTo("scripted");
            assertThat(published.path("routeId").asText()).as(published.toString()).isEqualTo("publish-scripted-send");
            assertThat(ids).contains(published.path("episodeId").asLong());
            assertThat(published.has("camel.routeId")).as("renamed").isFalse();
            assertThat(published.path("level").asText()).isEqualTo("INFO");
            String line = logs.lines.stream().filter(l -> l.contains("scripted: episode published at")).findFirst().orElseThrow();
            assertThat(line.strip()).doesNotContain("\n");
            JsonNode ingest = logs.lines.stream().map(this::read)
                    .filter(j -> j.path("message").asText().contains(slug + "/one.mp3: registered as episode"))
                    .findFirst().orElseThrow();
            assertThat(ingest.path("routeId").asText()).isEqualTo("ingest-folder-poll");
            assertThat(ingest.has("destination")).as("no destination outside publishing: %s", ingest).isFalse();
        } finally {
            root.detachAppender(logs);
        }

        gauges.refresh();
        ResponseEntity<String> scrape = admin().getForEntity("/actuator/prometheus", String.class);
        assertThat(scrape.getStatusCode()).isEqualTo(HttpStatus.OK);
        String text = scrape.getBody();
        assertThat(http.getForEntity("/actuator/prometheus", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

        // per route and per destination: Camel's route meters carry routeId and destination
        assertThat(series(text, "camel_exchanges_total", "routeId=\"publish-scripted-send\""))
                .as(text).anySatisfy(s -> assertThat(s).contains("destination=\"scripted\""));
        assertThat(value(text, "camel_exchanges_total", "routeId=\"publish-scripted-send\"")).isGreaterThanOrEqualTo(2);
        assertThat(series(text, "camel_exchanges_total", "routeId=\"processing-episode-run\""))
                .anySatisfy(s -> assertThat(s).contains("destination=\"none\""));
        assertThat(series(text, "camel_route_policy_seconds_count", "routeId=\"publish-scripted-send\"")).isNotEmpty();
        // circuit breakers, one series per state
        assertThat(value(text, "castwire_circuit_state", "circuit=\"publish-scripted-circuit\"", "state=\"closed\"")).isEqualTo(1);
        assertThat(value(text, "castwire_circuit_state", "circuit=\"publish-scripted-circuit\"", "state=\"open\"")).isZero();
        assertThat(series(text, "castwire_circuit_state", "circuit=\"webhook-test-main\"")).hasSize(HubGauges.CIRCUIT_STATES.size());
        // queue depths: outbox tables and in-memory queues
        assertThat(series(text, "castwire_queue_depth_items", "queue=\"episodes\"")).hasSize(1);
        assertThat(series(text, "castwire_queue_depth_items", "queue=\"seda:processing-episode-run\"")).hasSize(1);
        assertThat(series(text, "castwire_queue_depth_items", "queue=\"webhook_deliveries\"")).hasSize(1);
        // dead letters: written (counter) and still open (gauge)
        assertThat(value(text, "castwire_dead_letters_open", "destination=\"scripted\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "castwire_dead_letters_total", "destination=\"scripted\"")).isGreaterThanOrEqualTo(1);
        // storage against its quota (40MB in tests), the YouTube quota
        assertThat(value(text, "castwire_storage_used_bytes")).isGreaterThan(0);
        assertThat(value(text, "castwire_storage_quota_bytes")).isEqualTo(40.0 * 1024 * 1024);
        assertThat(value(text, "castwire_storage_disk_free_bytes")).isGreaterThan(0);
        assertThat(series(text, "castwire_youtube_quota_used_units")).hasSize(1);
        assertThat(value(text, "castwire_youtube_quota_limit_units")).isEqualTo(100_000_000);
    }

    private JsonNode read(String line) {
        try {
            return json.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError(line, e);
        }
    }

    /** The lines of one metric family whose labels contain all of {@code labels}. */
    static List<String> series(String text, String name, String... labels) {
        List<String> found = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                boolean all = true;
                for (String l : labels) {
                    all &= line.contains(l);
                }
                if (all) {
                    found.add(line);
                }
            }
        }
        return found;
    }

    /** The sum of the matching series' values. */
    static double value(String text, String name, String... labels) {
        List<String> lines = series(text, name, labels);
        assertThat(lines).as(name + " " + String.join(",", labels)).isNotEmpty();
        double sum = 0;
        Pattern v = Pattern.compile("\\s(\\S+)$");
        for (String line : lines) {
            Matcher m = v.matcher(line);
            assertThat(m.find()).isTrue();
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }
}
