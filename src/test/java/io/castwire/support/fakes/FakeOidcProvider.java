package io.castwire.support.fakes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small OpenID Connect provider on 127.0.0.1 that issues real RS256-signed ID tokens (OpenID
 * Connect Core 1.0, authorization code flow; Discovery 1.0): {@code /.well-known/openid-configuration},
 * {@code /jwks}, {@code /authorize} (signs in whoever the test named with {@link #nextLogin} and
 * redirects back with a code and the state), {@code /token} (client_secret_basic or
 * client_secret_post; one use per code; the ID token carries the nonce of the authorization request)
 * and {@code /userinfo} (Bearer access token).
 */
public final class FakeOidcProvider implements AutoCloseable {

    public static final String CLIENT_ID = "castwire-test";
    public static final String CLIENT_SECRET = "fake-oidc-client-secret";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Who signs in at the next {@code /authorize}, and how the ID token for it is made.
     *
     * @param claims   claims of the ID token and the UserInfo answer (sub, preferred_username, groups, ...)
     * @param audience the ID token's {@code aud} (the client id, unless a test wants a token for another client)
     * @param rogueKey sign with a key the JWKS does not publish
     */
    public record Login(Map<String, Object> claims, String audience, boolean rogueKey) {

        public static Login of(String username, List<String> groups) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("sub", "sub-" + username);
            c.put("preferred_username", username);
            c.put("email", username + "@example.org");
            c.put("groups", groups);
            return new Login(c, CLIENT_ID, false);
        }

        public Login forAudience(String aud) {
            return new Login(claims, aud, rogueKey);
        }

        public Login signedWithRogueKey() {
            return new Login(claims, audience, true);
        }
    }

    private record Grant(Login login, String nonce, String redirectUri, String clientId) {
    }

    private final HttpServer server;
    private final RSAKey key;
    private final RSAKey rogue;
    private volatile Login next;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Login> accessTokens = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public FakeOidcProvider() {
        try {
            key = new RSAKeyGenerator(2048).keyID("fake-oidc-1").generate();
            rogue = new RSAKeyGenerator(2048).keyID("fake-oidc-1").generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** The issuer: {@code http://127.0.0.1:<port>}. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The user signed in by the next authorization request. */
    public void nextLogin(Login login) {
        this.next = login;
    }

    /** Paths requested so far (with method), for assertions. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            requests.add(x.getRequestMethod() + " " + path);
            switch (path) {
                case "/.well-known/openid-configuration" -> json(x, 200, discovery());
                case "/jwks" -> json(x, 200, new JWKSet(key.toPublicJWK()).toJSONObject());
                case "/authorize" -> authorize(x);
                case "/token" -> token(x);
                case "/userinfo" -> userinfo(x);
                default -> json(x, 404, Map.of("error", "not_found"));
            }
        } catch (RuntimeException e) {
            json(x, 500, Map.of("error", "server_error", "error_description", String.valueOf(e.getMessage())));
        }
    }

    private Map<String, Object> discovery() {
        String i = issuer();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", i);
        d.put("authorization_endpoint", i + "/authorize");
        d.put("token_endpoint", i + "/token");
        d.put("userinfo_endpoint", i + "/userinfo");
        d.put("jwks_uri", i + "/jwks");
        d.put("response_types_supported", List.of("code"));
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", List.of("RS256"));
        d.put("scopes_supported", List.of("openid", "profile", "email"));
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        d.put("grant_types_supported", List.of("authorization_code"));
        d.put("claims_supported", List.of("sub", "preferred_username", "email", "groups"));
        return d;
    }

    private void authorize(HttpExchange x) throws IOException {
        Map<String, String> q = form(x.getRequestURI().getRawQuery());
        Login login = next;
        if (!"code".equals(q.get("response_type")) || !CLIENT_ID.equals(q.get("client_id")) || login == null
                || q.get("redirect_uri") == null || !q.getOrDefault("scope", "").contains("openid")) {
            json(x, 400, Map.of("error", "invalid_request"));
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(login, q.get("nonce"), q.get("redirect_uri"), q.get("client_id")));
        String location = q.get("redirect_uri") + (q.get("redirect_uri").contains("?") ? "&" : "?") + "code=" + enc(code)
                + (q.get("state") != null ? "&state=" + enc(q.get("state")) : "");
        x.getResponseHeaders().add("Location", location);
        x.sendResponseHeaders(302, -1);
    }

    private void token(HttpExchange x) throws IOException {
        Map<String, String> f = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String client = f.get("client_id");
        String secret = f.get("client_secret");
        String basic = x.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
            client = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
            secret = pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : null;
        }
        if (!CLIENT_ID.equals(client) || !CLIENT_SECRET.equals(secret)) {
            json(x, 401, Map.of("error", "invalid_client"));
            return;
        }
        Grant grant = f.get("code") == null ? null : codes.remove(f.get("code"));
        if (!"authorization_code".equals(f.get("grant_type")) || grant == null || !grant.redirectUri().equals(f.get("redirect_uri"))) {
            json(x, 400, Map.of("error", "invalid_grant"));
            return;
        }
        String accessToken = UUID.randomUUID().toString();
        accessTokens.put(accessToken, grant.login());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", accessToken);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", 300);
        answer.put("scope", "openid profile email");
        answer.put("id_token", idToken(grant));
        x.getResponseHeaders().add("Cache-Control", "no-store");
        json(x, 200, answer);
    }

    private String idToken(Grant grant) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer()).audience(grant.login().audience())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
        grant.login().claims().forEach(claims::claim);
        if (grant.nonce() != null) {
            claims.claim("nonce", grant.nonce());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(grant.login().rogueKey() ? rogue : key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private void userinfo(HttpExchange x) throws IOException {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        Login login = auth != null && auth.startsWith("Bearer ") ? accessTokens.get(auth.substring(7)) : null;
        if (login == null) {
            x.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            json(x, 401, Map.of("error", "invalid_token"));
            return;
        }
        json(x, 200, login.claims());
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void json(HttpExchange x, int status, Object body) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(body);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
