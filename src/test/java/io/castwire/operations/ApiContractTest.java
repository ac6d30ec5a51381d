package io.castwire.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.support.HubTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The HTTP contract of DESIGN.md: who may call what, and what errors look like. */
class ApiContractTest extends HubTest {

    @Test
    void adminEndpointsNeedTheAdminPasswordAndSayHowInProblemJson() throws Exception {
        for (String path : new String[] {"/api/episodes", "/api/episodes/1", "/api/queue/stats", "/api/storage/stats",
                "/actuator/prometheus"}) {
            ResponseEntity<String> anonymous = http.getForEntity(path, String.class);
            assertThat(anonymous.getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(anonymous.getHeaders().getContentType()).as(path).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(anonymous.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
            assertThat(json.readTree(anonymous.getBody()).get("status").asInt()).isEqualTo(401);
            ResponseEntity<String> wrong = http.withBasicAuth("admin", "admin").getForEntity(path, String.class);
            assertThat(wrong.getStatusCode()).as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
    }

    @Test
    void anUnknownEpisodeIsA404Problem() throws Exception {
        ResponseEntity<String> r = admin().getForEntity("/api/episodes/987654321", String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode p = json.readTree(r.getBody());
        assertThat(p.get("type").asText()).endsWith("/not-found");
        assertThat(p.get("detail").asText()).isEqualTo("no episode 987654321");
    }

    @Test
    void badQueryParametersAre400Problems() throws Exception {
        for (String path : new String[] {"/api/episodes?state=NOPE", "/api/episodes?limit=0", "/api/episodes/abc"}) {
            ResponseEntity<String> r = admin().getForEntity(path, String.class);
            assertThat(r.getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(r.getHeaders().getContentType()).as(path).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(json.readTree(r.getBody()).get("detail").asText()).as(path).isNotBlank();
        }
    }

    @Test
    void retryNeedsTheAdminAndAnExistingEpisode() throws Exception {
        ResponseEntity<String> unknown = admin().postForEntity("/api/episodes/987654321/retry", null, String.class);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        ResponseEntity<String> anonymous = http.postForEntity("/api/episodes/1/retry", null, String.class);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void healthAndItsProbeGroupsArePublic() {
        for (String path : new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
            ResponseEntity<String> r = http.getForEntity(path, String.class);
            assertThat(r.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
            assertThat(r.getBody()).contains("\"UP\"");
        }
    }

    @Test
    void prometheusHasPerRouteCountersForTheAdmin() {
        ResponseEntity<String> r = admin().getForEntity("/actuator/prometheus", String.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(r.getBody()).containsPattern("camel_exchanges_total\\{[^}]*routeId=\"processing-outbox-poll\"");
        assertThat(r.getBody()).containsPattern("camel_exchanges_total\\{[^}]*routeId=\"ingest-sidecar-sweep\"");
    }

    @Test
    void queueAndStorageStatsDescribeTheHub() throws Exception {
        JsonNode queue = getJson("/api/queue/stats");
        assertThat(queue.get("episodesByState").has("RECEIVED")).isTrue();
        assertThat(queue.has("pendingSidecars")).isTrue();
        JsonNode storage = getJson("/api/storage/stats");
        assertThat(storage.get("quotaBytes").asLong()).isEqualTo(40L * 1024 * 1024);
        assertThat(storage.get("areas").fieldNames()).toIterable().contains("inbox", "media", "quarantine", "public");
        assertThat(storage.get("diskFreeBytes").asLong()).isPositive();
    }
}
