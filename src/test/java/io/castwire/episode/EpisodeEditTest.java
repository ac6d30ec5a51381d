package io.castwire.episode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.support.HubTest;
import io.castwire.support.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** {@code PATCH /api/episodes/{id}}: an admin edits title, description and category; bad edits are refused clearly. */
class EpisodeEditTest extends HubTest {

    private ResponseEntity<String> patch(long id, String json, boolean authenticated) throws Exception {
        // the JDK's HttpURLConnection behind TestRestTemplate has no PATCH
        var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/episodes/" + id))
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (authenticated) {
            b.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        var r = java.net.http.HttpClient.newHttpClient().send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        HttpHeaders h = new HttpHeaders();
        r.headers().map().forEach(h::addAll);
        return new ResponseEntity<>(r.body(), h, HttpStatus.valueOf(r.statusCode()));
    }

    @Test
    void anAdminEditsMetadataWhichIsStampedAndOnTheTimeline() throws Exception {
        Path show = showInbox("edit");
        Files.copy(TestMedia.mp3(3), show.resolve("ep.mp3"));
        long id = awaitEpisodes(show.getFileName().toString(), 1, "PUBLISHED").get(0).get("id").asLong();
        Instant before = Instant.now().minusSeconds(1);

        ResponseEntity<String> ok = patch(id, "{\"title\":\"  A better   title \",\"category\":\"News\"}", true);

        assertThat(ok.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode e = getJson("/api/episodes/" + id);
        assertThat(e.get("title").asText()).isEqualTo("A better title");
        assertThat(e.get("category").asText()).isEqualTo("News");
        assertThat(Instant.parse(e.get("metadataUpdatedAt").asText())).isAfter(before);
        assertThat(e.get("timeline").toString()).contains("metadata-edited").contains("admin changed title, category");

        ResponseEntity<String> unknown = patch(id, "{\"state\":\"PUBLISHED\"}", true);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknown.getHeaders().getContentType().toString()).contains("problem+json");
        assertThat(unknown.getBody()).contains("'state' cannot be edited");
        ResponseEntity<String> tooLong = patch(id, "{\"title\":\"" + "x".repeat(501) + "\"}", true);
        assertThat(tooLong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(patch(id, "{\"title\":\"\"}", true).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(patch(id, "{}", true).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(patch(999_999, "{\"title\":\"x\"}", true).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(patch(id, "{\"title\":\"x\"}", false).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(getJson("/api/episodes/" + id).get("title").asText()).isEqualTo("A better title");
    }
}
