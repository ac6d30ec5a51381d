package io.castwire.support.fakes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Facebook Page through the Graph API as documented on developers.facebook.com
 * (docs/pages-api/posts, docs/graph-api/reference/page/feed, docs/graph-api/reference/post,
 * docs/video-api/guides/publishing, docs/graph-api/guides/error-handling,
 * docs/graph-api/overview/rate-limiting):
 * <ul>
 * <li>paths start with the version ({@code /v24.0/...}); the Page access token comes as
 *     {@code Authorization: Bearer|OAuth} or an {@code access_token} parameter; none answers code
 *     2500, a wrong one code 190 (HTTP 400 with {@code WWW-Authenticate});</li>
 * <li>{@code POST /{page-id}/feed} with {@code message} and/or {@code link} (form fields or query),
 *     {@code {"id":"<page-id>_<post-id>"}}; the same message and link as the latest post is
 *     error 506; another page id is error 100/33;</li>
 * <li>{@code POST /{post-id}} with {@code message} (or {@code /{video-id}} with
 *     {@code description}) updates, {@code {"success":true}}; an unknown id is error 100/33;</li>
 * <li>{@code GET /{page-id}/feed?fields=...} returns only the requested fields, with
 *     {@code attachments{unshimmed_url}}; {@code link} is refused as deprecated since v3.3 (error 12);</li>
 * <li>{@code POST /{page-id}/videos}, multipart with a {@code source} file part, {@code title} and
 *     {@code description}, {@code {"id":"<video-id>"}}; {@code GET /{page-id}/videos};</li>
 * <li>errors {@code {"error":{"message","type","code","error_subcode","fbtrace_id"}}}; rate limits
 *     as code 32 (HTTP 400) with {@code X-Business-Use-Case-Usage} and code 4 (HTTP 403) with
 *     {@code X-App-Usage}.</li>
 * </ul>
 */
public final class FakeFacebook extends ApiFake {

    public static final String TOKEN = "fake-facebook-page-access-token";
    public static final String PAGE_ID = "104150342391234";
    private static final Pattern PATH = Pattern.compile("/(v\\d+\\.\\d+)/([^/]+)(?:/([a-z_]+))?");
    private static FakeFacebook shared;

    /** A post on the Page. */
    public record Post(String id, String message, String link, String createdTime) {
    }

    /** A video on the Page: its fields and the SHA-256 of the uploaded file. */
    public record Video(String id, String title, String description, String fileName, String contentType, long size,
                        String sha256) {
    }

    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final List<Video> videos = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(122_100_000_000_000_000L);

    public FakeFacebook() {
        super(TOKEN);
    }

    /** One fake for the whole test JVM ({@link #reset()} in each test). */
    public static synchronized FakeFacebook startShared() {
        if (shared == null) {
            shared = new FakeFacebook();
        }
        return shared;
    }

    /** Stored posts, newest first. */
    public List<Post> posts() {
        return List.copyOf(posts);
    }

    /** Uploaded videos, newest first. */
    public List<Video> videos() {
        return List.copyOf(videos);
    }

    /** The stored post with this id. */
    public Optional<Post> post(String id) {
        return posts.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The next {@code n} requests hit the Page's Business Use Case limit, regained in {@code minutes}. */
    public void rateLimitNext(int n, int minutes) {
        String usage = "{\"" + PAGE_ID + "\":[{\"type\":\"pages\",\"call_count\":100,\"total_cputime\":12,"
                + "\"total_time\":15,\"estimated_time_to_regain_access\":" + minutes + "}]}";
        queue(n, error(400, 32, null, "(#32) Page request limit reached", "OAuthException")
                .with("X-Business-Use-Case-Usage", usage));
    }

    /** The next {@code n} requests hit the app's platform limit, which says nothing of when it ends. */
    public void appRateLimitNext(int n) {
        queue(n, error(403, 4, null, "(#4) Application request limit reached", "OAuthException")
                .with("X-App-Usage", "{\"call_count\":100,\"total_cputime\":20,\"total_time\":25}"));
    }

    /** The Graph API's error answer, for {@link #failNext}. */
    public static String errorBody(int code, Integer subcode, String message, String type) {
        return new String(error(400, code, subcode, message, type).body(), StandardCharsets.UTF_8);
    }

    @Override
    protected void forget() {
        posts.clear();
        videos.clear();
    }

    @Override
    protected String presentedToken(Request request) {
        String auth = request.header("Authorization");
        if (auth != null && (auth.startsWith("Bearer ") || auth.startsWith("OAuth "))) {
            return auth.substring(auth.indexOf(' ') + 1);
        }
        return params(request).get("access_token");
    }

    @Override
    protected Answer unauthorized(Request request) {
        if (presentedToken(request) == null) {
            return error(400, 2500, null, "An active access token must be used to query information about the current user.",
                    "OAuthException");
        }
        return error(400, 190, null, "Invalid OAuth access token - Cannot parse access token", "OAuthException")
                .with("WWW-Authenticate", "OAuth \"Facebook Platform\" \"invalid_token\" \"Invalid OAuth access token\"");
    }

    @Override
    protected Answer answer(Request request) {
        Matcher m = PATH.matcher(request.path());
        if (!m.matches()) {
            return error(400, 2500, null, "Unknown path components: " + request.path(), "OAuthException");
        }
        String node = m.group(2);
        String edge = m.group(3);
        Map<String, String> params = params(request);
        boolean post = request.method().equals("POST");
        if (edge == null) {
            return post ? update(node, params) : doesNotExist(node);
        }
        if (!node.equals(PAGE_ID)) {
            return doesNotExist(node);
        }
        return switch ((post ? "POST " : "GET ") + edge) {
            case "POST feed" -> publish(params);
            case "GET feed" -> feed(params);
            case "POST videos" -> uploadVideo(request, params);
            case "GET videos" -> listVideos(params);
            default -> error(400, 100, null, "(#100) Unknown edge " + edge, "OAuthException");
        };
    }

    private Answer publish(Map<String, String> params) {
        String message = params.get("message");
        String link = params.get("link");
        if (message == null && link == null) {
            return error(400, 100, null, "(#100) Missing message or attachment", "OAuthException");
        }
        if (!posts.isEmpty() && equal(posts.get(0).message(), message) && equal(posts.get(0).link(), link)) {
            return error(400, 506, 1455006, "(#506) Duplicate status message", "OAuthException");
        }
        String id = PAGE_ID + "_" + ids.incrementAndGet();
        posts.add(0, new Post(id, message, link, clock().instant().toString()));
        return Answer.json(200, Map.of("id", id));
    }

    private Answer update(String id, Map<String, String> params) {
        Optional<Post> post = post(id);
        if (post.isPresent()) {
            String message = params.getOrDefault("message", post.get().message());
            posts.replaceAll(p -> p.id().equals(id) ? new Post(id, message, p.link(), p.createdTime()) : p);
            return Answer.json(200, Map.of("success", true));
        }
        Optional<Video> video = videos.stream().filter(v -> v.id().equals(id)).findFirst();
        if (video.isPresent()) {
            Video v = video.get();
            videos.replaceAll(x -> x.id().equals(id) ? new Video(id, params.getOrDefault("title", v.title()),
                    params.getOrDefault("description", v.description()), v.fileName(), v.contentType(), v.size(), v.sha256())
                    : x);
            return Answer.json(200, Map.of("success", true));
        }
        return doesNotExist(id);
    }

    private Answer feed(Map<String, String> params) {
        List<String> fields = topLevel(params.getOrDefault("fields", "id"));
        for (String deprecated : List.of("link", "caption", "description", "name", "object_id", "source", "type")) {
            if (fields.contains(deprecated)) {
                return error(400, 12, null, "(#12) " + deprecated + " field is deprecated for versions v3.3 and higher",
                        "OAuthException");
            }
        }
        ArrayNode data = JSON.createArrayNode();
        posts.stream().limit(limit(params)).forEach(p -> {
            ObjectNode o = data.addObject();
            for (String f : fields) {
                switch (f.replaceAll("\\{.*", "")) {
                    case "id" -> o.put("id", p.id());
                    case "message" -> putIfSet(o, "message", p.message());
                    case "created_time" -> o.put("created_time", p.createdTime());
                    case "permalink_url" -> o.put("permalink_url", "https://www.facebook.com/" + PAGE_ID + "/posts/"
                            + p.id().substring(p.id().indexOf('_') + 1));
                    case "attachments" -> {
                        if (p.link() != null) {
                            o.putObject("attachments").putArray("data").addObject()
                                    .put("unshimmed_url", p.link())
                                    .put("url", "https://l.facebook.com/l.php?u=" + Forms.encode(p.link()))
                                    .put("type", "share");
                        }
                    }
                    default -> { }
                }
            }
        });
        return page(data);
    }

    private Answer uploadVideo(Request request, Map<String, String> params) {
        Map<String, Forms.Part> parts = Forms.multipart(request.header("Content-Type"), request.body());
        Forms.Part source = parts == null ? null : parts.get("source");
        if (source == null || source.fileName() == null) {
            return error(400, 100, null, "(#100) No file or file_url was provided; upload the video as source", "OAuthException");
        }
        String id = Long.toString(ids.incrementAndGet());
        videos.add(0, new Video(id, params.get("title"), params.get("description"), source.fileName(),
                source.contentType(), source.bytes().length, FakeX.sha256(source.bytes())));
        return Answer.json(200, Map.of("id", id));
    }

    private Answer listVideos(Map<String, String> params) {
        List<String> fields = topLevel(params.getOrDefault("fields", "id"));
        ArrayNode data = JSON.createArrayNode();
        videos.stream().limit(limit(params)).forEach(v -> {
            ObjectNode o = data.addObject().put("id", v.id());
            if (fields.contains("description")) {
                putIfSet(o, "description", v.description());
            }
            if (fields.contains("title")) {
                putIfSet(o, "title", v.title());
            }
            if (fields.contains("permalink_url")) {
                o.put("permalink_url", "/" + PAGE_ID + "/videos/" + v.id() + "/");
            }
        });
        return page(data);
    }

    private static Answer page(ArrayNode data) {
        ObjectNode answer = JSON.createObjectNode();
        answer.set("data", data);
        answer.putObject("paging").putObject("cursors").put("before", "QVFIUmFmYWtl").put("after", "QVFIUmFmYWtlMg");
        return Answer.json(200, answer);
    }

    private static int limit(Map<String, String> params) {
        return Math.min(100, Integer.parseInt(params.getOrDefault("limit", "25")));
    }

    private static Answer doesNotExist(String id) {
        return error(400, 100, 33, "Unsupported post request. Object with ID '" + id + "' does not exist, cannot be loaded"
                + " due to missing permissions, or does not support this operation.", "GraphMethodException");
    }

    /** Query, urlencoded form and multipart text fields together, as the Graph API reads them. */
    private static Map<String, String> params(Request request) {
        Map<String, String> all = new LinkedHashMap<>(request.query());
        String type = request.header("Content-Type");
        if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
            all.putAll(Forms.urlencoded(request.bodyText()));
        }
        Map<String, Forms.Part> parts = Forms.multipart(type, request.body());
        if (parts != null) {
            parts.values().stream().filter(p -> p.fileName() == null).forEach(p -> all.put(p.name(), p.text()));
        }
        return all;
    }

    /** Field names of a fields parameter, ignoring the sub-fields in braces. */
    private static List<String> topLevel(String fields) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : fields.toCharArray()) {
            if (c == ',' && depth == 0) {
                out.add(current.toString().strip());
                current.setLength(0);
                continue;
            }
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            current.append(c);
        }
        out.add(current.toString().strip());
        return out;
    }

    private static void putIfSet(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    private static boolean equal(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    private static Answer error(int status, int code, Integer subcode, String message, String type) {
        ObjectNode error = JSON.createObjectNode();
        ObjectNode e = error.putObject("error").put("message", message).put("type", type).put("code", code);
        if (subcode != null) {
            e.put("error_subcode", subcode);
        }
        e.put("fbtrace_id", "A" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
        return Answer.json(status, error);
    }
}
