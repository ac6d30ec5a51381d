package io.castwire.operations.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.common.ProblemAdvice;
import io.castwire.support.HubTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI document matches the running hub, both ways, whatever endpoints other features add:
 * every documented path and method has a handler (called as admin with made-up ids, it answers
 * anything but "no such handler" or 405), and every Spring MVC mapping under /api/** is documented.
 */
class ApiDocsTest extends HubTest {

    /** Fills every path variable and required query parameter: an id or name nothing has. */
    static final String UNKNOWN = "987654321";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private JsonNode document() throws Exception {
        return getJson("/v3/api-docs");
    }

    @Test
    void theDocumentNeedsTheAdminLoginAndDescribesTheApi() throws Exception {
        assertThat(http.getForEntity("/v3/api-docs", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        JsonNode doc = document();
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.at("/info/title").asText()).isEqualTo("castwire");
        assertThat(doc.at("/components/securitySchemes/admin/scheme").asText()).isEqualTo("basic");
        JsonNode paths = doc.get("paths");
        assertThat(paths.has("/api/episodes/{id}")).isTrue();
        JsonNode webhook = paths.at("/~1webhooks~1{source}/post");
        assertThat(webhook.isMissingNode()).as("POST /webhooks/{source} is documented").isFalse();
        assertThat(webhook.at("/responses").fieldNames()).toIterable().contains("202", "401", "409", "413", "422", "503");
        assertThat(webhook.get("security")).as("signed, no login").isEmpty();
        // the dashboard and the feeds are not part of the REST API document
        assertThat(paths.has("/")).isFalse();
        assertThat(paths.has("/episodes/{id}")).isFalse();
    }

    @Test
    void everyDocumentedOperationHasAHandler() throws Exception {
        JsonNode paths = document().get("paths");
        List<String> wrong = new ArrayList<>();
        int called = 0;
        HttpClient client = HttpClient.newHttpClient();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase(Locale.ROOT);
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                String uri = path.getKey().replaceAll("\\{[^}]+}", UNKNOWN) + requiredQuery(op.getValue());
                HttpResponse<String> r = client.send(request(method, uri), HttpResponse.BodyHandlers.ofString());
                called++;
                String answer = method + " " + uri + " -> " + r.statusCode() + " " + r.body();
                if (r.statusCode() == 405 || (r.statusCode() >= 500 && r.statusCode() != 503)) {
                    wrong.add(answer);
                } else if (r.statusCode() == 404 && !hubsOwnProblem(r.body())) {
                    wrong.add("no handler: " + answer);
                }
            }
        }
        assertThat(called).isGreaterThan(20);
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyApiMappingIsDocumented() throws Exception {
        JsonNode paths = document().get("paths");
        Set<String> missing = new TreeSet<>();
        int mapped = 0;
        for (Map.Entry<RequestMappingInfo, HandlerMethod> m : mappings.getHandlerMethods().entrySet()) {
            Set<String> patterns = m.getKey().getPatternValues();
            Set<RequestMethod> methods = m.getKey().getMethodsCondition().getMethods();
            for (String pattern : patterns) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                String documented = pattern.replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    mapped++;
                    if (!paths.has(documented) || !paths.get(documented).has(method.name().toLowerCase(Locale.ROOT))) {
                        missing.add(method + " " + documented);
                    }
                }
            }
        }
        assertThat(mapped).isGreaterThan(20);
        assertThat(missing).isEmpty();
    }

    private HttpRequest request(String method, String uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + uri))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        if (method.equals("GET") || method.equals("DELETE")) {
            return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        // an empty JSON object: enough to reach the handler, which refuses it or finds no such thing
        return b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString("{}")).build();
    }

    private static String requiredQuery(JsonNode operation) {
        StringBuilder q = new StringBuilder();
        for (JsonNode p : operation.path("parameters")) {
            if (p.path("in").asText().equals("query") && p.path("required").asBoolean()) {
                q.append(q.length() == 0 ? "?" : "&").append(p.get("name").asText()).append('=').append(UNKNOWN);
            }
        }
        return q.toString();
    }

    /** A 404 castwire answered itself (an unknown id), not Spring's "no handler" or "no static resource". */
    private boolean hubsOwnProblem(String body) {
        try {
            return json.readTree(body).path("type").asText().startsWith(ProblemAdvice.TYPE_BASE);
        } catch (Exception notJson) {
            return false;
        }
    }
}
