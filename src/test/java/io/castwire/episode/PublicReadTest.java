package io.castwire.episode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.HubPaths;
import io.castwire.support.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code castwire.api.public-read=true} anyone may read published episodes, and nothing else:
 * no unpublished or failed episodes, no store paths, state details, sidecars or timeline.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "castwire.api.public-read=true",
        "castwire.admin.password=public-read-pw",
        "castwire.ingest.settle-time=500ms",
        "castwire.ingest.poll-interval=200ms",
        "castwire.ingest.transcript-wait=0s",
        "castwire.processing.outbox-interval=300ms"
})
class PublicReadTest {

    private static final Path HOME = Path.of("target", "public-read-" + UUID.randomUUID()).toAbsolutePath();

    @DynamicPropertySource
    static void home(DynamicPropertyRegistry registry) {
        registry.add("castwire.home", HOME::toString);
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    HubPaths paths;
    @Autowired
    ObjectMapper json;

    @Test
    void anonymousReadersSeePublishedEpisodesOnlyAndNoInternals() throws Exception {
        Path show = Files.createDirectories(paths.inbox().resolve("open-show"));
        Files.writeString(show.resolve("bad.meta.json"), "{\"categroy\": 1}");
        Files.copy(TestMedia.mp3(2), show.resolve("ep.mp3"));
        JsonNode[] items = new JsonNode[1];
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            items[0] = json.readTree(http.withBasicAuth("admin", "public-read-pw")
                    .getForObject("/api/episodes?show=open-show", String.class)).get("items");
            return items[0].size() == 1 && items[0].get(0).get("state").asText().equals("PUBLISHED");
        });
        long id = items[0].get(0).get("id").asLong();

        JsonNode list = json.readTree(http.getForObject("/api/episodes", String.class)).get("items");
        assertThat(list).isNotEmpty().allSatisfy(e -> {
            assertThat(e.get("state").asText()).isEqualTo("PUBLISHED");
            assertThat(e.has("stateDetail")).isFalse();
        });
        assertThat(json.readTree(http.getForObject("/api/episodes?state=FAILED", String.class)).get("items")).isEmpty();
        JsonNode detail = json.readTree(http.getForObject("/api/episodes/" + id, String.class));
        assertThat(detail.has("timeline")).isFalse();
        assertThat(detail.has("sidecars")).isFalse();
        assertThat(detail.has("publications")).isFalse();
        assertThat(detail.toString()).doesNotContain(HOME.toString()).doesNotContain("\"mediaPath\"");
        // an admin still sees everything
        JsonNode admin = json.readTree(http.withBasicAuth("admin", "public-read-pw")
                .getForObject("/api/episodes/" + id, String.class));
        assertThat(admin.has("timeline")).isTrue();

        // a failed episode does not exist for the public
        Path failing = Files.createDirectories(paths.inbox().resolve("failing-show"));
        Files.writeString(failing.resolve("show.json"), "{\"categroy\": \"Technology\"}");
        Files.copy(TestMedia.mp3(2), failing.resolve("ep.mp3"));
        long[] failed = new long[1];
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            JsonNode f = json.readTree(http.withBasicAuth("admin", "public-read-pw")
                    .getForObject("/api/episodes?show=failing-show", String.class)).get("items");
            failed[0] = f.size() == 1 ? f.get(0).get("id").asLong() : 0;
            return f.size() == 1 && f.get(0).get("state").asText().equals("FAILED");
        });
        ResponseEntity<String> hidden = http.getForEntity("/api/episodes/" + failed[0], String.class);
        assertThat(hidden.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(json.readTree(http.getForObject("/api/episodes?show=failing-show", String.class)).get("items")).isEmpty();
        assertThat(http.getForEntity("/api/queue/stats", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }
}
