package io.castwire.episode;

import io.castwire.processing.transcript.TranscriptSegment;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Episode rows, their timeline and transcript segments. Every state change goes through
 * {@link #transition} so that the row and its timeline never disagree.
 */
@Repository
public class EpisodeRepository {

    private static final String SELECT = """
            SELECT e.*, s.slug AS show_slug
            FROM episodes e JOIN shows s ON s.id = e.show_id
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public EpisodeRepository(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A timestamp parameter as the schema stores it (UTC, microseconds). */
    public static OffsetDateTime tsOf(Instant instant) {
        return ts(instant);
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Inserts a RECEIVED episode (next version for its base name) and its first timeline entry. */
    @Transactional
    public long insert(NewEpisode e, Instant processAfter, String detail) {
        Instant now = now();
        Integer version = jdbc.queryForObject(
                "SELECT COALESCE(MAX(version), 0) + 1 FROM episodes WHERE show_id = :show AND base_name = :base",
                Map.of("show", e.showId(), "base", e.baseName()), Integer.class);
        MediaInfo m = e.media();
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("show", e.showId()).addValue("source", e.sourceName()).addValue("base", e.baseName())
                .addValue("version", version).addValue("state", EpisodeState.RECEIVED.name())
                .addValue("hash", e.contentHash()).addValue("size", e.sizeBytes()).addValue("path", e.mediaPath())
                .addValue("kind", m.kind()).addValue("container", m.container()).addValue("duration", m.durationMs())
                .addValue("acodec", m.audioCodec()).addValue("vcodec", m.videoCodec())
                .addValue("rate", m.sampleRate()).addValue("channels", m.channels())
                .addValue("width", m.width()).addValue("height", m.height()).addValue("bitrate", m.bitrateKbps())
                .addValue("after", ts(processAfter)).addValue("now", ts(now));
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update("""
                INSERT INTO episodes (show_id, source_name, base_name, version, state, content_hash, size_bytes,
                    media_path, media_kind, container, duration_ms, audio_codec, video_codec, sample_rate, channels,
                    width, height, bitrate_kbps, process_after, created_at, updated_at)
                VALUES (:show, :source, :base, :version, :state, :hash, :size, :path, :kind, :container, :duration,
                    :acodec, :vcodec, :rate, :channels, :width, :height, :bitrate, :after, :now, :now)
                """, p, keys, new String[] {"id"});
        long id = keys.getKey().longValue();
        insertEvent(id, now, "registered", null, EpisodeState.RECEIVED, detail);
        return id;
    }

    public Optional<Episode> findById(long id) {
        return jdbc.query(SELECT + " WHERE e.id = :id", Map.of("id", id), EPISODE).stream().findFirst();
    }

    /** The episode of this show whose media has exactly this content, if any. */
    public Optional<Episode> findByContent(long showId, String contentHash) {
        return jdbc.query(SELECT + " WHERE e.show_id = :show AND e.content_hash = :hash",
                Map.of("show", showId, "hash", contentHash), EPISODE).stream().findFirst();
    }

    /** The newest version of the episode with this base name in this show, if any. */
    public Optional<Episode> findLatest(long showId, String baseName) {
        return jdbc.query(SELECT + " WHERE e.show_id = :show AND e.base_name = :base ORDER BY e.version DESC",
                Map.of("show", showId, "base", baseName), EPISODE).stream().findFirst();
    }

    /** Episodes newest first, optionally of one show and/or in one state. */
    public List<Episode> list(String showSlug, EpisodeState state, int limit, int offset) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("limit", limit).addValue("offset", offset);
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
        if (showSlug != null) {
            sql.append(" AND s.slug = :slug");
            p.addValue("slug", showSlug);
        }
        if (state != null) {
            sql.append(" AND e.state = :state");
            p.addValue("state", state.name());
        }
        sql.append(" ORDER BY e.id DESC LIMIT :limit OFFSET :offset");
        return jdbc.query(sql.toString(), p, EPISODE);
    }

    public List<EpisodeEvent> timeline(long episodeId) {
        return jdbc.query("SELECT * FROM episode_events WHERE episode_id = :id ORDER BY id",
                Map.of("id", episodeId), (rs, n) -> new EpisodeEvent(
                        instant(rs, "at"), rs.getString("event"), state(rs.getString("from_state")),
                        state(rs.getString("to_state")), rs.getString("detail")));
    }

    /**
     * Moves the episode from one of {@code from} to {@code to} and records it, only if it is still in
     * one of those states. Returns false when another worker moved it first.
     */
    @Transactional
    public boolean transition(long id, Collection<EpisodeState> from, EpisodeState to, String event, String detail) {
        Optional<Episode> current = findById(id);
        if (current.isEmpty() || !from.contains(current.get().state())) {
            return false;
        }
        EpisodeState was = current.get().state();
        if (!was.canMoveTo(to)) {
            throw new IllegalStateException("episode " + id + " cannot move from " + was + " to " + to);
        }
        Instant now = now();
        int changed = jdbc.update("""
                UPDATE episodes SET state = :to, state_detail = :detail, lease_owner = NULL, lease_until = NULL,
                    updated_at = :now WHERE id = :id AND state = :was
                """, new MapSqlParameterSource().addValue("to", to.name()).addValue("detail", truncate(detail))
                .addValue("now", ts(now)).addValue("id", id).addValue("was", was.name()));
        if (changed == 1) {
            insertEvent(id, now, event, was, to, detail);
        }
        return changed == 1;
    }

    /** Puts a PROCESSING episode back to RECEIVED, to be tried again after {@code delay}. */
    @Transactional
    public boolean scheduleRetry(long id, Duration delay, String detail) {
        Instant after = now().plus(delay);
        boolean moved = transition(id, List.of(EpisodeState.PROCESSING), EpisodeState.RECEIVED, "retry-scheduled", detail);
        if (moved) {
            jdbc.update("UPDATE episodes SET process_after = :after WHERE id = :id", Map.of("after", ts(after), "id", id));
        }
        return moved;
    }

    /**
     * Takes the processing lease on a due episode: RECEIVED and due, or PROCESSING with an expired
     * lease (its worker died). Exactly one caller wins; the others get false.
     */
    @Transactional
    public boolean claim(long id, String owner, Duration lease) {
        Instant now = now();
        Optional<Episode> current = findById(id);
        if (current.isEmpty()) {
            return false;
        }
        EpisodeState was = current.get().state();
        int changed = jdbc.update("""
                UPDATE episodes SET state = 'PROCESSING', lease_owner = :owner, lease_until = :until,
                    attempts = attempts + 1, updated_at = :now
                WHERE id = :id AND ((state = 'RECEIVED' AND process_after <= :now)
                                 OR (state = 'PROCESSING' AND lease_until < :now))
                """, new MapSqlParameterSource().addValue("owner", owner).addValue("until", ts(now.plus(lease)))
                .addValue("now", ts(now)).addValue("id", id));
        if (changed == 1) {
            String detail = was == EpisodeState.PROCESSING ? "lease of a stopped worker taken over by " + owner : "claimed by " + owner;
            insertEvent(id, now, "processing-started", was, EpisodeState.PROCESSING, detail);
        }
        return changed == 1;
    }

    /** Extends this worker's lease before a long step, so no other worker takes the episode meanwhile. */
    public boolean renewLease(long id, String owner, Duration lease) {
        return jdbc.update("UPDATE episodes SET lease_until = :until WHERE id = :id AND state = 'PROCESSING' "
                + "AND lease_owner = :owner", Map.of("until", ts(now().plus(lease)), "id", id, "owner", owner)) == 1;
    }

    /** Ids of episodes ready to be processed (due, or abandoned by a dead worker), oldest first. */
    public List<Long> dueIds(int limit) {
        // two indexed look-ups instead of one OR, which made the database scan the whole table
        Map<String, Object> p = Map.of("now", ts(now()), "limit", limit);
        List<Long> ids = new ArrayList<>(jdbc.queryForList("SELECT id FROM episodes WHERE state = 'RECEIVED' "
                + "AND process_after <= :now ORDER BY id LIMIT :limit", p, Long.class));
        ids.addAll(jdbc.queryForList("SELECT id FROM episodes WHERE state = 'PROCESSING' AND lease_until < :now "
                + "ORDER BY id LIMIT :limit", p, Long.class));
        ids.sort(null);
        return ids.size() > limit ? ids.subList(0, limit) : ids;
    }

    /** Bytes of media the hub holds (sum of episode sizes). */
    public long mediaBytes() {
        Long n = jdbc.queryForObject("SELECT COALESCE(SUM(size_bytes), 0) FROM episodes", Map.of(), Long.class);
        return n == null ? 0 : n;
    }

    /**
     * Ends the leases a previous run of this same instance held: that run is gone (a restart after a
     * crash), so its work can be taken again at once instead of after the lease expires.
     */
    public int expireLeasesOf(String owner) {
        return jdbc.update("UPDATE episodes SET lease_until = :now WHERE state = 'PROCESSING' AND lease_owner = :owner",
                Map.of("now", ts(now().minusMillis(1)), "owner", owner));
    }

    /**
     * Sends a FAILED episode through processing again, with fresh attempts. False if it is not FAILED.
     */
    @Transactional
    public boolean retry(long id, String who) {
        return requeue(id, EpisodeState.FAILED, "retry-requested", "by " + who);
    }

    /**
     * Sends a BLOCKED_BUDGET episode through processing again (its budget or tier changed), with
     * fresh attempts. False if it is not BLOCKED_BUDGET.
     */
    @Transactional
    public boolean resumeBlocked(long id, String detail) {
        return requeue(id, EpisodeState.BLOCKED_BUDGET, "budget-resumed", detail);
    }

    private boolean requeue(long id, EpisodeState from, String event, String detail) {
        boolean moved = transition(id, List.of(from), EpisodeState.RECEIVED, event, detail);
        if (moved) {
            jdbc.update("UPDATE episodes SET attempts = 0, process_after = :now WHERE id = :id",
                    Map.of("now", ts(now()), "id", id));
        }
        return moved;
    }

    /** Makes a waiting episode due now (its transcript arrived). */
    public void processNow(long id) {
        jdbc.update("UPDATE episodes SET process_after = :now WHERE id = :id AND state = 'RECEIVED' AND process_after > :now",
                Map.of("now", ts(now()), "id", id));
    }

    public void addEvent(long id, String event, String detail) {
        insertEvent(id, now(), event, null, null, detail);
    }

    /** Replaces the episode's transcript segments (idempotent). */
    @Transactional
    public void replaceSegments(long id, String format, List<TranscriptSegment> segments) {
        jdbc.update("DELETE FROM transcript_segments WHERE episode_id = :id", Map.of("id", id));
        List<MapSqlParameterSource> rows = new ArrayList<>(segments.size());
        for (TranscriptSegment s : segments) {
            rows.add(new MapSqlParameterSource().addValue("id", id).addValue("idx", s.index())
                    .addValue("start", s.startMillis()).addValue("end", s.endMillis())
                    .addValue("text", s.text()).addValue("speaker", truncate(s.speaker(), 200)));
        }
        jdbc.batchUpdate("INSERT INTO transcript_segments (episode_id, idx, start_ms, end_ms, text, speaker) "
                + "VALUES (:id, :idx, :start, :end, :text, :speaker)", rows.toArray(MapSqlParameterSource[]::new));
        jdbc.update("UPDATE episodes SET transcript_format = :format, segment_count = :count, updated_at = :now WHERE id = :id",
                Map.of("format", format, "count", segments.size(), "now", ts(now()), "id", id));
    }

    public List<TranscriptSegment> segments(long id) {
        return jdbc.query("SELECT * FROM transcript_segments WHERE episode_id = :id ORDER BY idx", Map.of("id", id),
                (rs, n) -> new TranscriptSegment(rs.getInt("idx"), rs.getLong("start_ms"), rs.getLong("end_ms"),
                        rs.getString("text"), rs.getString("speaker")));
    }

    /** Ids of episodes in one of these states whose last change is older than {@code before}, oldest first. */
    public List<Long> idsInStates(Collection<EpisodeState> states, Instant before, int limit) {
        return jdbc.queryForList("SELECT id FROM episodes WHERE state IN (:states) AND updated_at <= :before ORDER BY id LIMIT :limit",
                new MapSqlParameterSource().addValue("states", states.stream().map(Enum::name).toList())
                        .addValue("before", ts(before)).addValue("limit", limit), Long.class);
    }

    /** The publication ledger rows of the episode and its clips. */
    public List<Map<String, Object>> publications(long id) {
        return jdbc.query("SELECT * FROM publications WHERE episode_id = :id ORDER BY destination, clip_id, version",
                Map.of("id", id), (rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong("id"));
                    m.put("destination", rs.getString("destination"));
                    m.put("clipId", rs.getLong("clip_id"));
                    m.put("version", rs.getInt("version"));
                    m.put("state", rs.getString("state"));
                    m.put("remoteId", rs.getString("remote_id"));
                    m.put("remoteUrl", rs.getString("remote_url"));
                    m.put("attempts", rs.getInt("attempts"));
                    m.put("lastError", rs.getString("last_error"));
                    m.put("nextAttemptAt", instant(rs, "next_attempt_at"));
                    m.put("updatedAt", instant(rs, "updated_at"));
                    return m;
                });
    }

    /**
     * Applies a metadata sidecar; absent fields leave what is there. A new title or description is
     * castwire's own edit, which metadata sync sends on to other systems (metadata_updated_at).
     */
    public void updateMetadata(long id, EpisodeMetadata meta) {
        jdbc.update("""
                UPDATE episodes SET title = COALESCE(:title, title), description = COALESCE(:description, description),
                    publish_at = COALESCE(:publishAt, publish_at), destinations = COALESCE(:destinations, destinations),
                    metadata_updated_at = CASE WHEN :edited THEN :now ELSE metadata_updated_at END,
                    updated_at = :now WHERE id = :id
                """, new MapSqlParameterSource().addValue("title", meta.title()).addValue("description", meta.description())
                .addValue("edited", meta.title() != null || meta.description() != null)
                .addValue("publishAt", ts(meta.publishAt()))
                .addValue("destinations", meta.destinations() == null ? null : String.join(",", meta.destinations()))
                .addValue("now", ts(now())).addValue("id", id));
    }

    /**
     * An admin's (or a sync's) edit of title, description and category; null fields are left alone.
     *
     * @param edited when the edit was made: castwire's metadata_updated_at, compared by two-way sync
     * @return false when there is no such episode
     */
    public boolean editMetadata(long id, String title, String description, String category, Instant edited) {
        return jdbc.update("""
                UPDATE episodes SET title = COALESCE(:title, title), description = COALESCE(:description, description),
                    category = COALESCE(:category, category), metadata_updated_at = :edited, updated_at = :now
                WHERE id = :id
                """, new MapSqlParameterSource().addValue("title", title).addValue("description", description)
                .addValue("category", category).addValue("edited", ts(edited)).addValue("now", ts(now()))
                .addValue("id", id)) == 1;
    }

    /**
     * Sets title, description and category to exactly these values (null clears), as another
     * system's copy that metadata sync takes in; stamps metadata_updated_at now and returns it.
     */
    public Instant replaceMetadata(long id, String title, String description, String category) {
        Instant now = now();
        jdbc.update("""
                UPDATE episodes SET title = :title, description = :description, category = :category,
                    metadata_updated_at = :now, updated_at = :now WHERE id = :id
                """, new MapSqlParameterSource().addValue("title", title).addValue("description", description)
                .addValue("category", category).addValue("now", ts(now)).addValue("id", id));
        return now;
    }

    /** An edit made now. */
    public boolean editMetadata(long id, String title, String description, String category) {
        return editMetadata(id, title, description, category, now());
    }

    /** Episode counts per state. */
    public Map<String, Long> countByState() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (EpisodeState s : EpisodeState.values()) {
            counts.put(s.name(), 0L);
        }
        jdbc.query("SELECT state, COUNT(*) AS n FROM episodes GROUP BY state", Map.of(),
                rs -> { counts.put(rs.getString("state"), rs.getLong("n")); });
        return counts;
    }

    /** The oldest episode still waiting to be processed, if any. */
    public Optional<Instant> oldestWaiting() {
        return jdbc.query("SELECT MIN(created_at) AS oldest FROM episodes WHERE state IN ('RECEIVED', 'PROCESSING')",
                Map.of(), (rs, n) -> instant(rs, "oldest")).stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /** Bytes of media per show (sum of episode sizes). */
    public Map<String, Long> mediaBytesByShow() {
        Map<String, Long> bytes = new LinkedHashMap<>();
        jdbc.query("SELECT s.slug, COALESCE(SUM(e.size_bytes), 0) AS bytes FROM shows s "
                + "LEFT JOIN episodes e ON e.show_id = s.id GROUP BY s.slug ORDER BY s.slug", Map.of(),
                rs -> { bytes.put(rs.getString("slug"), rs.getLong("bytes")); });
        return bytes;
    }

    private void insertEvent(long id, Instant at, String event, EpisodeState from, EpisodeState to, String detail) {
        jdbc.update("INSERT INTO episode_events (episode_id, at, event, from_state, to_state, detail) "
                + "VALUES (:id, :at, :event, :from, :to, :detail)", new MapSqlParameterSource()
                .addValue("id", id).addValue("at", ts(at)).addValue("event", event)
                .addValue("from", from == null ? null : from.name()).addValue("to", to == null ? null : to.name())
                .addValue("detail", truncate(detail)));
    }

    static String truncate(String s) {
        return truncate(s, 4000);
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static EpisodeState state(String s) {
        return s == null ? null : EpisodeState.valueOf(s);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static final RowMapper<Episode> EPISODE = (rs, n) -> {
        long duration = rs.getLong("duration_ms");
        Long durationMs = rs.wasNull() ? null : duration;
        MediaInfo media = new MediaInfo(rs.getString("media_kind"), rs.getString("container"), durationMs,
                rs.getString("audio_codec"), rs.getString("video_codec"), integer(rs, "sample_rate"),
                integer(rs, "channels"), integer(rs, "width"), integer(rs, "height"), integer(rs, "bitrate_kbps"));
        return new Episode(rs.getLong("id"), rs.getLong("show_id"), rs.getString("show_slug"),
                rs.getString("source_name"), rs.getString("base_name"), rs.getInt("version"),
                EpisodeState.valueOf(rs.getString("state")), rs.getString("state_detail"),
                rs.getString("content_hash"), rs.getLong("size_bytes"), rs.getString("media_path"), media,
                rs.getString("title"), rs.getString("description"), instant(rs, "publish_at"),
                rs.getString("destinations"), rs.getString("transcript_format"), rs.getInt("segment_count"),
                rs.getInt("attempts"), instant(rs, "process_after"), instant(rs, "created_at"), instant(rs, "updated_at"),
                rs.getString("category"), instant(rs, "metadata_updated_at"));
    };
}
