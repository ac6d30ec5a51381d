package io.castwire.support.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process fake of the Google APIs castwire uses for YouTube, following their documented
 * shapes: the OAuth 2.0 token endpoint ({@code POST /token}, refresh-token grant,
 * {@code invalid_grant} for a revoked token), the Data API v3 resumable upload
 * ({@code POST /upload/youtube/v3/videos?uploadType=resumable} → Location; chunk {@code PUT}s with
 * {@code Content-Range}, 308 + {@code Range} until the last, which answers 201 with the video
 * resource; {@code bytes *}/total status queries; 404 for an unknown session), captions.insert
 * (multipart/related), thumbnails.set, videos.update, videos.list, and the Analytics API
 * {@code GET /v2/reports}. Errors use Google's shape {@code {"error":{"code","message","errors":[{"reason"}]}}}.
 * Faults can be scripted: any answer for the next requests, expired access tokens, a revoked
 * refresh token, and a connection dropped part-way through a chunk.
 */
public final class FakeYoutube implements AutoCloseable {

    public static final String CLIENT_ID = "castwire-test.apps.googleusercontent.com";
    public static final String CLIENT_SECRET = "test-client-secret";
    public static final String REFRESH_TOKEN = "1//test-refresh-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long QUANTUM = 256 * 1024;
    private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
    private static final Pattern STATUS = Pattern.compile("bytes \\*/(\\d+)");
    private static FakeYoutube shared;

    /** One request as received (chunk bodies included). */
    public record Request(Instant at, String method, String path, Map<String, String> query, Map<String, String> headers,
                          byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** A stored video. */
    public static final class Video {
        private final String id;
        private volatile ObjectNode resource;
        private final byte[] bytes;
        private final String uploadId;
        private final List<ObjectNode> captions = new CopyOnWriteArrayList<>();
        private final List<byte[]> captionFiles = new CopyOnWriteArrayList<>();
        private volatile byte[] thumbnail;
        private final AtomicInteger updates = new AtomicInteger();

        Video(String id, ObjectNode resource, byte[] bytes, String uploadId) {
            this.id = id;
            this.resource = resource;
            this.bytes = bytes;
            this.uploadId = uploadId;
        }

        public String id() {
            return id;
        }

        public JsonNode resource() {
            return resource;
        }

        public String title() {
            return resource.path("snippet").path("title").asText();
        }

        public String description() {
            return resource.path("snippet").path("description").asText();
        }

        public byte[] bytes() {
            return bytes.clone();
        }

        public String uploadId() {
            return uploadId;
        }

        public List<ObjectNode> captions() {
            return List.copyOf(captions);
        }

        public List<byte[]> captionFiles() {
            return List.copyOf(captionFiles);
        }

        public byte[] thumbnail() {
            return thumbnail;
        }

        public int updates() {
            return updates.get();
        }
    }

    /** An upload session. */
    public static final class Session {
        private final String id;
        private final ObjectNode metadata;
        private final long total;
        private final String contentType;
        private final ByteArrayOutputStream committed = new ByteArrayOutputStream();
        /** Bytes that arrived on the wire for this session, including those of dropped chunks. */
        private final AtomicLong received = new AtomicLong();
        /** Content-Range starts of the chunk PUTs, in arrival order. */
        private final List<Long> chunkStarts = new CopyOnWriteArrayList<>();
        private volatile String videoId;

        Session(String id, ObjectNode metadata, long total, String contentType) {
            this.id = id;
            this.metadata = metadata;
            this.total = total;
            this.contentType = contentType;
        }

        public String id() {
            return id;
        }

        public JsonNode metadata() {
            return metadata;
        }

        public long total() {
            return total;
        }

        public String contentType() {
            return contentType;
        }

        public synchronized long committed() {
            return committed.size();
        }

        public long received() {
            return received.get();
        }

        public List<Long> chunkStarts() {
            return List.copyOf(chunkStarts);
        }

        public String videoId() {
            return videoId;
        }
    }

    private record Answer(int status, Map<String, String> headers, byte[] body) {
        static Answer json(int status, Object body) {
            try {
                return new Answer(status, Map.of("Content-Type", "application/json; charset=UTF-8"),
                        JSON.writeValueAsBytes(body));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Answer> failures = new ArrayDeque<>();
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Video> videos = new ConcurrentHashMap<>();
    private final List<String> videoOrder = new CopyOnWriteArrayList<>();
    private final Map<String, long[]> stats = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private final AtomicInteger tokenGrants = new AtomicInteger();
    private volatile String refreshToken = REFRESH_TOKEN;
    private volatile long expiresIn = 3599;
    private volatile long dropNextChunkAfter = -1;
    private volatile int failNextChunk;
    private final Set<String> expired = ConcurrentHashMap.newKeySet();

    public FakeYoutube() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "FakeYoutube");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** One fake for the whole test JVM ({@link #reset()} in each test). */
    public static synchronized FakeYoutube startShared() {
        if (shared == null) {
            shared = new FakeYoutube();
        }
        return shared;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String tokenUrl() {
        return baseUrl() + "/token";
    }

    /** Forgets everything stored and scripted; the default refresh token is valid again, issued access tokens stay valid. */
    public void reset() {
        synchronized (failures) {
            failures.clear();
        }
        requests.clear();
        sessions.clear();
        videos.clear();
        videoOrder.clear();
        stats.clear();
        tokenGrants.set(0);
        refreshToken = REFRESH_TOKEN;
        expiresIn = 3599;
        dropNextChunkAfter = -1;
        failNextChunk = 0;
        expired.clear();
    }

    // ---- scripting -------------------------------------------------------------------------------

    /** The next {@code n} requests get this answer (after being recorded). */
    public void failNext(int n, int status, Map<String, String> headers, String body) {
        synchronized (failures) {
            for (int i = 0; i < n; i++) {
                failures.add(new Answer(status, headers, body.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** Google's error answer for the next {@code n} requests. */
    public void errorNext(int n, int status, String reason, String message, Map<String, String> headers) {
        failNext(n, status, withJson(headers), error(status, reason, message).toString());
    }

    /** The next request: 403 quotaExceeded (the project's daily quota is spent). */
    public void quotaExceededNext() {
        errorNext(1, 403, "quotaExceeded", "The request cannot be completed because you have exceeded your "
                + "<a href=\"/youtube/v3/getting-started#quota\">quota</a>.", Map.of());
    }

    /** The Google refresh token accepted from now on (the one an admin would store); others get invalid_grant. */
    public void acceptRefreshToken(String token) {
        refreshToken = token;
    }

    /** The refresh token is revoked: every refresh gets invalid_grant until {@link #acceptRefreshToken}. */
    public void revokeRefreshToken() {
        refreshToken = null;
    }

    /** Lifetime of access tokens issued from now on. */
    public void expiresIn(long seconds) {
        expiresIn = seconds;
    }

    /** Every access token issued so far expires now (API calls answer 401). */
    public void expireAccessTokens() {
        accessTokens.clear();
    }

    /** The next chunk PUT: this many body bytes arrive, then the connection drops without an answer. */
    public void dropNextChunkAfter(long bytes) {
        dropNextChunkAfter = bytes;
    }

    /** The next chunk PUT (not a status query) is answered with this server error, after its bytes arrived. */
    public void failNextChunk(int status) {
        failNextChunk = status;
    }

    /** Every upload session started so far expires: its URI answers 404 from now on. */
    public void expireUploadSessions() {
        expired.addAll(sessions.keySet());
    }

    /** Analytics numbers YouTube reports for a video on a day (yyyy-mm-dd). */
    public void stats(String videoId, String day, long views, long minutes, long likes) {
        stats.put(videoId + "|" + day, new long[] {views, minutes, likes});
    }

    // ---- inspection ------------------------------------------------------------------------------

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String method, String pathRegex) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().matches(pathRegex)).toList();
    }

    public int calls() {
        return requests.size();
    }

    /** Refresh-token grants answered with an access token. */
    public int tokenGrants() {
        return tokenGrants.get();
    }

    /** Videos, newest first. */
    public List<Video> videos() {
        List<Video> out = new ArrayList<>();
        for (int i = videoOrder.size() - 1; i >= 0; i--) {
            Video v = videos.get(videoOrder.get(i));
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    public Optional<Video> video(String id) {
        return Optional.ofNullable(videos.get(id));
    }

    /** Upload sessions started (in no particular order). */
    public List<Session> sessions() {
        return List.copyOf(sessions.values());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- the APIs --------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = Forms.urlencoded(exchange.getRequestURI().getRawQuery());
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            String method = exchange.getRequestMethod();
            long drop = dropNextChunkAfter;
            if (drop >= 0 && method.equals("PUT") && path.equals("/upload/youtube/v3/videos")
                    && headers.getOrDefault("content-range", "").matches("bytes \\d+-\\d+/\\d+")) {
                dropNextChunkAfter = -1;
                dropMidChunk(exchange, query, headers, drop);
                return; // no answer: the connection closes under the client
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Request request = new Request(Instant.now(), method, path, query, headers, body);
            requests.add(request);
            Answer answer;
            synchronized (failures) {
                answer = failures.poll();
            }
            if (answer == null) {
                try {
                    answer = answer(request);
                } catch (Exception e) {
                    answer = Answer.json(500, error(500, "backendError", "fake: " + e));
                }
            }
            send(exchange, answer);
        }
    }

    private Answer answer(Request r) throws IOException {
        if (r.method().equals("POST") && r.path().equals("/token")) {
            return token(Forms.urlencoded(new String(r.body(), StandardCharsets.UTF_8)));
        }
        if (!authorized(r)) {
            ObjectNode e = error(401, "authError", "Request had invalid authentication credentials. Expected OAuth 2 "
                    + "access token, login cookie or other valid authentication credential.");
            ((ObjectNode) e.path("error")).put("status", "UNAUTHENTICATED");
            return new Answer(401, Map.of("Content-Type", "application/json; charset=UTF-8",
                    "WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\""),
                    e.toString().getBytes(StandardCharsets.UTF_8));
        }
        String p = r.path();
        String m = r.method();
        if (m.equals("POST") && p.equals("/upload/youtube/v3/videos") && "resumable".equals(r.query().get("uploadType"))) {
            return startSession(r);
        }
        if (m.equals("PUT") && p.equals("/upload/youtube/v3/videos") && r.query().containsKey("upload_id")) {
            return chunk(r);
        }
        if (m.equals("POST") && p.equals("/upload/youtube/v3/captions")) {
            return captions(r);
        }
        if (m.equals("POST") && p.equals("/upload/youtube/v3/thumbnails/set")) {
            return thumbnail(r);
        }
        if (m.equals("PUT") && p.equals("/youtube/v3/videos")) {
            return update(r);
        }
        if (m.equals("GET") && p.equals("/youtube/v3/videos")) {
            ArrayNode items = JSON.createArrayNode();
            for (String id : r.query().getOrDefault("id", "").split(",")) {
                Video v = videos.get(id);
                if (v != null) {
                    items.add(v.resource);
                }
            }
            ObjectNode list = JSON.createObjectNode().put("kind", "youtube#videoListResponse");
            list.set("items", items);
            return Answer.json(200, list);
        }
        if (m.equals("GET") && p.equals("/v2/reports")) {
            return report(r.query());
        }
        return Answer.json(404, error(404, "notFound", "Not Found"));
    }

    private boolean authorized(Request r) {
        String auth = r.header("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            return false;
        }
        Instant expires = accessTokens.get(auth.substring(7));
        return expires != null && Instant.now().isBefore(expires);
    }

    private Answer token(Map<String, String> form) {
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            return Answer.json(401, Map.of("error", "invalid_client", "error_description", "The OAuth client was not found."));
        }
        if (!"refresh_token".equals(form.get("grant_type"))) {
            return Answer.json(400, Map.of("error", "unsupported_grant_type", "error_description", "Invalid grant_type"));
        }
        String rt = refreshToken;
        if (rt == null || !rt.equals(form.get("refresh_token"))) {
            return Answer.json(400, Map.of("error", "invalid_grant", "error_description", "Token has been expired or revoked."));
        }
        String access = "ya29.test-" + ids.incrementAndGet();
        accessTokens.put(access, Instant.now().plusSeconds(expiresIn));
        tokenGrants.incrementAndGet();
        return Answer.json(200, Map.of("access_token", access, "expires_in", expiresIn, "scope",
                "https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube.force-ssl "
                        + "https://www.googleapis.com/auth/yt-analytics.readonly", "token_type", "Bearer"));
    }

    private Answer startSession(Request r) throws IOException {
        String length = r.header("X-Upload-Content-Length");
        String type = r.header("X-Upload-Content-Type");
        if (length == null || type == null || !type.startsWith("video/")) {
            return Answer.json(400, error(400, "invalidValue", "X-Upload-Content-Length and a video X-Upload-Content-Type "
                    + "are required"));
        }
        ObjectNode meta = (ObjectNode) JSON.readTree(r.body());
        String invalid = invalidMetadata(meta, true);
        if (invalid != null) {
            return Answer.json(400, error(400, invalid.substring(0, invalid.indexOf(':')),
                    invalid.substring(invalid.indexOf(':') + 1).strip()));
        }
        String uploadId = "AEnB2U" + ids.incrementAndGet();
        sessions.put(uploadId, new Session(uploadId, meta, Long.parseLong(length), type));
        return new Answer(200, Map.of("Location", baseUrl() + "/upload/youtube/v3/videos?uploadType=resumable&upload_id="
                + uploadId, "X-GUploader-UploadID", uploadId), new byte[0]);
    }

    private static String invalidMetadata(JsonNode meta, boolean insert) {
        JsonNode snippet = meta.path("snippet");
        String title = snippet.path("title").asText("");
        if (title.isBlank()) {
            return "invalidTitle: The request metadata specifies an empty video title.";
        }
        if (title.codePointCount(0, title.length()) > 100 || title.contains("<") || title.contains(">")) {
            return "invalidTitle: The request metadata specifies an invalid video title.";
        }
        String description = snippet.path("description").asText("");
        if (description.getBytes(StandardCharsets.UTF_8).length > 5000 || description.contains("<")
                || description.contains(">")) {
            return "invalidDescription: The request metadata specifies an invalid video description.";
        }
        if (!snippet.hasNonNull("categoryId")) {
            return "invalidCategoryId: The snippet.categoryId property specifies an invalid category ID.";
        }
        JsonNode status = meta.path("status");
        if (insert && status.hasNonNull("publishAt") && !"private".equals(status.path("privacyStatus").asText())) {
            return "invalidPublishAt: The request metadata specifies an invalid scheduled publishing time.";
        }
        return null;
    }

    private Answer chunk(Request r) {
        Session s = sessions.get(r.query().get("upload_id"));
        if (s == null || expired.contains(s.id)) {
            return Answer.json(404, error(404, "notFound", "The upload session does not exist or has expired."));
        }
        String range = r.header("Content-Range");
        if (range == null) {
            return Answer.json(400, error(400, "badContent", "Content-Range is required"));
        }
        synchronized (s) {
            Matcher st = STATUS.matcher(range);
            if (st.matches()) {
                return s.videoId != null ? Answer.json(200, videos.get(s.videoId).resource) : incomplete(s);
            }
            Matcher m = RANGE.matcher(range);
            if (!m.matches() || Long.parseLong(m.group(3)) != s.total) {
                return Answer.json(400, error(400, "badContent", "Content-Range does not match the upload"));
            }
            long from = Long.parseLong(m.group(1));
            long to = Long.parseLong(m.group(2));
            s.chunkStarts.add(from);
            s.received.addAndGet(r.body().length);
            int fail = failNextChunk;
            if (fail != 0) {
                failNextChunk = 0;
                return Answer.json(fail, error(fail, "backendError", "Backend Error"));
            }
            if (s.videoId != null) {
                return Answer.json(200, videos.get(s.videoId).resource);
            }
            if (from != s.committed() || to - from + 1 != r.body().length) {
                // the documented answer to a chunk that does not continue the committed bytes
                return incomplete(s);
            }
            boolean last = to + 1 == s.total;
            if (!last && r.body().length % QUANTUM != 0) {
                return Answer.json(400, error(400, "badContent", "chunks other than the last must be multiples of 256 KiB"));
            }
            s.committed.writeBytes(r.body());
            if (!last) {
                return incomplete(s);
            }
            return Answer.json(201, createVideo(s));
        }
    }

    private void dropMidChunk(HttpExchange exchange, Map<String, String> query, Map<String, String> headers, long bytes)
            throws IOException {
        Session s = sessions.get(query.get("upload_id"));
        byte[] got;
        try (InputStream in = exchange.getRequestBody()) {
            got = in.readNBytes((int) bytes);
        }
        requests.add(new Request(Instant.now(), "PUT", "/upload/youtube/v3/videos", query, headers, got));
        if (s != null) {
            Matcher m = RANGE.matcher(headers.get("content-range"));
            synchronized (s) {
                s.received.addAndGet(got.length);
                if (m.matches()) {
                    s.chunkStarts.add(Long.parseLong(m.group(1)));
                }
                if (m.matches() && Long.parseLong(m.group(1)) == s.committed()) {
                    // Google keeps what arrived, in whole 256 KiB units
                    int keep = (int) (got.length - got.length % QUANTUM);
                    s.committed.write(got, 0, keep);
                }
            }
        }
        // closing without a response drops the connection under the client
        closeAbruptly(exchange);
    }

    private static void closeAbruptly(HttpExchange exchange) {
        // com.sun.net.httpserver closes the connection when an exchange ends without response headers
        exchange.close();
    }

    private Answer incomplete(Session s) {
        long n = s.committed();
        Map<String, String> h = new LinkedHashMap<>();
        if (n > 0) {
            h.put("Range", "bytes=0-" + (n - 1));
        }
        h.put("X-GUploader-UploadID", s.id);
        return new Answer(308, h, new byte[0]);
    }

    private ObjectNode createVideo(Session s) {
        String id = "vid" + Long.toString(ids.incrementAndGet(), 36) + "AbC";
        ObjectNode v = JSON.createObjectNode().put("kind", "youtube#video").put("etag", "e" + id).put("id", id);
        v.set("snippet", s.metadata.path("snippet").deepCopy());
        ((ObjectNode) v.get("snippet")).put("channelId", "UCcastwireTest").put("publishedAt", Instant.now().toString());
        ObjectNode status = s.metadata.path("status").isObject() ? (ObjectNode) s.metadata.path("status").deepCopy()
                : JSON.createObjectNode();
        status.put("uploadStatus", "uploaded");
        v.set("status", status);
        s.videoId = id;
        videos.put(id, new Video(id, v, s.committed.toByteArray(), s.id));
        videoOrder.add(id);
        return v;
    }

    private Answer captions(Request r) throws IOException {
        String ct = r.header("Content-Type");
        if (!"multipart".equals(r.query().get("uploadType")) || ct == null || !ct.startsWith("multipart/related")) {
            return Answer.json(400, error(400, "badContent", "captions.insert needs a multipart/related upload"));
        }
        List<byte[]> parts = related(ct, r.body());
        if (parts.size() != 2) {
            return Answer.json(400, error(400, "badContent", "expected the metadata and the caption file"));
        }
        JsonNode meta = JSON.readTree(body(parts.get(0)));
        JsonNode snippet = meta.path("snippet");
        Video v = videos.get(snippet.path("videoId").asText());
        if (v == null) {
            return Answer.json(404, error(404, "videoNotFound", "The video identified by the videoId parameter could not be found."));
        }
        if (!snippet.hasNonNull("language")) {
            return Answer.json(400, error(400, "invalidMetadata", "snippet.language is required"));
        }
        ObjectNode caption = JSON.createObjectNode().put("kind", "youtube#caption").put("id", "cap" + ids.incrementAndGet());
        caption.set("snippet", snippet.deepCopy());
        v.captions.add(caption);
        v.captionFiles.add(body(parts.get(1)));
        return Answer.json(200, caption);
    }

    private Answer thumbnail(Request r) {
        Video v = videos.get(r.query().getOrDefault("videoId", ""));
        if (v == null) {
            return Answer.json(404, error(404, "videoNotFound", "The video that you are trying to set a thumbnail for cannot be found."));
        }
        String ct = r.header("Content-Type");
        if (ct == null || !(ct.startsWith("image/png") || ct.startsWith("image/jpeg"))) {
            return Answer.json(400, error(400, "invalidImage", "The provided image content is invalid."));
        }
        if (r.body().length > 2 * 1024 * 1024) {
            return Answer.json(400, error(400, "mediaBodyTooBig", "The image is larger than 2 MB."));
        }
        v.thumbnail = r.body();
        ObjectNode answer = JSON.createObjectNode().put("kind", "youtube#thumbnailSetResponse");
        answer.putArray("items").addObject().putObject("default").put("url", "https://i.ytimg.com/vi/" + v.id + "/default.jpg");
        return Answer.json(200, answer);
    }

    private Answer update(Request r) throws IOException {
        JsonNode body = JSON.readTree(r.body());
        Video v = videos.get(body.path("id").asText());
        if (v == null) {
            return Answer.json(404, error(404, "videoNotFound", "The video that you are trying to update cannot be found."));
        }
        String invalid = invalidMetadata(body, false);
        if (invalid != null) {
            return Answer.json(400, error(400, invalid.substring(0, invalid.indexOf(':')), invalid.substring(invalid.indexOf(':') + 1)));
        }
        ObjectNode resource = v.resource.deepCopy();
        for (String part : r.query().getOrDefault("part", "").split(",")) {
            if (body.has(part)) {
                resource.set(part, body.get(part).deepCopy());
            }
        }
        v.resource = resource;
        v.updates.incrementAndGet();
        return Answer.json(200, resource);
    }

    private Answer report(Map<String, String> q) {
        if (!"channel==MINE".equals(q.get("ids")) || q.get("startDate") == null || q.get("endDate") == null
                || q.get("metrics") == null) {
            return Answer.json(400, error(400, "badRequest", "ids, metrics, startDate and endDate are required"));
        }
        List<String> metrics = List.of(q.get("metrics").split(","));
        ObjectNode report = JSON.createObjectNode().put("kind", "youtubeAnalytics#resultTable");
        ArrayNode headers = report.putArray("columnHeaders");
        headers.addObject().put("name", "video").put("columnType", "DIMENSION").put("dataType", "STRING");
        for (String metric : metrics) {
            headers.addObject().put("name", metric).put("columnType", "METRIC").put("dataType", "INTEGER");
        }
        ArrayNode rows = report.putArray("rows");
        String filters = q.getOrDefault("filters", "");
        if (!filters.startsWith("video==")) {
            return Answer.json(400, error(400, "badRequest", "this fake answers dimensions=video with a video filter only"));
        }
        LocalDateRange range = new LocalDateRange(q.get("startDate"), q.get("endDate"));
        for (String id : filters.substring(7).split(",")) {
            long[] sum = new long[3];
            boolean any = false;
            for (String day : range.days()) {
                long[] s = stats.get(id + "|" + day);
                if (s != null) {
                    any = true;
                    for (int i = 0; i < 3; i++) {
                        sum[i] += s[i];
                    }
                }
            }
            if (!any) {
                continue;
            }
            ArrayNode row = rows.addArray().add(id);
            for (String metric : metrics) {
                row.add(switch (metric) {
                    case "views" -> sum[0];
                    case "estimatedMinutesWatched" -> sum[1];
                    case "likes" -> sum[2];
                    default -> 0;
                });
            }
        }
        return Answer.json(200, report);
    }

    private record LocalDateRange(String start, String end) {
        List<String> days() {
            List<String> out = new ArrayList<>();
            for (java.time.LocalDate d = java.time.LocalDate.parse(start); !d.isAfter(java.time.LocalDate.parse(end));
                 d = d.plusDays(1)) {
                out.add(d.toString());
            }
            return out;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static ObjectNode error(int code, String reason, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode e = root.putObject("error").put("code", code).put("message", message);
        e.putArray("errors").addObject().put("message", message).put("domain", Set.of("quotaExceeded",
                "dailyLimitExceeded").contains(reason) ? "youtube.quota" : "youtube.api").put("reason", reason);
        return root;
    }

    private static Map<String, String> withJson(Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putIfAbsent("Content-Type", "application/json; charset=UTF-8");
        return h;
    }

    /** The parts of a multipart/related body (headers and content). */
    private static List<byte[]> related(String contentType, byte[] body) {
        String boundary = contentType.substring(contentType.indexOf("boundary=") + 9).replace("\"", "");
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        List<byte[]> parts = new ArrayList<>();
        int pos = text.indexOf(delimiter);
        while (pos >= 0) {
            int start = pos + delimiter.length();
            if (text.startsWith("--", start)) {
                break;
            }
            int next = text.indexOf("\r\n" + delimiter, start);
            if (next < 0) {
                break;
            }
            parts.add(text.substring(start + 2, next).getBytes(StandardCharsets.ISO_8859_1));
            pos = next + 2;
        }
        return parts;
    }

    /** The content of a part (after its headers). */
    private static byte[] body(byte[] part) {
        String text = new String(part, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        return text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        boolean noBody = answer.body().length == 0;
        exchange.sendResponseHeaders(answer.status(), noBody ? -1 : answer.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }
}
