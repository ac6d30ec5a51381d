package io.castwire.support.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LinkedIn's versioned Posts API ({@code /rest/posts}) as documented on Microsoft Learn
 * (linkedin/marketing/community-management/shares/posts-api, api-guide/concepts/error-handling,
 * rate-limits, versioning and little-text-format):
 * <ul>
 * <li>{@code LinkedIn-Version: YYYYMM} is required (400 VERSION_MISSING); a retired or unknown
 *     version answers 426 NONEXISTENT_VERSION; {@code X-Restli-Protocol-Version: 2.0.0} is required;</li>
 * <li>create: author, commentary, visibility, distribution and lifecycleState are required (422
 *     listing the missing fields); 201 with the post's URN in {@code x-restli-id} and no body;
 *     an author the token may not post as answers 403 ACCESS_DENIED;</li>
 * <li>update: {@code POST /rest/posts/{encoded urn}} with {@code X-RestLi-Method: PARTIAL_UPDATE} and
 *     {@code {"patch":{"$set":{...}}}}, 204; an unknown post 404;</li>
 * <li>find by author: {@code GET /rest/posts?author={urn}&q=author&count=n}, newest first,
 *     {@code {"paging":{...},"elements":[...]}}, count at most 100;</li>
 * <li>errors {@code {"status","serviceErrorCode","code","message"}}; 401 INVALID_ACCESS_TOKEN; daily
 *     throttles 429 without Retry-After;</li>
 * <li>commentary is "little" text: {@link #visibleCommentary} shows what members would read,
 *     cut at the first unescaped reserved character as LinkedIn does.</li>
 * </ul>
 */
public final class FakeLinkedin extends ApiFake {

    public static final String TOKEN = "fake-linkedin-access-token";
    public static final String AUTHOR = "urn:li:organization:5515715";
    /** The oldest version the fake still serves (LinkedIn keeps a version about a year). */
    public static final String OLDEST_VERSION = "202506";

    private static final Pattern VERSION = Pattern.compile("(\\d{6})(\\.\\d{2})?");
    private static final Pattern URL = Pattern.compile("https?://\\S+");
    private static final String RESERVED = "|{}@[]()<>*_~\\";
    private static FakeLinkedin shared;

    /** A stored post. */
    public record Post(String id, String author, String commentary, ObjectNode json) {
    }

    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(7_200_000_000_000_000_000L);

    public FakeLinkedin() {
        super(TOKEN);
    }

    /** One fake for the whole test JVM (its posts are shared: {@link #reset()} in each test). */
    public static synchronized FakeLinkedin startShared() {
        if (shared == null) {
            shared = new FakeLinkedin();
        }
        return shared;
    }

    /** Stored posts, newest first. */
    public List<Post> posts() {
        return List.copyOf(posts);
    }

    /** The stored post with this URN. */
    public Optional<Post> post(String urn) {
        return posts.stream().filter(p -> p.id().equals(urn)).findFirst();
    }

    /** The next {@code n} requests hit LinkedIn's daily application throttle (429, no Retry-After). */
    public void rateLimitNext(int n) {
        queue(n, error(429, 101, "TOO_MANY_REQUESTS",
                "Resource level throttle APPLICATION DAY limit for calls to this resource is reached."));
    }

    /**
     * The commentary as members see it: escapes resolved, and cut at the first reserved character
     * that is not escaped (outside URLs; {@code #word} is a hashtag).
     */
    public static String visibleCommentary(String little) {
        StringBuilder out = new StringBuilder();
        Matcher url = URL.matcher(little);
        int i = 0;
        while (i < little.length()) {
            if (url.find(i) && url.start() == i) {
                out.append(url.group());
                i = url.end();
                continue;
            }
            char c = little.charAt(i);
            if (c == '\\' && i + 1 < little.length()) {
                out.append(little.charAt(i + 1));
                i += 2;
                continue;
            }
            if (RESERVED.indexOf(c) >= 0 || (c == '#' && (i + 1 >= little.length()
                    || !Character.isLetterOrDigit(little.charAt(i + 1))))) {
                return out.toString();
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    @Override
    protected void forget() {
        posts.clear();
    }

    @Override
    protected Answer unauthorized(Request request) {
        return error(401, 65600, "INVALID_ACCESS_TOKEN", "Invalid access token");
    }

    @Override
    protected Answer answer(Request request) {
        String version = request.header("LinkedIn-Version");
        if (version == null) {
            return error(400, null, "VERSION_MISSING",
                    "A version must be present. Please specify a version by adding the LinkedIn-Version header.");
        }
        Matcher v = VERSION.matcher(version);
        if (!v.matches() || v.group(1).compareTo(OLDEST_VERSION) < 0) {
            return error(426, null, "NONEXISTENT_VERSION", "Requested version " + version + " is not active");
        }
        if (!"2.0.0".equals(request.header("X-Restli-Protocol-Version"))) {
            return error(400, null, "ILLEGAL_ARGUMENT", "X-Restli-Protocol-Version 2.0.0 is required by this API");
        }
        String path = request.path();
        if (path.equals("/rest/posts") && request.method().equals("POST")) {
            return create(request);
        }
        if (path.equals("/rest/posts") && request.method().equals("GET")) {
            return findByAuthor(request);
        }
        if (path.startsWith("/rest/posts/") && request.method().equals("POST")) {
            return update(request, decode(path.substring("/rest/posts/".length())));
        }
        return error(404, null, "NOT_FOUND", "No virtual resource found");
    }

    private Answer create(Request request) {
        JsonNode body = request.json();
        List<String> missing = new ArrayList<>();
        for (String field : List.of("author", "commentary", "visibility", "distribution", "lifecycleState")) {
            if (!body.hasNonNull(field)) {
                missing.add("ERROR :: /" + field + " :: field is required but not found and has no default value\n");
            }
        }
        if (!missing.isEmpty()) {
            return Answer.json(422, Map.of("message", String.join("", missing), "status", 422));
        }
        if (!AUTHOR.equals(body.path("author").asText())) {
            return error(403, 100, "ACCESS_DENIED", "Not enough permissions to access: partnerApiPostsExternal.CREATE.20260501");
        }
        JsonNode article = body.path("content").path("article");
        if (!article.isMissingNode() && (!article.hasNonNull("source") || !article.hasNonNull("title"))) {
            return Answer.json(422, Map.of("message", "ERROR :: /content/article :: source and title are required\n",
                    "status", 422));
        }
        String urn = "urn:li:share:" + ids.incrementAndGet();
        ObjectNode stored = ((ObjectNode) body).deepCopy();
        long now = clock().millis();
        stored.put("id", urn).put("createdAt", now).put("lastModifiedAt", now).put("publishedAt", now);
        stored.putObject("lifecycleStateInfo").put("isEditedByAuthor", false);
        posts.add(0, new Post(urn, stored.path("author").asText(), stored.path("commentary").asText(), stored));
        return Answer.empty(201).with("x-restli-id", urn).with("x-linkedin-id", urn);
    }

    private Answer update(Request request, String urn) {
        if (!"PARTIAL_UPDATE".equals(request.header("X-RestLi-Method"))) {
            return error(400, null, "ILLEGAL_ARGUMENT", "POST on an entity needs X-RestLi-Method: PARTIAL_UPDATE");
        }
        Optional<Post> post = post(urn);
        if (post.isEmpty()) {
            return error(404, null, "NOT_FOUND", "Post " + urn + " does not exist");
        }
        JsonNode set = request.json().path("patch").path("$set");
        if (!set.isObject()) {
            return error(400, null, "ILLEGAL_ARGUMENT", "Request body could not be converted to a patch");
        }
        ObjectNode json = post.get().json().deepCopy();
        set.fields().forEachRemaining(f -> json.set(f.getKey(), f.getValue()));
        json.put("lastModifiedAt", clock().millis());
        ((ObjectNode) json.path("lifecycleStateInfo")).put("isEditedByAuthor", true);
        posts.replaceAll(p -> p.id().equals(urn) ? new Post(urn, p.author(), json.path("commentary").asText(), json) : p);
        return Answer.empty(204);
    }

    private Answer findByAuthor(Request request) {
        Map<String, String> q = request.query();
        if (!"author".equals(q.get("q")) || q.get("author") == null) {
            return error(400, null, "ILLEGAL_ARGUMENT", "q=author and author are required");
        }
        int count = Integer.parseInt(q.getOrDefault("count", "10"));
        if (count < 1 || count > 100) {
            return error(400, null, "ILLEGAL_ARGUMENT", "count must be between 1 and 100");
        }
        List<Post> mine = posts.stream().filter(p -> p.author().equals(q.get("author"))).toList();
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode elements = answer.putArray("elements");
        mine.stream().limit(count).forEach(p -> elements.add(p.json()));
        answer.putObject("paging").put("start", 0).put("count", count).put("total", mine.size()).putArray("links");
        return Answer.json(200, answer);
    }

    private static Answer error(int status, Integer serviceErrorCode, String code, String message) {
        ObjectNode body = JSON.createObjectNode().put("status", status);
        if (serviceErrorCode != null) {
            body.put("serviceErrorCode", serviceErrorCode);
        }
        return Answer.json(status, body.put("code", code).put("message", message));
    }
}
