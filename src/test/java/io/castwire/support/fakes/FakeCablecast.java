package io.castwire.support.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Tightrope Cablecast server's API ({@code /cablecastapi/v1}) as castwire uses it. Where
 * Tightrope's public documentation is silent the shapes are castwire's decisions (see
 * docs/destinations.md, Cablecast), kept identical in the client and here:
 * <ul>
 * <li>HTTP Basic auth; a wrong or missing credential gets 401 {@code {"message": ...}};</li>
 * <li>request bodies wrap one object in a singular key ({@code {"show": {...}}}); answers carry
 *     {@code {"show": {...}}} or {@code {"shows": [...], "meta": {"count", "offset", "pageSize"}}};
 *     lists page with {@code offset} and {@code page_size}, capped at {@link #maxPageSize};</li>
 * <li>shows: {@code GET /shows}, {@code GET|PUT /shows/{id}}, {@code POST /shows},
 *     {@code POST /shows/search/advanced} with {@code savedShowSearch.query.groups[].rules[]} on
 *     {@code lastModified greaterThan} and {@code comments contains}, sorted by lastModified, id;
 *     every write moves {@code lastModified} (ISO-8601, strictly increasing);</li>
 * <li>{@code GET /categories};</li>
 * <li>file uploads: {@code POST /fileuploads} ({@code fileName}, {@code size}), {@code POST
 *     /fileuploads/{id}/upload?offset=N} (raw bytes; N at most the bytes held, later bytes are
 *     replaced), {@code POST /fileuploads/{id}/complete} (all bytes there, else 422), {@code GET
 *     /fileuploads/{id}} moving {@code uploading → processing → finished};</li>
 * <li>VODs: {@code POST /vods} ({@code show}, {@code fileUpload} finished), {@code PUT /vods/{id}}
 *     (another finished upload: processed again), {@code GET /vods?show=}, {@code GET /vods/{id}}
 *     moving {@code transcoding → ready} (with {@code url}) after {@link #vodPolls} reads;</li>
 * <li>chapters: {@code GET|POST /vods/{id}/chapters}, {@code DELETE /vods/{id}/chapters/{cid}}.</li>
 * </ul>
 * Faults: {@link #failNext} (any status), {@link #rateLimitNext} (429 with Retry-After),
 * {@link #failSegmentsAfter} (segment uploads fail after N good ones, as when the uploading process
 * dies), {@link #loseUploadAfter} (the server forgets an upload mid-way: 404).
 */
public final class FakeCablecast extends ApiFake {

    public static final String USER = "castwire-api";
    public static final String PASSWORD = "fake-cablecast-password";
    public static final String TOKEN = USER + ":" + PASSWORD;
    static final String PREFIX = "/cablecastapi/v1";
    private static final Pattern ID = Pattern.compile("/(shows|fileuploads|vods)/(\\d+)(/.*)?");
    private static FakeCablecast shared;

    /** An upload and the bytes received. */
    public static final class Upload {
        public final long id;
        public final String fileName;
        public final long size;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        /** Offsets of the segments received, in order. */
        public final List<Long> segmentOffsets = new ArrayList<>();
        String state = "uploading";
        int pollsLeft;

        Upload(long id, String fileName, long size) {
            this.id = id;
            this.fileName = fileName;
            this.size = size;
        }

        public synchronized byte[] bytes() {
            return bytes.toByteArray();
        }

        public synchronized String state() {
            return state;
        }
    }

    /** A VOD. */
    public static final class Vod {
        public final long id;
        public final long show;
        volatile long fileUpload;
        volatile Long captionUpload;
        volatile String state = "transcoding";
        volatile int pollsLeft;
        volatile int reads;
        final Map<Long, ObjectNode> chapters = new TreeMap<>();

        Vod(long id, long show) {
            this.id = id;
            this.show = show;
        }

        public long fileUpload() {
            return fileUpload;
        }

        public Long captionUpload() {
            return captionUpload;
        }

        public String state() {
            return state;
        }

        public synchronized List<ObjectNode> chapters() {
            return List.copyOf(chapters.values());
        }
    }

    private final Map<Long, ObjectNode> shows = new TreeMap<>();
    private final Map<Long, Upload> uploads = new TreeMap<>();
    private final Map<Long, Vod> vods = new TreeMap<>();
    private final Map<Long, String> categories = new TreeMap<>();
    private final AtomicInteger ids = new AtomicInteger(100);
    private Instant lastWrite = Instant.EPOCH;
    private volatile int maxPageSize = 1000;
    private volatile int uploadPolls = 2;
    private volatile int vodPolls = 2;
    private int segmentsBeforeFailure = -1;
    private int segmentFailures;
    private int segmentFailureStatus;
    private int segmentsBeforeLoss = -1;
    private final Map<Long, Integer> refusedUpdates = new java.util.concurrent.ConcurrentHashMap<>();

    private FakeCablecast() {
        super(TOKEN);
        categories.put(1L, "News");
        categories.put(2L, "Government");
        categories.put(3L, "Sports");
    }

    /** One fake per JVM, shared by the tests and the hub's test context. */
    public static synchronized FakeCablecast startShared() {
        if (shared == null) {
            shared = new FakeCablecast();
        }
        return shared;
    }

    @Override
    protected String presentedToken(Request request) {
        String auth = request.header("Authorization");
        if (auth == null || !auth.startsWith("Basic ")) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(auth.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    protected synchronized void forget() {
        shows.clear();
        uploads.clear();
        vods.clear();
        segmentsBeforeFailure = -1;
        segmentsBeforeLoss = -1;
        refusedUpdates.clear();
        maxPageSize = 1000;
        uploadPolls = 2;
        vodPolls = 2;
    }

    @Override
    protected Answer unauthorized(Request request) {
        return Answer.json(401, Map.of("message", "Authorization has been denied for this request."))
                .with("WWW-Authenticate", "Basic realm=\"Cablecast\"");
    }

    // ---- scripting -------------------------------------------------------------------------

    /** The next {@code n} requests answer 429 with {@code Retry-After: seconds}. */
    public void rateLimitNext(int n, int seconds) {
        queue(n, Answer.json(429, Map.of("message", "Too many requests")).with("Retry-After", Integer.toString(seconds)));
    }

    /** After {@code good} more segment uploads, the next {@code failures} ones answer {@code status}. */
    public synchronized void failSegmentsAfter(int good, int failures, int status) {
        segmentsBeforeFailure = good;
        segmentFailures = failures;
        segmentFailureStatus = status;
    }

    /** After {@code good} more segment uploads the server forgets the upload (404 from then on). */
    public synchronized void loseUploadAfter(int good) {
        segmentsBeforeLoss = good;
    }

    /** Every update of the show answers {@code status} (null: accepted again). */
    public void refuseUpdatesOf(long show, Integer status) {
        if (status == null) {
            refusedUpdates.remove(show);
        } else {
            refusedUpdates.put(show, status);
        }
    }

    /** Lists answer at most this many items per page, whatever page_size asks. */
    public void maxPageSize(int n) {
        maxPageSize = n;
    }

    /** Reads of a VOD before it is ready. */
    public void vodPolls(int n) {
        vodPolls = n;
    }

    /** Reads of a completed upload before it is finished. */
    public void uploadPolls(int n) {
        uploadPolls = n;
    }

    /** A show made at the station (not by castwire). */
    public synchronized long stationShow(String title, String comments, Long category) {
        ObjectNode s = JSON.createObjectNode();
        long id = ids.incrementAndGet();
        s.put("id", id);
        s.put("title", title);
        s.put("cgTitle", title);
        s.put("comments", comments);
        if (category != null) {
            s.put("category", category);
        } else {
            s.putNull("category");
        }
        s.put("eventDate", clock().instant().toString());
        s.putArray("reels");
        s.putArray("vods");
        touch(s);
        shows.put(id, s);
        return id;
    }

    /** An editor at the station changes a show (null: leave the field). */
    public synchronized void editShow(long id, String title, String comments, Long category) {
        ObjectNode s = shows.get(id);
        if (title != null) {
            s.put("title", title);
        }
        if (comments != null) {
            s.put("comments", comments);
        }
        if (category != null) {
            s.put("category", category);
        }
        touch(s);
    }

    public synchronized List<ObjectNode> shows() {
        return shows.values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized Optional<ObjectNode> show(long id) {
        return Optional.ofNullable(shows.get(id)).map(ObjectNode::deepCopy);
    }

    public synchronized List<ObjectNode> showsWhere(Predicate<ObjectNode> p) {
        return shows.values().stream().filter(p).map(ObjectNode::deepCopy).toList();
    }

    public synchronized List<Vod> vods() {
        return List.copyOf(vods.values());
    }

    public synchronized List<Vod> vodsOfShow(long show) {
        return vods.values().stream().filter(v -> v.show == show).toList();
    }

    public synchronized List<Upload> uploads() {
        return List.copyOf(uploads.values());
    }

    public synchronized Optional<Upload> upload(long id) {
        return Optional.ofNullable(uploads.get(id));
    }

    /** The bytes of the file a VOD plays. */
    public synchronized byte[] vodBytes(long vodId) {
        return uploads.get(vods.get(vodId).fileUpload).bytes();
    }

    public Map<Long, String> categories() {
        return Map.copyOf(categories);
    }

    // ---- the API ---------------------------------------------------------------------------

    @Override
    protected synchronized Answer answer(Request r) throws Exception {
        if (!r.path().startsWith(PREFIX)) {
            return notFound();
        }
        String path = r.path().substring(PREFIX.length());
        String m = r.method();
        Map<String, String> q = r.query();
        if (path.equals("/shows") && m.equals("GET")) {
            return page("shows", shows.values().stream().sorted(Comparator.comparing(s -> s.path("id").asLong())).toList(), q);
        }
        if (path.equals("/shows") && m.equals("POST")) {
            return createShow(r);
        }
        if (path.equals("/shows/search/advanced") && m.equals("POST")) {
            return search(r, q);
        }
        if (path.equals("/categories") && m.equals("GET")) {
            List<ObjectNode> list = new ArrayList<>();
            categories.forEach((id, name) -> list.add(JSON.createObjectNode().put("id", id).put("name", name)));
            return page("categories", list, q);
        }
        if (path.equals("/fileuploads") && m.equals("POST")) {
            JsonNode u = r.json().path("fileUpload");
            if (!u.hasNonNull("fileName") || u.path("size").asLong(-1) < 0) {
                return error(400, "fileName and size are required");
            }
            Upload up = new Upload(ids.incrementAndGet(), u.get("fileName").asText(), u.get("size").asLong());
            uploads.put(up.id, up);
            return Answer.json(200, wrap("fileUpload", upload(up)));
        }
        if (path.equals("/vods") && m.equals("GET")) {
            long show = Long.parseLong(q.getOrDefault("show", "0"));
            return page("vods", vods.values().stream().filter(v -> show == 0 || v.show == show).map(this::vod).toList(), q);
        }
        if (path.equals("/vods") && m.equals("POST")) {
            return createVod(r);
        }
        Matcher id = ID.matcher(path);
        if (!id.matches()) {
            return notFound();
        }
        long n = Long.parseLong(id.group(2));
        String rest = id.group(3) == null ? "" : id.group(3);
        return switch (id.group(1)) {
            case "shows" -> show(r, n, rest);
            case "fileuploads" -> fileUpload(r, n, rest, q);
            default -> vod(r, n, rest);
        };
    }

    private Answer createShow(Request r) {
        JsonNode in = r.json().path("show");
        if (!in.hasNonNull("title") || in.get("title").asText().isBlank()) {
            return error(422, "title is required");
        }
        if (in.hasNonNull("category") && !categories.containsKey(in.get("category").asLong())) {
            return error(422, "unknown category");
        }
        ObjectNode s = JSON.createObjectNode();
        long id = ids.incrementAndGet();
        s.put("id", id);
        copy(in, s);
        if (!s.has("category")) {
            s.putNull("category");
        }
        s.putArray("reels");
        s.putArray("vods");
        touch(s);
        shows.put(id, s);
        return Answer.json(200, wrap("show", s));
    }

    private Answer show(Request r, long id, String rest) {
        ObjectNode s = shows.get(id);
        if (s == null || !rest.isEmpty()) {
            return notFound();
        }
        if (r.method().equals("GET")) {
            return Answer.json(200, wrap("show", s));
        }
        if (r.method().equals("PUT")) {
            Integer refused = refusedUpdates.get(id);
            if (refused != null) {
                return error(refused, "show " + id + " is locked for editing");
            }
            JsonNode in = r.json().path("show");
            if (in.hasNonNull("category") && !categories.containsKey(in.get("category").asLong())) {
                return error(422, "unknown category");
            }
            copy(in, s);
            touch(s);
            return Answer.json(200, wrap("show", s));
        }
        return error(405, "method not allowed");
    }

    private static void copy(JsonNode in, ObjectNode s) {
        for (String f : List.of("title", "cgTitle", "comments", "category", "eventDate", "project", "location")) {
            if (in.has(f)) {
                s.set(f, in.get(f));
            }
        }
    }

    private Answer search(Request r, Map<String, String> q) {
        List<Predicate<ObjectNode>> rules = new ArrayList<>();
        for (JsonNode g : r.json().path("savedShowSearch").path("query").path("groups")) {
            for (JsonNode rule : g.path("rules")) {
                String field = rule.path("field").asText();
                String op = rule.path("operator").asText();
                String value = rule.path("value").asText();
                if (field.equals("lastModified") && op.equals("greaterThan")) {
                    Instant after = java.time.OffsetDateTime.parse(value).toInstant();
                    rules.add(s -> Instant.parse(s.path("lastModified").asText()).isAfter(after));
                } else if (field.equals("comments") && op.equals("contains")) {
                    rules.add(s -> s.path("comments").asText("").contains(value));
                } else {
                    return error(400, "unsupported rule " + field + " " + op);
                }
            }
        }
        List<ObjectNode> found = shows.values().stream().filter(s -> rules.stream().allMatch(p -> p.test(s)))
                .sorted(Comparator.<ObjectNode, Instant>comparing(s -> Instant.parse(s.path("lastModified").asText()))
                        .thenComparing(s -> s.path("id").asLong()))
                .toList();
        return page("shows", found, q);
    }

    private Answer fileUpload(Request r, long id, String rest, Map<String, String> q) {
        Upload up = uploads.get(id);
        if (up == null) {
            return notFound();
        }
        if (rest.isEmpty() && r.method().equals("GET")) {
            if (up.state.equals("processing") && --up.pollsLeft <= 0) {
                up.state = "finished";
            }
            return Answer.json(200, wrap("fileUpload", upload(up)));
        }
        if (rest.equals("/upload") && r.method().equals("POST")) {
            if (segmentsBeforeLoss == 0) {
                segmentsBeforeLoss = -1;
                uploads.remove(id);
                return notFound();
            }
            if (segmentsBeforeFailure == 0 && segmentFailures > 0) {
                segmentFailures--;
                if (segmentFailures == 0) {
                    segmentsBeforeFailure = -1;
                }
                return error(segmentFailureStatus, "segment failed");
            }
            if (!up.state.equals("uploading")) {
                return error(409, "the upload is " + up.state);
            }
            long offset = Long.parseLong(q.getOrDefault("offset", "-1"));
            synchronized (up) {
                byte[] held = up.bytes.toByteArray();
                if (offset < 0 || offset > held.length) {
                    return error(409, "offset " + offset + " is beyond the " + held.length + " bytes received");
                }
                if (offset + r.body().length > up.size) {
                    return error(422, "more bytes than the declared size");
                }
                up.bytes.reset();
                up.bytes.write(held, 0, (int) offset);
                up.bytes.writeBytes(r.body());
                up.segmentOffsets.add(offset);
            }
            if (segmentsBeforeFailure > 0) {
                segmentsBeforeFailure--;
            }
            if (segmentsBeforeLoss > 0) {
                segmentsBeforeLoss--;
            }
            return Answer.json(200, wrap("fileUpload", upload(up)));
        }
        if (rest.equals("/complete") && r.method().equals("POST")) {
            if (up.bytes.size() != up.size) {
                return error(422, "received " + up.bytes.size() + " of " + up.size + " bytes");
            }
            if (up.state.equals("uploading")) {
                up.state = "processing";
                up.pollsLeft = uploadPolls;
            }
            return Answer.json(200, wrap("fileUpload", upload(up)));
        }
        return notFound();
    }

    private Answer createVod(Request r) {
        JsonNode in = r.json().path("vod");
        ObjectNode show = shows.get(in.path("show").asLong());
        if (show == null) {
            return error(422, "unknown show");
        }
        Answer bad = checkUploads(in);
        if (bad != null) {
            return bad;
        }
        Vod v = new Vod(ids.incrementAndGet(), in.path("show").asLong());
        v.fileUpload = in.path("fileUpload").asLong();
        v.captionUpload = in.hasNonNull("captionFileUpload") ? in.get("captionFileUpload").asLong() : null;
        v.pollsLeft = vodPolls;
        vods.put(v.id, v);
        ((ArrayNode) show.get("vods")).add(v.id);
        touch(show);
        return Answer.json(200, wrap("vod", vod(v)));
    }

    private Answer checkUploads(JsonNode in) {
        Upload file = uploads.get(in.path("fileUpload").asLong());
        if (file == null || !file.state.equals("finished")) {
            return error(422, "fileUpload must be a finished upload");
        }
        if (in.hasNonNull("captionFileUpload")) {
            Upload c = uploads.get(in.get("captionFileUpload").asLong());
            if (c == null || !c.state.equals("finished")) {
                return error(422, "captionFileUpload must be a finished upload");
            }
        }
        return null;
    }

    private Answer vod(Request r, long id, String rest) {
        Vod v = vods.get(id);
        if (v == null) {
            return notFound();
        }
        if (rest.isEmpty() && r.method().equals("GET")) {
            v.reads++;
            if (v.state.equals("transcoding") && --v.pollsLeft <= 0) {
                v.state = "ready";
            }
            return Answer.json(200, wrap("vod", vod(v)));
        }
        if (rest.isEmpty() && r.method().equals("PUT")) {
            JsonNode in = r.json().path("vod");
            Answer bad = checkUploads(in);
            if (bad != null) {
                return bad;
            }
            v.fileUpload = in.path("fileUpload").asLong();
            v.captionUpload = in.hasNonNull("captionFileUpload") ? in.get("captionFileUpload").asLong() : null;
            v.state = "transcoding";
            v.pollsLeft = vodPolls;
            return Answer.json(200, wrap("vod", vod(v)));
        }
        if (rest.equals("/chapters") && r.method().equals("GET")) {
            ObjectNode out = JSON.createObjectNode();
            out.putArray("chapters").addAll(v.chapters().stream().map(c -> (JsonNode) c).toList());
            return Answer.json(200, out);
        }
        if (rest.equals("/chapters") && r.method().equals("POST")) {
            JsonNode in = r.json().path("chapter");
            ObjectNode c = JSON.createObjectNode();
            long cid = ids.incrementAndGet();
            c.put("id", cid);
            c.put("vod", id);
            c.put("title", in.path("title").asText(""));
            c.put("offset", in.path("offset").asDouble());
            synchronized (v) {
                v.chapters.put(cid, c);
            }
            return Answer.json(200, wrap("chapter", c));
        }
        if (rest.startsWith("/chapters/") && r.method().equals("DELETE")) {
            synchronized (v) {
                return v.chapters.remove(Long.parseLong(rest.substring(10))) == null ? notFound() : Answer.empty(204);
            }
        }
        return notFound();
    }

    private ObjectNode vod(Vod v) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", v.id);
        o.put("show", v.show);
        o.put("fileUpload", v.fileUpload);
        if (v.captionUpload != null) {
            o.put("captionFileUpload", v.captionUpload);
        }
        o.put("state", v.state);
        if (v.state.equals("ready")) {
            o.put("url", baseUrl() + "/vod/" + v.id + "/index.m3u8");
        } else {
            o.putNull("url");
        }
        return o;
    }

    private static ObjectNode upload(Upload up) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", up.id);
        o.put("fileName", up.fileName);
        o.put("size", up.size);
        synchronized (up) {
            o.put("uploadedBytes", up.bytes.size());
        }
        o.put("state", up.state);
        return o;
    }

    private Answer page(String key, List<? extends JsonNode> all, Map<String, String> q) {
        int offset = Math.max(0, Integer.parseInt(q.getOrDefault("offset", "0")));
        int size = Math.min(maxPageSize, Math.max(1, Integer.parseInt(q.getOrDefault("page_size", "25"))));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode items = out.putArray(key);
        all.stream().skip(offset).limit(size).forEach(items::add);
        out.putObject("meta").put("count", all.size()).put("offset", offset).put("pageSize", size);
        return Answer.json(200, out);
    }

    private void touch(ObjectNode s) {
        // milliseconds, as the API's timestamps carry
        Instant now = clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        if (!now.isAfter(lastWrite)) {
            now = lastWrite.plusMillis(1);
        }
        lastWrite = now;
        s.put("lastModified", now.toString());
    }

    private static ObjectNode wrap(String key, JsonNode value) {
        ObjectNode o = JSON.createObjectNode();
        o.set(key, value.deepCopy());
        return o;
    }

    private static Answer notFound() {
        return error(404, "Not Found");
    }

    private static Answer error(int status, String message) {
        return Answer.json(status, Map.of("message", message));
    }

}
