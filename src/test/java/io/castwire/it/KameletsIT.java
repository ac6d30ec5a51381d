package io.castwire.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.publishing.webhook.WebhookSigner;
import io.castwire.support.HubProcess;
import io.castwire.support.TestMedia;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kamelets as an operator uses them: the packaged jar finds them on its own classpath, and a
 * YAML route file loaded with {@code castwire.routes-location} composes them. A file dropped into
 * a watched folder becomes an episode; a signed POST passes the webhook source, an unsigned one does not.
 */
class KameletsIT {

    private static final String SECRET = "whsec_" + java.util.Base64.getEncoder()
            .encodeToString("kamelets-it-secret-32-bytes-long".getBytes(StandardCharsets.UTF_8));
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void routesComposedFromTheShippedKameletsRunInThePackagedHub(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("data");
        Path dropbox = Files.createDirectories(dir.resolve("dropbox"));
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("custom-kamelets.camel.yaml"), """
                - route:
                    id: custom-dropbox-ingest
                    autoStartup: "{{castwire.routes.custom-dropbox-ingest.auto-startup:true}}"
                    from:
                      uri: "kamelet:castwire-folder-source"
                      parameters:
                        directory: "%s"
                        show: kamelet-it
                        settleTime: 500
                        delay: 200
                      steps:
                        - log: "dropbox file ${body} is in the inbox"
                - route:
                    id: custom-hook-receive
                    autoStartup: "{{castwire.routes.custom-hook-receive.auto-startup:true}}"
                    from:
                      uri: "kamelet:castwire-webhook-source"
                      parameters:
                        source: kamelet-it
                        secret: "{{KAMELETS_IT_SECRET}}"
                      steps:
                        - log: "webhook ${header[webhook-id]}: ${body}"
                """.formatted(dropbox));
        String shipped = "classpath:castwire-routes/ingest/*.camel.yaml,classpath:castwire-routes/processing/*.camel.yaml,"
                + "classpath:castwire-routes/publishing/*.camel.yaml";
        try (HubProcess hub = new HubProcess(home, Map.of("CASTWIRE_ADMIN_PASSWORD", "it-pw", "KAMELETS_IT_SECRET", SECRET),
                List.of("--castwire.routes-location=" + shipped + ",file:" + routes + "/*.camel.yaml")).start()) {
            Files.copy(TestMedia.mp3(2.0), dropbox.resolve("dropped.mp3"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                    json.readTree(hub.get("/api/episodes?show=kamelet-it", "it-pw")).get("items").size() == 1);
            JsonNode e = json.readTree(hub.get("/api/episodes?show=kamelet-it", "it-pw")).get("items").get(0);
            assertThat(e.get("show").asText()).isEqualTo("kamelet-it");
            assertThat(dropbox.resolve("dropped.mp3")).as("handed over, then deleted from the dropbox").doesNotExist();

            String body = "{\"type\":\"render.done\",\"data\":{\"episodeId\":" + e.get("id").asLong() + "}}";
            assertThat(post(hub, body, SECRET).statusCode()).isEqualTo(202);
            HttpResponse<String> forged = post(hub, body, "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(forged.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.log().contains("render.done"));
            assertThat(hub.log()).as("the secret never reaches the log").doesNotContain(SECRET.substring(6));
        }
    }

    private static HttpResponse<String> post(HubProcess hub, String body, String secret) throws Exception {
        String id = "msg_" + System.nanoTime();
        long ts = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.port() + "/webhooks/kamelet-it"))
                .header("Content-Type", "application/json")
                .header(WebhookSigner.ID_HEADER, id)
                .header(WebhookSigner.TIMESTAMP_HEADER, Long.toString(ts))
                .header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(id, ts, body.getBytes(StandardCharsets.UTF_8), secret))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
