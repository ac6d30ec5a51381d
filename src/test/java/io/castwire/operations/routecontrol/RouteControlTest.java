package io.castwire.operations.routecontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.publishing.delivery.Destinations;
import io.castwire.support.HubTest;
import io.castwire.support.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Route control through the API and Jolokia: the list, stop and start by id, who is recorded,
 * a stopped destination route that holds its work without dead-lettering it, and the start-up gate.
 */
class RouteControlTest extends HubTest {

    @Autowired
    private RouteStates states;
    @Autowired
    private RouteStartupGate gate;
    @Autowired
    private Destinations destinations;
    @Autowired
    private NamedParameterJdbcTemplate jdbc;

    private JsonNode route(String id) throws Exception {
        for (JsonNode r : getJson("/api/routes")) {
            if (r.get("id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("GET /api/routes has no " + id);
    }

    private JsonNode post(String path) throws Exception {
        ResponseEntity<String> r = admin().postForEntity(path, null, String.class);
        assertThat(r.getStatusCode()).as(path + ": " + r.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(r.getBody());
    }

    @Test
    void listsEveryRouteWithItsStateForAdminsAndViewers() throws Exception {
        JsonNode feed = route("publish-rss-feed");
        assertThat(feed.get("state").asText()).isEqualTo("Started");
        assertThat(feed.get("destination").asText()).isEqualTo("rss");
        assertThat(route("ingest-folder-poll").get("destination").isNull()).isTrue();
        JsonNode all = getJson("/api/routes");
        assertThat(all.size()).isEqualTo(camel.getRoutes().size());
        ResponseEntity<String> asViewer = viewer().getForEntity("/api/routes", String.class);
        assertThat(asViewer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(asViewer.getBody()).size()).isEqualTo(all.size());
    }

    @Test
    void anUnknownRouteIs404ProblemJson() throws Exception {
        ResponseEntity<String> r = admin().postForEntity("/api/routes/no-such-route/stop", null, String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(r.getHeaders().getContentType().toString()).contains("problem+json");
        assertThat(json.readTree(r.getBody()).get("detail").asText()).contains("no-such-route");
    }

    @Test
    void aStoppedDestinationRouteHoldsItsWorkWithoutDeadLettersAndDeliversOnceWhenStarted() throws Exception {
        // publish-wordpress-send (the "publish-wordpress-post") where the test WordPress runs, else LinkedIn's fake
        String name = destinations.get("wordpress").settings().isEnabled() ? "wordpress" : "linkedin";
        String send = destinations.sendRoute(name);
        JsonNode stopped = post("/api/routes/" + send + "/stop");
        String slug;
        long row;
        try {
            assertThat(stopped.get("state").asText()).isEqualTo("Stopped");
            assertThat(stopped.get("changedBy").asText()).isEqualTo("admin");
            assertThat(stopped.get("desiredState").asText()).isEqualTo("STOPPED");
            Path show = showInbox("rc-" + name);
            slug = show.getFileName().toString();
            destinations.get(name).settings().getShows().add(slug);
            Files.copy(TestMedia.mp3(43), show.resolve("ep.mp3"));
            long episode = awaitEpisodes(slug, 1, "PUBLISHED").get(0).get("id").asLong();
            await().atMost(Duration.ofSeconds(60)).until(() -> !jdbc.queryForList("SELECT id FROM publications WHERE "
                    + "episode_id = :e AND destination = :d AND clip_id = 0", Map.of("e", episode, "d", name), Long.class)
                    .isEmpty());
            row = jdbc.queryForObject("SELECT id FROM publications WHERE episode_id = :e AND destination = :d "
                    + "AND clip_id = 0", Map.of("e", episode, "d", name), Long.class);
            NotifyBuilder polls = new NotifyBuilder(camel).fromRoute(Destinations.pollRoute(name)).whenCompleted(5).create();
            assertThat(polls.matches(30, TimeUnit.SECONDS)).isTrue();
            Map<String, Object> waiting = jdbc.queryForMap("SELECT state, attempts FROM publications WHERE id = :id",
                    Map.of("id", row));
            assertThat(waiting.get("state")).isEqualTo("PENDING");
            assertThat(((Number) waiting.get("attempts")).intValue()).isZero();
            assertThat(deadLetters(name, episode)).isZero();
            assertThat(route(send).get("state").asText()).isEqualTo("Stopped");
        } finally {
            post("/api/routes/" + send + "/start");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> "PUBLISHED".equals(jdbc.queryForObject(
                "SELECT state FROM publications WHERE id = :id", Map.of("id", row), String.class)));
        assertThat(jdbc.queryForObject("SELECT attempts FROM publications WHERE id = :id", Map.of("id", row), Integer.class))
                .isEqualTo(1);
        long episode = jdbc.queryForObject("SELECT episode_id FROM publications WHERE id = :id", Map.of("id", row), Long.class);
        assertThat(deadLetters(name, episode)).isZero();
        JsonNode started = route(send);
        assertThat(started.get("state").asText()).isEqualTo("Started");
        assertThat(started.get("desiredState").asText()).isEqualTo("STARTED");
        assertThat(started.get("changedBy").asText()).isEqualTo("admin");
    }

    private long deadLetters(String destination, long episode) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters WHERE destination = :d AND episode_id = :e",
                Map.of("d", destination, "e", episode), Long.class);
    }

    @Test
    void aStopAndStartOverJolokiaIsRecordedWithTheAdminsName() throws Exception {
        String id = "publish-rss-outbox-poll";
        String mbean = routeMBean(id).replace("\"", "\\\"");
        try {
            jolokia("{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"stop()\"}");
            assertThat(camel.getRouteController().getRouteStatus(id)).isEqualTo(ServiceStatus.Stopped);
            JsonNode r = route(id);
            assertThat(r.get("desiredState").asText()).isEqualTo("STOPPED");
            assertThat(r.get("changedBy").asText()).isEqualTo("admin");
        } finally {
            jolokia("{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"start()\"}");
        }
        assertThat(camel.getRouteController().getRouteStatus(id)).isEqualTo(ServiceStatus.Started);
        assertThat(route(id).get("desiredState").asText()).isEqualTo("STARTED");
    }

    /** The route's MBean name as Camel registered it. */
    private static String routeMBean(String id) throws Exception {
        java.util.Set<javax.management.ObjectName> names = java.lang.management.ManagementFactory.getPlatformMBeanServer()
                .queryNames(new javax.management.ObjectName("org.apache.camel:type=routes,name=\"" + id + "\",*"), null);
        assertThat(names).as("the MBean of route " + id).hasSize(1);
        return names.iterator().next().getCanonicalName();
    }

    private void jolokia(String body) throws Exception {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> r = admin().postForEntity("/actuator/jolokia", new HttpEntity<>(body, h), String.class);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(r.getBody()).get("status").asInt()).as(r.getBody()).isEqualTo(200);
    }

    @Test
    void aRouteStoppedByCodeIsRecordedAsSystem() throws Exception {
        String id = "publish-facebook-outbox-poll";
        try {
            camel.getRouteController().stopRoute(id);
            assertThat(states.find(id).orElseThrow().changedBy()).isEqualTo(Actor.SYSTEM);
            assertThat(states.find(id).orElseThrow().desiredState()).isEqualTo(RouteStates.STOPPED);
        } finally {
            camel.getRouteController().startRoute(id);
        }
        assertThat(states.find(id).orElseThrow().desiredState()).isEqualTo(RouteStates.STARTED);
    }

    @Test
    void routesRecordedAsStoppedDoNotStartWithTheirContext() throws Exception {
        states.record("routecontrol-test-gated", RouteStates.STOPPED, "admin");
        states.record("routecontrol-test-free", RouteStates.STARTED, "admin");
        AtomicInteger gated = new AtomicInteger();
        AtomicInteger free = new AtomicInteger();
        try (DefaultCamelContext other = new DefaultCamelContext()) {
            other.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:gated?period=20").routeId("routecontrol-test-gated").process(e -> gated.incrementAndGet());
                    from("timer:free?period=20").routeId("routecontrol-test-free").process(e -> free.incrementAndGet());
                }
            });
            gate.beforeApplicationStart(other);
            other.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> free.get() >= 5);
            assertThat(other.getRouteController().getRouteStatus("routecontrol-test-gated")).isEqualTo(ServiceStatus.Stopped);
            assertThat(gated.get()).isZero();
            other.getRouteController().startRoute("routecontrol-test-gated");
            await().atMost(Duration.ofSeconds(30)).until(() -> gated.get() >= 1);
        }
    }
}
