package io.castwire.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.castwire.support.HubTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The security checks against the running hub: what answers without credentials, that no
 * default password works, what a viewer may not do, and CSRF on the session login.
 */
class SecurityChecksTest extends HubTest {

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
        return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    }

    private HttpRequest.Builder post(String path, String body, String contentType) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static final List<String> GUARDED = List.of("/api/episodes", "/api/routes", "/api/dead-letters",
            "/api/destinations", "/actuator/prometheus", "/actuator/info", "/actuator/camelroutes",
            "/actuator/hawtio/", "/actuator/jolokia", "/actuator/jolokia/version");

    @Test
    void withoutCredentialsScriptsGet401ProblemJsonAndBrowsersTheLoginPage() throws Exception {
        for (String path : GUARDED) {
            HttpResponse<String> api = send(get(path).header("Accept", "application/json"));
            assertThat(api.statusCode()).as(path).isEqualTo(401);
            assertThat(api.headers().firstValue("Content-Type").orElse("")).as(path).contains("application/problem+json");
            assertThat(api.headers().firstValue("WWW-Authenticate").orElse("")).as(path).startsWith("Basic");
            HttpResponse<String> page = send(get(path).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
            assertThat(page.statusCode()).as(path).isEqualTo(302);
            assertThat(page.headers().firstValue("Location").orElse("")).as(path).endsWith("/login");
            assertThat(page.headers().firstValue("WWW-Authenticate")).as(path).isEmpty();
        }
        HttpResponse<String> jolokiaPost = send(post("/actuator/jolokia", "{\"type\":\"version\"}", "application/json"));
        assertThat(jolokiaPost.statusCode()).isEqualTo(401);
        HttpResponse<String> stop = send(post("/api/routes/publish-rss-feed/stop", "", "application/json"));
        assertThat(stop.statusCode()).isEqualTo(401);
        assertThat(send(post("/api/dead-letters/1/replay", "", "application/json")).statusCode()).isEqualTo(401);
        // public: health, the feed, the login page
        assertThat(send(get("/actuator/health")).statusCode()).isIn(200, 503);
        assertThat(send(get("/feed.xml")).statusCode()).isNotIn(401, 403);
        assertThat(send(get("/login")).statusCode()).isEqualTo(200);
    }

    @Test
    void noDefaultPasswordWorks() throws Exception {
        String[][] tries = {{"admin", "admin"}, {"admin", "password"}, {"admin", "castwire"}, {"admin", ""},
                {"admin", "changeit"}, {"user", "password"}, {"user", "user"}, {"viewer", "viewer"}, {"viewer", ""},
                {"hawtio", "hawtio"}, {"root", "root"}, {"guest", "guest"}};
        for (String[] t : tries) {
            HttpResponse<String> r = send(get("/api/routes").header("Authorization", basic(t[0], t[1])));
            assertThat(r.statusCode()).as(t[0] + "/" + t[1]).isEqualTo(401);
            HttpResponse<String> form = formLogin(t[0], t[1]);
            assertThat(form.headers().firstValue("Location").orElse("")).as("form " + t[0] + "/" + t[1])
                    .contains("/login?error");
        }
        assertThat(send(get("/api/routes").header("Authorization", basic("admin", PASSWORD))).statusCode()).isEqualTo(200);
    }

    @Test
    void aViewerReadsButCannotStopARouteOrReplay() throws Exception {
        String viewer = basic("viewer", VIEWER_PASSWORD);
        assertThat(send(get("/api/routes").header("Authorization", viewer)).statusCode()).isEqualTo(200);
        assertThat(send(get("/api/dead-letters").header("Authorization", viewer)).statusCode()).isEqualTo(200);
        HttpResponse<String> stop = send(post("/api/routes/publish-rss-feed/stop", "", "application/json")
                .header("Authorization", viewer));
        assertThat(stop.statusCode()).isEqualTo(403);
        assertThat(stop.body()).contains("admin role");
        assertThat(send(post("/api/dead-letters/1/replay", "", "application/json").header("Authorization", viewer))
                .statusCode()).isEqualTo(403);
        // and over Jolokia: reads yes, the route's stop() no
        HttpResponse<String> version = send(post("/actuator/jolokia", "{\"type\":\"version\"}", "application/json")
                .header("Authorization", viewer));
        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(version.body()).contains("\"agent\"");
        String stopRoute = "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=castwire,type=routes,"
                + "name=\\\"publish-rss-feed\\\"\",\"operation\":\"stop()\"}";
        HttpResponse<String> exec = send(post("/actuator/jolokia", stopRoute, "application/json").header("Authorization", viewer));
        assertThat(exec.statusCode()).isEqualTo(403);
        assertThat(camel.getRouteController().getRouteStatus("publish-rss-feed").isStarted()).isTrue();
        // the viewer is not an admin anywhere else either
        assertThat(send(get("/actuator/prometheus").header("Authorization", viewer)).statusCode()).isEqualTo(403);
    }

    @Test
    void jolokiaRefusesWhatNoRoleMayDoEvenForTheAdmin() throws Exception {
        String admin = basic("admin", PASSWORD);
        String[] refused = {
                "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc()\"}",
                "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=castwire,type=context,name=\\\"castwire\\\"\","
                        + "\"operation\":\"stop()\"}",
                "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}",
                "[{\"type\":\"version\"},{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}]",
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"SystemProperties\"}",
                "{\"type\":\"version\",\"target\":{\"url\":\"service:jmx:rmi:///jndi/rmi://127.0.0.1:9999/jmxrmi\"}}"};
        for (String body : refused) {
            HttpResponse<String> r = send(post("/actuator/jolokia", body, "application/json").header("Authorization", admin));
            assertThat(r.statusCode()).as(body).isEqualTo(403);
        }
        assertThat(send(get("/actuator/jolokia/exec/java.lang:type=Memory/gc").header("Authorization", admin)).statusCode())
                .isEqualTo(403);
        assertThat(send(get("/actuator/jolokia/read/java.lang:type=Runtime/SystemProperties").header("Authorization", admin))
                .statusCode()).isEqualTo(403);
        assertThat(send(get("/actuator/jolokia/read/java.lang:type=Memory/HeapMemoryUsage").header("Authorization", admin))
                .statusCode()).isEqualTo(200);
        // CORS strict: another origin is refused, and nothing says it may read the answer
        HttpResponse<String> cross = send(post("/actuator/jolokia", "{\"type\":\"version\"}", "application/json")
                .header("Authorization", admin).header("Origin", "https://evil.example"));
        assertThat(cross.statusCode()).isEqualTo(403);
        assertThat(cross.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> apiCross = send(get("/api/routes").header("Authorization", admin)
                .header("Origin", "https://evil.example"));
        assertThat(apiCross.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void theFormLoginAndItsSessionNeedTheCsrfToken() throws Exception {
        // the login form itself: without the token the POST is refused
        Login page = loginPage();
        HttpResponse<String> noToken = send(post("/login", "username=admin&password=" + PASSWORD,
                "application/x-www-form-urlencoded").header("Cookie", page.cookies()));
        assertThat(noToken.statusCode()).isEqualTo(403);
        HttpResponse<String> loggedIn = formLogin("admin", PASSWORD);
        assertThat(loggedIn.statusCode()).isEqualTo(302);
        assertThat(loggedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        String session = cookie(loggedIn, "JSESSIONID");
        assertThat(session).isNotNull();
        // the session reads; a fresh CSRF cookie comes with the answer
        HttpResponse<String> read = send(get("/api/routes").header("Cookie", "JSESSIONID=" + session));
        assertThat(read.statusCode()).isEqualTo(200);
        String xsrf = cookie(read, "XSRF-TOKEN");
        assertThat(xsrf).isNotNull();
        String route = "/api/routes/publish-x-outbox-poll/start";
        HttpResponse<String> forged = send(post(route, "", "application/json").header("Cookie", "JSESSIONID=" + session));
        assertThat(forged.statusCode()).isEqualTo(403);
        HttpResponse<String> wrong = send(post(route, "", "application/json")
                .header("Cookie", "JSESSIONID=" + session + "; XSRF-TOKEN=" + xsrf).header("X-XSRF-TOKEN", "forged"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        HttpResponse<String> withToken = send(post(route, "", "application/json")
                .header("Cookie", "JSESSIONID=" + session + "; XSRF-TOKEN=" + xsrf).header("X-XSRF-TOKEN", xsrf));
        assertThat(withToken.statusCode()).isEqualTo(200);
        // a script authenticating with Basic needs no token
        HttpResponse<String> script = send(post(route, "", "application/json").header("Authorization", basic("admin", PASSWORD)));
        assertThat(script.statusCode()).isEqualTo(200);
    }

    private record Login(String token, String cookies) {
    }

    private Login loginPage() throws Exception {
        HttpResponse<String> page = send(get("/login").header("Accept", "text/html"));
        Matcher m = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"").matcher(page.body());
        if (!m.find()) {
            m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
            assertThat(m.find()).as("a CSRF field in " + page.body()).isTrue();
        }
        StringBuilder cookies = new StringBuilder();
        for (String c : page.headers().allValues("Set-Cookie")) {
            cookies.append(cookies.length() == 0 ? "" : "; ").append(c, 0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'));
        }
        return new Login(m.group(1), cookies.toString());
    }

    private HttpResponse<String> formLogin(String user, String password) throws Exception {
        Login page = loginPage();
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(page.token(),
                StandardCharsets.UTF_8);
        return send(post("/login", form, "application/x-www-form-urlencoded").header("Cookie", page.cookies()));
    }

    private static String cookie(HttpResponse<?> r, String name) {
        for (String c : r.headers().allValues("Set-Cookie")) {
            if (c.startsWith(name + "=")) {
                String v = c.substring(name.length() + 1);
                int semi = v.indexOf(';');
                v = semi < 0 ? v : v.substring(0, semi);
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }

}
