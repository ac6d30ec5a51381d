package io.castwire.support.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * X API v2 as documented on docs.x.com (x-api/posts/creation-of-a-post, x-api/users/user-lookup-me,
 * x-api/users/get-posts, x-api/media/quickstart/media-upload-chunked and the media upload
 * initialize / append / finalize / status references, fundamentals/rate-limits):
 * <ul>
 * <li>Bearer user token; a wrong one gets 401 as problem details
 *     {@code {"title","type","status","detail"}};</li>
 * <li>{@code POST /2/tweets}: text weighted as twitter-text counts it (URLs 23) at most 280, else
 *     400 invalid-request; the same text as an earlier post 403 "duplicate content"; media ids must
 *     be uploaded and processed; 201 {@code {"data":{"id","text","edit_history_tweet_ids"}}} with
 *     the URLs replaced by t.co links, expanded in {@code entities.urls};</li>
 * <li>{@code GET /2/users/me}, {@code GET /2/users/{id}/tweets} (max_results 5 to 100, entities
 *     only with {@code tweet.fields=entities}, newest first);</li>
 * <li>chunked upload: initialize (JSON), append (multipart {@code segment_index} 0-999 and
 *     {@code media} at most 5 MB), finalize (bytes must add up to total_bytes), then
 *     {@code GET /2/media/upload?command=STATUS} reporting processing until done;</li>
 * <li>429 with {@code x-rate-limit-limit/-remaining/-reset} (reset in epoch seconds); the daily
 *     post limit with {@code x-user-limit-24hour-*}.</li>
 * </ul>
 */
public final class FakeX extends ApiFake {

    public static final String TOKEN = "fake-x-user-access-token";
    public static final String USER_ID = "1584229637000001";
    public static final String USERNAME = "castwire";
    static final long MAX_CHUNK = 5L * 1024 * 1024;
    private static final Pattern URL = Pattern.compile("https?://\\S+");
    private static final Pattern TWEETS = Pattern.compile("/2/users/([^/]+)/tweets");
    private static final Pattern MEDIA = Pattern.compile("/2/media/upload/([^/]+)/(append|finalize)");
    private static FakeX shared;

    /** A stored post: the text as sent, and the media attached. */
    public record Post(String id, String sentText, List<String> mediaIds, ObjectNode json) {
    }

    /** An upload: what initialize declared, the segments received, and its processing. */
    public static final class Upload {
        final String id;
        final String mediaType;
        final long totalBytes;
        final String category;
        final Map<Integer, byte[]> segments = new TreeMap<>();
        int statusChecksLeft;
        String state = "uploading";

        Upload(String id, String mediaType, long totalBytes, String category) {
            this.id = id;
            this.mediaType = mediaType;
            this.totalBytes = totalBytes;
            this.category = category;
        }

        /** Segments received. */
        public synchronized int segmentCount() {
            return segments.size();
        }

        /** uploading, pending, in_progress, succeeded or failed. */
        public synchronized String state() {
            return state;
        }

        /** The media_type initialize declared. */
        public String mediaType() {
            return mediaType;
        }

        /** The media_category initialize declared. */
        public String category() {
            return category;
        }

        /** SHA-256 of the bytes in segment order. */
        public synchronized String sha256() {
            return FakeX.sha256(bytes());
        }

        synchronized byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            segments.values().forEach(out::writeBytes);
            return out.toByteArray();
        }
    }

    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1_860_000_000_000_000_000L);
    private final AtomicInteger statusChecks = new AtomicInteger(1);
    private volatile int checkAfterSecs = 1;
    private volatile boolean failProcessing;

    public FakeX() {
        super(TOKEN);
    }

    /** One fake for the whole test JVM ({@link #reset()} in each test). */
    public static synchronized FakeX startShared() {
        if (shared == null) {
            shared = new FakeX();
        }
        return shared;
    }

    /** Stored posts, newest first. */
    public List<Post> posts() {
        return List.copyOf(posts);
    }

    /** The upload with this media id. */
    public Optional<Upload> upload(String mediaId) {
        return Optional.ofNullable(uploads.get(mediaId));
    }

    /** After finalize, X reports processing for this many STATUS checks, asking to wait this long each time. */
    public void processing(int checks, int afterSecs) {
        statusChecks.set(checks);
        checkAfterSecs = afterSecs;
    }

    /** Uploads from now on fail processing (X's InvalidMedia). */
    public void failProcessing(boolean fail) {
        failProcessing = fail;
    }

    /** The next {@code n} requests hit the 15-minute window, which resets in {@code seconds}. */
    public void rateLimitNext(int n, long seconds) {
        long reset = clock().instant().getEpochSecond() + seconds;
        queue(n, problem(429, "Too Many Requests", "Too Many Requests", "about:blank")
                .with("x-rate-limit-limit", "100").with("x-rate-limit-remaining", "0")
                .with("x-rate-limit-reset", Long.toString(reset)));
    }

    /** The next {@code n} requests hit the user's daily post limit, which resets in {@code seconds}. */
    public void dailyLimitNext(int n, long seconds) {
        long now = clock().instant().getEpochSecond();
        queue(n, problem(429, "Too Many Requests", "Too Many Requests", "about:blank")
                .with("x-rate-limit-limit", "10000").with("x-rate-limit-remaining", "9990")
                .with("x-rate-limit-reset", Long.toString(now + 900))
                .with("x-user-limit-24hour-limit", "100").with("x-user-limit-24hour-remaining", "0")
                .with("x-user-limit-24hour-reset", Long.toString(now + seconds)));
    }

    @Override
    protected void forget() {
        posts.clear();
        uploads.clear();
        statusChecks.set(1);
        checkAfterSecs = 1;
        failProcessing = false;
    }

    @Override
    protected Answer unauthorized(Request request) {
        return problem(401, "Unauthorized", "Unauthorized", "about:blank");
    }

    @Override
    protected Answer answer(Request request) {
        String path = request.path();
        String method = request.method();
        if (method.equals("POST") && path.equals("/2/tweets")) {
            return createPost(request.json());
        }
        if (method.equals("GET") && path.equals("/2/users/me")) {
            return Answer.json(200, Map.of("data", Map.of("id", USER_ID, "name", "castwire hub", "username", USERNAME)));
        }
        Matcher tweets = TWEETS.matcher(path);
        if (method.equals("GET") && tweets.matches()) {
            return userPosts(tweets.group(1), request.query());
        }
        if (method.equals("POST") && path.equals("/2/media/upload/initialize")) {
            return initialize(request.json());
        }
        Matcher media = MEDIA.matcher(path);
        if (method.equals("POST") && media.matches()) {
            Upload upload = uploads.get(media.group(1));
            if (upload == null) {
                return invalid("media_id", "The media_id " + media.group(1) + " is not known");
            }
            return media.group(2).equals("append") ? append(upload, request) : finalizeUpload(upload);
        }
        if (method.equals("GET") && path.equals("/2/media/upload") && "STATUS".equals(request.query().get("command"))) {
            Upload upload = uploads.get(request.query().get("media_id"));
            return upload == null ? invalid("media_id", "The media_id is not known") : status(upload);
        }
        return problem(404, "Not Found Error", "Sorry, that page does not exist.", "https://api.x.com/2/problems/resource-not-found");
    }

    private Answer createPost(JsonNode body) {
        String text = body.path("text").asText("");
        List<String> mediaIds = JSON.convertValue(body.path("media").path("media_ids"),
                JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        if (text.isEmpty() && (mediaIds == null || mediaIds.isEmpty())) {
            return invalid("text", "The text field is required when no media is attached");
        }
        if (weight(text) > 280) {
            return invalid("text", "The text of your post is too long (" + weight(text) + " of 280)");
        }
        if (posts.stream().anyMatch(p -> p.sentText().equals(text))) {
            return problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.", "about:blank");
        }
        for (String id : mediaIds == null ? List.<String>of() : mediaIds) {
            Upload u = uploads.get(id);
            if (u == null || !"succeeded".equals(u.state())) {
                return invalid("media.media_ids", "Your media IDs are invalid.");
            }
        }
        String id = Long.toString(ids.incrementAndGet());
        ObjectNode json = JSON.createObjectNode().put("id", id);
        ArrayNode urls = JSON.createArrayNode();
        StringBuilder shown = new StringBuilder();
        Matcher m = URL.matcher(text);
        int from = 0;
        while (m.find()) {
            shown.append(text, from, m.start());
            String tco = "https://t.co/" + Long.toString(ids.incrementAndGet(), 36);
            int start = shown.codePointCount(0, shown.length());
            shown.append(tco);
            urls.addObject().put("start", start).put("end", start + tco.length()).put("url", tco)
                    .put("expanded_url", m.group()).put("display_url", m.group().replaceFirst("^https?://", ""));
            from = m.end();
        }
        shown.append(text.substring(from));
        json.put("text", shown.toString());
        json.putArray("edit_history_tweet_ids").add(id);
        if (!urls.isEmpty()) {
            json.putObject("entities").set("urls", urls);
        }
        posts.add(0, new Post(id, text, mediaIds == null ? List.of() : List.copyOf(mediaIds), json));
        ObjectNode data = JSON.createObjectNode();
        data.putObject("data").put("id", id).put("text", shown.toString()).putArray("edit_history_tweet_ids").add(id);
        return Answer.json(201, data);
    }

    private Answer userPosts(String userId, Map<String, String> query) {
        int max = Integer.parseInt(query.getOrDefault("max_results", "10"));
        if (max < 5 || max > 100) {
            return invalid("max_results", "The `max_results` query parameter value [" + max + "] is not between 5 and 100");
        }
        if (!USER_ID.equals(userId)) {
            return Answer.json(200, Map.of("meta", Map.of("result_count", 0)));
        }
        boolean entities = List.of(query.getOrDefault("tweet.fields", "").split(",")).contains("entities");
        ArrayNode data = JSON.createArrayNode();
        posts.stream().limit(max).forEach(p -> {
            ObjectNode t = p.json().deepCopy();
            if (!entities) {
                t.remove("entities");
            }
            data.add(t);
        });
        ObjectNode answer = JSON.createObjectNode();
        if (!data.isEmpty()) {
            answer.set("data", data);
        }
        ObjectNode meta = answer.putObject("meta").put("result_count", data.size());
        if (!data.isEmpty()) {
            meta.put("newest_id", data.get(0).path("id").asText()).put("oldest_id", data.get(data.size() - 1).path("id").asText());
        }
        return Answer.json(200, answer);
    }

    private Answer initialize(JsonNode body) {
        if (!body.hasNonNull("media_type") || !body.path("total_bytes").canConvertToLong()) {
            return invalid("media_type", "media_type and total_bytes are required");
        }
        String id = Long.toString(ids.incrementAndGet());
        uploads.put(id, new Upload(id, body.path("media_type").asText(), body.path("total_bytes").asLong(),
                body.path("media_category").asText(null)));
        return Answer.json(200, Map.of("data", Map.of("id", id, "media_key", "7_" + id, "expires_after_secs", 86400)));
    }

    private Answer append(Upload upload, Request request) {
        Map<String, Forms.Part> parts = Forms.multipart(request.header("Content-Type"), request.body());
        if (parts == null || !parts.containsKey("segment_index") || !parts.containsKey("media")) {
            return invalid("media", "APPEND needs a multipart body with segment_index and media");
        }
        int index = Integer.parseInt(parts.get("segment_index").text());
        byte[] chunk = parts.get("media").bytes();
        if (index < 0 || index > 999) {
            return invalid("segment_index", "segment_index must be between 0 and 999");
        }
        if (chunk.length > MAX_CHUNK) {
            return invalid("media", "A segment must be 5 MB or less");
        }
        synchronized (upload) {
            upload.segments.put(index, chunk);
        }
        return Answer.json(200, Map.of("data", Map.of("expires_at", clock().instant().getEpochSecond() + 86400)));
    }

    private Answer finalizeUpload(Upload upload) {
        synchronized (upload) {
            long received = upload.segments.values().stream().mapToLong(b -> b.length).sum();
            if (received != upload.totalBytes) {
                return invalid("total_bytes", "File size mismatch: declared " + upload.totalBytes + ", received " + received);
            }
            upload.statusChecksLeft = statusChecks.get();
            upload.state = upload.statusChecksLeft > 0 ? "pending" : outcome();
        }
        return Answer.json(200, Map.of("data", media(upload)));
    }

    private Answer status(Upload upload) {
        synchronized (upload) {
            if (upload.statusChecksLeft > 1) {
                upload.statusChecksLeft--;
                upload.state = "in_progress";
            } else {
                upload.statusChecksLeft = 0;
                upload.state = outcome();
            }
        }
        return Answer.json(200, Map.of("data", media(upload)));
    }

    private String outcome() {
        return failProcessing ? "failed" : "succeeded";
    }

    private ObjectNode media(Upload upload) {
        ObjectNode data = JSON.createObjectNode().put("id", upload.id).put("media_key", "7_" + upload.id)
                .put("size", upload.totalBytes).put("expires_after_secs", 86400);
        ObjectNode info = data.putObject("processing_info").put("state", upload.state);
        if (upload.state.equals("pending") || upload.state.equals("in_progress")) {
            info.put("check_after_secs", checkAfterSecs).put("progress_percent", 50);
        }
        if (upload.state.equals("failed")) {
            info.putObject("error").put("code", 1).put("name", "InvalidMedia").put("message", "Unsupported video format");
        }
        return data;
    }

    /** The weight twitter-text v3 gives a text: URLs 23, Latin and punctuation 1, the rest 2. */
    static int weight(String text) {
        Matcher m = URL.matcher(text);
        String rest = m.replaceAll("");
        int urls = (int) URL.matcher(text).results().count();
        return urls * 23 + rest.codePoints().map(c -> c <= 4351 || (c >= 8192 && c <= 8205) || (c >= 8208 && c <= 8223)
                || (c >= 8242 && c <= 8247) ? 1 : 2).sum();
    }

    private static Answer invalid(String parameter, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("errors").addObject().put("message", message).putObject("parameters").putArray(parameter);
        body.put("title", "Invalid Request").put("detail", "One or more parameters to your request was invalid.")
                .put("type", "https://api.x.com/2/problems/invalid-request");
        return Answer.json(400, body);
    }

    private static Answer problem(int status, String title, String detail, String type) {
        return Answer.json(status, JSON.createObjectNode().put("title", title).put("detail", detail)
                .put("type", type).put("status", status));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
