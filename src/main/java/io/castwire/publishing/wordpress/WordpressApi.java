package io.castwire.publishing.wordpress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.HttpFailures;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import io.castwire.publishing.delivery.Secrets;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * WordPress's REST API ({@code wp/v2}) over {@link HttpClient}, authenticated with HTTP Basic and an
 * Application Password: JSON calls for posts and media, streamed uploads into the media library,
 * and WordPress's failures turned into {@link DeliveryException} (may pass: 5xx, 408, 425, 429 with
 * its Retry-After, I/O, time-outs) or {@link PermanentDeliveryException} (other 4xx).
 * <p>
 * Posts do not go through camel-wordpress 4.17 ({@code wordpress:post}). Tried against WordPress
 * 6.1 with an Application Password, its producer does create a post (slug, status, categories and
 * featured_media are fields of its {@code Post}), and a refusal surfaces as a
 * {@code CamelExecutionException} around a JAX-RS {@code WebApplicationException} whose response
 * carries the status and Retry-After. But it cannot do this job correctly:
 * <ul>
 * <li>an update takes the post id from the endpoint URI ({@code wordpress:post?id=N}), so every
 * update would need an endpoint URI built from message data (the previous remote id), which castwire
 * forbids, and one more endpoint per post;</li>
 * <li>every endpoint re-initialises a JVM-wide singleton ({@code WordpressServiceProvider}): one
 * site and one credential per JVM, and a rotated Application Password means a new endpoint URI
 * holding the password;</li>
 * <li>its hard-wired CXF logging interceptors log every request at INFO, including the
 * {@code Authorization} header (the base64 of user:application-password) and the bodies;</li>
 * <li>its {@code Post} serialises every null field: an update without the slug sent
 * {@code "slug":null} and WordPress erased the post's slug (found by {@link WordpressDestination#findExisting}
 * no more), and it always sends {@code categories: []} and {@code tags: []}, wiping an editor's;</li>
 * <li>dates go out as epoch milliseconds, which WordPress rejects (HTTP 400 "date is not of type
 * string"), so no scheduled ({@code future}) posts;</li>
 * <li>no time-outs can be set (CXF's defaults apply), no media upload, no lookup of drafts by slug.</li>
 * </ul>
 * The password is read through {@link Secrets} at each call, so a rotated one needs no restart; it
 * is never logged nor put into a message, and redirects are not followed so it never travels on.
 */
@Component
public class WordpressApi {

    private static final Logger LOG = LoggerFactory.getLogger(WordpressApi.class);
    private static final String NAME = "wordpress";
    /** WordPress's JSON answers are a few KB; anything far bigger is not WordPress talking. */
    private static final int MAX_ANSWER = 4 * 1024 * 1024;
    /** WordPress only needs some Content-Type; anything else (parameters, line breaks) is not sent. */
    private static final Pattern MEDIA_TYPE = Pattern.compile("[A-Za-z0-9.+-]+/[A-Za-z0-9.+-]+");

    private final WordpressProperties properties;
    private final Secrets secrets;
    private final Clock clock;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public WordpressApi(WordpressProperties properties, Secrets secrets, Clock clock) {
        this.properties = properties;
        this.secrets = secrets;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.getConnectTimeout())
                .build();
    }

    /** A WordPress answer: status, the header WordPress may send to slow us down, and the (bounded) body. */
    record Answer(int status, String retryAfter, String body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    /**
     * GETs a route, e.g. {@code /wp/v2/posts} with {@code slug=...}.
     *
     * @param what what the call is for, in messages ("find post")
     * @return the answer's JSON
     */
    public JsonNode get(String route, Map<String, String> query, String what) throws DeliveryException {
        HttpRequest request = request(route, query).GET().build();
        return parse(check(send(request, what), what), what);
    }

    /** POSTs a JSON body to a route (WordPress creates with POST to a collection, updates with POST to an item). */
    public JsonNode post(String route, JsonNode body, String what) throws DeliveryException {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new PermanentDeliveryException(NAME + " " + what + ": cannot write the request: " + e.getMessage(), 0, e);
        }
        HttpRequest request = request(route, Map.of())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        return parse(check(send(request, what), what), what);
    }

    /**
     * Uploads a file into the media library, streamed from disk, under a slug of castwire's choosing.
     *
     * @param fileName the name WordPress stores it under: ASCII, with the extension WordPress judges the type by
     * @return the new attachment, or empty when WordPress refuses this file for good (a type it does
     *         not allow, such as {@code .scc}, a size over its limit): the caller links the hub's copy instead
     * @throws DeliveryException when the upload may pass later, or the credentials or the site are wrong
     */
    public Optional<JsonNode> upload(Path file, String fileName, String mediaType, String slug) throws DeliveryException {
        String what = "upload " + fileName;
        HttpRequest request;
        try {
            request = request("/wp/v2/media", Map.of("slug", slug, "title", fileName))
                    .header("Content-Type", mediaType != null && MEDIA_TYPE.matcher(mediaType).matches()
                            ? mediaType : "application/octet-stream")
                    .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                    .POST(HttpRequest.BodyPublishers.ofFile(file))
                    .build();
        } catch (FileNotFoundException e) {
            throw new PermanentDeliveryException(NAME + " " + what + ": the file is gone: " + file, 0, e);
        } catch (IOException e) {
            throw new DeliveryException(NAME + " " + what + ": cannot read the file: " + e.getMessage(), e);
        }
        Answer answer = send(request, what);
        if (refused(answer)) {
            LOG.warn("WordPress refused {} (HTTP {}: {}); the post links castwire's copy instead", fileName,
                    answer.status(), HttpFailures.shorten(message(answer)));
            return Optional.empty();
        }
        return Optional.of(parse(check(answer, what), what));
    }

    /**
     * A refusal of this one file rather than of the whole post: WordPress answers 500
     * {@code rest_upload_sideload_error} for a type it does not allow, and 4xx for too large or
     * malformed uploads. Credentials (401, 403), a missing API (404) and rate limits are not refusals.
     */
    private boolean refused(Answer a) {
        int s = a.status();
        if (s == 500) {
            return "rest_upload_sideload_error".equals(code(a));
        }
        return s >= 400 && s < 500 && !HttpFailures.retryable(s) && s != 401 && s != 403 && s != 404;
    }

    private HttpRequest.Builder request(String route, Map<String, String> query) throws DeliveryException {
        String password = secrets.require(NAME, properties.getPasswordEnv());
        String basic = Base64.getEncoder().encodeToString((properties.getUser() + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(uri(route, query))
                .timeout(properties.getRequestTimeout())
                .header("Authorization", "Basic " + basic)
                .header("Accept", "application/json")
                .header("User-Agent", "castwire");
    }

    /** The API address of a route, in the site's permalink style; query values are encoded here. */
    URI uri(String route, Map<String, String> query) {
        String base = properties.getUrl().replaceAll("/+$", "");
        StringBuilder b = new StringBuilder(base);
        char sep;
        if (properties.isPrettyPermalinks()) {
            b.append("/wp-json").append(route);
            sep = '?';
        } else {
            b.append("/?rest_route=").append(route);
            sep = '&';
        }
        for (Map.Entry<String, String> e : query.entrySet()) {
            b.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return URI.create(b.toString());
    }

    private Answer send(HttpRequest request, String what) throws DeliveryException {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(MAX_ANSWER + 1);
                if (bytes.length > MAX_ANSWER && response.statusCode() / 100 == 2) {
                    throw new DeliveryException(NAME + " " + what + ": the answer is larger than " + MAX_ANSWER
                            + " bytes; is " + host() + " a WordPress site?", response.statusCode(), null);
                }
                body = new String(bytes, 0, Math.min(bytes.length, MAX_ANSWER), StandardCharsets.UTF_8);
            }
            return new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), body);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new DeliveryException(NAME + " " + what + ": cannot reach " + host() + " (" + describe(e) + ")", e);
        } catch (HttpTimeoutException e) {
            throw new DeliveryException(NAME + " " + what + ": no answer from " + host() + " within "
                    + properties.getRequestTimeout() + " (castwire.publish.wordpress.request-timeout)", e);
        } catch (IOException e) {
            throw new DeliveryException(NAME + " " + what + ": the connection to " + host() + " failed (" + describe(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(NAME + " " + what + ": interrupted", e);
        }
    }

    private Answer check(Answer a, String what) throws DeliveryException {
        if (a.ok()) {
            return a;
        }
        if (a.status() == 401 || a.status() == 403) {
            // WordPress's text names the user at most; still, only its error code is passed on
            throw new PermanentDeliveryException(NAME + " " + what + ": " + host() + " refused user '" + properties.getUser()
                    + "' (HTTP " + a.status() + " " + Optional.ofNullable(code(a)).orElse("") + "); check the Application"
                    + " Password in " + properties.getPasswordEnv() + " and the user's role", a.status());
        }
        throw HttpFailures.of(NAME, what, a.status(), a.retryAfter(), scrub(a.body()), clock);
    }

    private JsonNode parse(Answer a, String what) throws DeliveryException {
        try {
            return json.readTree(a.body());
        } catch (JsonProcessingException e) {
            // a cache or proxy page in front of the site, or a PHP warning printed before the JSON
            throw new DeliveryException(NAME + " " + what + ": " + host() + " answered HTTP " + a.status()
                    + " with something other than JSON: " + HttpFailures.shorten(a.body()), a.status(), null, e);
        }
    }

    private String code(Answer a) {
        try {
            JsonNode n = json.readTree(a.body());
            return n != null && n.hasNonNull("code") ? n.get("code").asText() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private String message(Answer a) {
        try {
            JsonNode n = json.readTree(a.body());
            if (n != null && n.hasNonNull("message")) {
                return n.path("code").asText("") + " " + n.get("message").asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: the raw text, shortened by the caller
        }
        return scrub(a.body());
    }

    /** An echo of the password in an error page must not reach the ledger or the log. */
    private String scrub(String s) {
        String password = secrets.get(properties.getPasswordEnv());
        return password == null || s == null ? s : s.replace(password, "***");
    }

    private String host() {
        URI u = URI.create(properties.getUrl());
        return u.getPort() == -1 ? u.getHost() : u.getHost() + ":" + u.getPort();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }
}
