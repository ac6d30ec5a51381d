package io.castwire.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.support.HubProcess;
import io.castwire.support.InboundWebhooks;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar with configured secrets (admin and viewer passwords, a destination token, an
 * inbound webhook secret): a route an admin stops stays stopped across a restart, the shutdown is
 * not recorded as anyone's stop, no Jolokia agent listens on its own port, and none of the secrets
 * appears anywhere in the complete log.
 */
class ConsoleProcessIT {

    private static final String ROUTE = "publish-wordpress-send";
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private static String secret(String prefix) {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    @Test
    void aStoppedRouteStaysStoppedAfterARestartAndNoSecretIsLogged(@TempDir Path dir) throws Exception {
        String admin = secret("adm-");
        String viewer = secret("vw-");
        String token = secret("li-token-");
        String inbound = "whsec_" + Base64.getEncoder().encodeToString(secret("inbound-").getBytes(StandardCharsets.UTF_8));
        Map<String, String> env = Map.of("CASTWIRE_ADMIN_PASSWORD", admin, "CASTWIRE_VIEWER_PASSWORD", viewer,
                "CASTWIRE_IT_LINKEDIN_TOKEN", token, "CASTWIRE_IT_INBOUND_SECRET", inbound);
        List<String> args = List.of("--castwire.publish.linkedin.enabled=true",
                "--castwire.publish.linkedin.token-env=CASTWIRE_IT_LINKEDIN_TOKEN",
                "--castwire.publish.linkedin.author=urn:li:person:it",
                "--castwire.inbound.sources[0].name=it-cms",
                "--castwire.inbound.sources[0].secret-env=CASTWIRE_IT_INBOUND_SECRET",
                "--castwire.inbound.sources[0].show=it-cms");
        HubProcess hub = new HubProcess(dir.resolve("data"), env, args, "console-process-it");
        try {
            hub.start(java.time.Duration.ofMinutes(8));
            String base = "http://127.0.0.1:" + hub.port();
            // a person logs in through the form; a script uses Basic; a CMS sends a signed webhook
            String session = formLogin(base, admin);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/routes")).header("Cookie", "JSESSIONID=" + session))
                    .statusCode()).isEqualTo(200);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/routes")).header("Authorization", basic("viewer", viewer)))
                    .statusCode()).isEqualTo(200);
            String event = "{\"type\":\"media.created\",\"timestamp\":\"" + Instant.now() + "\",\"data\":{\"url\":"
                    + "\"https://cms.example.org/media/ep12.mp3\",\"title\":\"IT\"}}";
            HttpResponse<String> signed = InboundWebhooks.post(hub.port(), "/webhooks/it-cms", InboundWebhooks.newId(),
                    Instant.now(), event, inbound);
            assertThat(signed.statusCode()).as(signed.body()).isEqualTo(202);
            HttpResponse<String> stop = send(HttpRequest.newBuilder(URI.create(base + "/api/routes/" + ROUTE + "/stop"))
                    .header("Authorization", basic("admin", admin)).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(stop.statusCode()).as(stop.body()).isEqualTo(200);
            assertThat(json.readTree(stop.body()).get("state").asText()).isEqualTo("Stopped");
            // no Jolokia agent of its own (camel-jolokia-starter's 8778)
            assertThat(listening(8778)).isFalse();

            hub.close(); // a graceful shutdown stops every route: none of that may be recorded
            hub.start(java.time.Duration.ofMinutes(8));
            JsonNode routes = json.readTree(hub.get("/api/routes", admin));
            for (JsonNode r : routes) {
                if (r.get("id").asText().equals(ROUTE)) {
                    assertThat(r.get("state").asText()).isEqualTo("Stopped");
                    assertThat(r.get("desiredState").asText()).isEqualTo("STOPPED");
                    assertThat(r.get("changedBy").asText()).isEqualTo("admin");
                } else {
                    assertThat(r.get("desiredState").isNull() || r.get("desiredState").asText().equals("STARTED"))
                            .as(r.toString()).isTrue();
                }
            }
            HttpResponse<String> start = send(HttpRequest.newBuilder(URI.create(base(hub) + "/api/routes/" + ROUTE + "/start"))
                    .header("Authorization", basic("admin", admin)).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(json.readTree(start.body()).get("state").asText()).isEqualTo("Started");
        } finally {
            hub.close();
        }
        String log = hub.log();
        assertThat(log).contains("routes stopped by an admin stay stopped until started again: " + ROUTE);
        for (String s : List.of(admin, viewer, token, inbound, inbound.substring("whsec_".length()))) {
            assertThat(log).as("a configured secret in the log").doesNotContain(s);
        }
    }

    private static String base(HubProcess hub) {
        return "http://127.0.0.1:" + hub.port();
    }

    private HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Logs in through the form (with its CSRF token) and returns the session id. */
    private String formLogin(String base, String password) throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Accept", "text/html"));
        Matcher m = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        String cookies = String.join("; ", page.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0]).toList());
        String form = "username=admin&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Cookie", cookies)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring("JSESSIONID=".length()).split(";", 2)[0]).findFirst().orElseThrow();
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
