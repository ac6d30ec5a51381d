package io.castwire.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.support.fakes.FakeOidcProvider;
import io.castwire.support.fakes.FakeOidcProvider.Login;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Single sign-on against {@link FakeOidcProvider}, which signs real RS256 ID tokens: the whole
 * authorization code flow followed by hand with a cookie-keeping client, on a hub with OIDC on (its
 * own context, shared by every case here).
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "castwire.admin.password=" + OidcLoginTest.PASSWORD,
        "castwire.oidc.enabled=true",
        "castwire.oidc.client-id=" + FakeOidcProvider.CLIENT_ID,
        "castwire.oidc.client-secret-env=TEST_OIDC_CLIENT_SECRET",
        "TEST_OIDC_CLIENT_SECRET=" + FakeOidcProvider.CLIENT_SECRET,
        "castwire.oidc.role-claim=groups",
        "castwire.oidc.admin-values=castwire-admins,ops",
        "castwire.oidc.viewer-values=castwire-viewers",
        // scheduled jobs never fire on their own in tests
        "castwire.sync.default.cron=0 0 0 1 1 ? 2099"
})
class OidcLoginTest {

    static final String PASSWORD = "oidc-test-admin-pw";
    private static final Path HOME = Path.of("target", "oidc-login-" + UUID.randomUUID()).toAbsolutePath();
    private static final FakeOidcProvider PROVIDER = new FakeOidcProvider();
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("castwire.home", HOME::toString);
        r.add("castwire.oidc.issuer-uri", PROVIDER::issuer);
    }

    @LocalServerPort
    int port;

    @Test
    void anAdminSignsInThroughTheProviderAndKeepsTheSession() throws Exception {
        SignInClient browser = new SignInClient();
        HttpResponse<String> callback = browser.signIn(Login.of("ada", List.of("staff", "castwire-admins")));
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
        assertThat(browser.get("/api/episodes").statusCode()).isEqualTo(200);
        // the provider was asked for its keys and the user's claims, as the flow requires
        assertThat(PROVIDER.requests()).contains("GET /jwks", "POST /token", "GET /userinfo");

        // a change made with the session cookie alone needs the CSRF token the hub set as a cookie
        assertThat(browser.post("/api/dead-letters/999999999/replay", false).statusCode()).isEqualTo(403);
        assertThat(browser.post("/api/dead-letters/999999999/replay", true).statusCode()).isEqualTo(404);

        // another browser without the session is not let in
        assertThat(new SignInClient().get("/api/episodes").statusCode()).isEqualTo(401);
    }

    @Test
    void anIdTokenForAnotherAudienceIsRefused() throws Exception {
        SignInClient browser = new SignInClient();
        HttpResponse<String> callback = browser.signIn(Login.of("mallory", List.of("castwire-admins")).forAudience("another-app"));
        assertThat(callback.statusCode()).isEqualTo(401);
        JsonNode problem = JSON.readTree(callback.body());
        assertThat(problem.get("title").asText()).isEqualTo("Single sign-on refused");
        assertThat(problem.get("detail").asText()).contains("invalid_id_token").contains("aud");
        assertThat(browser.get("/api/episodes").statusCode()).isEqualTo(401);
    }

    @Test
    void anIdTokenSignedWithAKeyTheProviderDoesNotPublishIsRefused() throws Exception {
        SignInClient browser = new SignInClient();
        HttpResponse<String> callback = browser.signIn(Login.of("eve", List.of("castwire-admins")).signedWithRogueKey());
        assertThat(callback.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(callback.body()).get("detail").asText()).contains("invalid_id_token");
        assertThat(browser.get("/api/episodes").statusCode()).isEqualTo(401);
    }

    @Test
    void aUserWhoseGroupsMapToNoRoleIsForbidden() throws Exception {
        SignInClient browser = new SignInClient();
        HttpResponse<String> callback = browser.signIn(Login.of("bob", List.of("marketing")));
        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(browser.get("/api/episodes").statusCode()).isEqualTo(403);
    }

    @Test
    void theLocalAdminStillLogsInWithBasic() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "/api/episodes"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().allValues("Set-Cookie")).as("Basic calls stay without a session")
                .noneMatch(c -> c.startsWith("JSESSIONID="));
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** A browser that follows the redirects of the login by hand and keeps the hub's cookies. */
    private final class SignInClient {

        private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        private final Map<String, String> cookies = new LinkedHashMap<>();

        /** Starts at the hub's login URL, passes the provider, and returns the hub's answer to the callback. */
        HttpResponse<String> signIn(Login login) throws IOException, InterruptedException {
            PROVIDER.nextLogin(login);
            // a person starts on the hub's login page, which offers the provider next to the form
            HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base() + "/login")).header("Accept", "text/html"));
            assertThat(page.body()).contains("href=\"oauth2/authorization/oidc\"");
            HttpResponse<String> start = get("/oauth2/authorization/oidc");
            assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
            String toProvider = start.headers().firstValue("Location").orElseThrow();
            assertThat(toProvider).startsWith(PROVIDER.issuer() + "/authorize?");
            HttpResponse<String> provider = client.send(HttpRequest.newBuilder(URI.create(toProvider)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(provider.statusCode()).as(provider.body()).isEqualTo(302);
            String callback = provider.headers().firstValue("Location").orElseThrow();
            assertThat(callback).startsWith(base() + "/login/oauth2/code/oidc?code=");
            return send(HttpRequest.newBuilder(URI.create(callback)));
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", "application/json"));
        }

        HttpResponse<String> post(String path, boolean withCsrfToken) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.noBody());
            if (withCsrfToken) {
                b.header("X-XSRF-TOKEN", cookies.getOrDefault("XSRF-TOKEN", ""));
            }
            return send(b);
        }

        private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
            if (!cookies.isEmpty()) {
                b.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
            HttpResponse<String> r = client.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            for (String c : r.headers().allValues("Set-Cookie")) {
                String pair = c.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String value = pair.substring(eq + 1);
                if (value.isEmpty()) {
                    cookies.remove(pair.substring(0, eq));
                } else {
                    cookies.put(pair.substring(0, eq), value);
                }
            }
            return r;
        }
    }
}
