package io.castwire.publishing.cablecast;

import static io.castwire.episode.EpisodeRepository.tsOf;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code cablecast_publications} table: where one ledger row stands at Cablecast. Every step of
 * a publication writes here as soon as the server confirmed it, so a retry or a restart resumes.
 */
@Component
public class CablecastPublications {

    /** One row. Ids are null until the step has happened. */
    public record Row(long publicationId, long episodeId, Long showId, Long uploadId, String uploadFile, Long uploadSize,
                      Long uploadChunk, int segmentsDone, boolean uploadDone, Long captionUploadId, Long vodId,
                      Long vodUploadId, String vodState, String vodUrl, Instant vodCreatedAt, Instant vodReadyAt,
                      String vodError, Instant completedAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public CablecastPublications(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The row of a publication, created empty on first use. */
    public Row open(long publicationId, long episodeId) {
        Optional<Row> row = find(publicationId);
        if (row.isPresent()) {
            return row.get();
        }
        OffsetDateTime now = tsOf(clock.instant());
        try {
            jdbc.update("INSERT INTO cablecast_publications (publication_id, episode_id, segments_done, upload_done, "
                    + "created_at, updated_at) VALUES (:p, :e, 0, FALSE, :now, :now)",
                    Map.of("p", publicationId, "e", episodeId, "now", now));
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            // another worker opened it first: use theirs
        }
        return find(publicationId).orElseThrow();
    }

    public Optional<Row> find(long publicationId) {
        return jdbc.query("SELECT * FROM cablecast_publications WHERE publication_id = :p", Map.of("p", publicationId),
                CablecastPublications::row).stream().findFirst();
    }

    /** The latest row that put a VOD on this show (the show an earlier version created). */
    public Optional<Row> latestWithVod(long showId) {
        return jdbc.query("SELECT * FROM cablecast_publications WHERE show_id = :s AND vod_id IS NOT NULL "
                + "ORDER BY updated_at DESC, publication_id DESC", Map.of("s", showId), CablecastPublications::row)
                .stream().findFirst();
    }

    /** Rows whose VOD is still being processed at Cablecast. */
    public List<Row> vodsNotReady(int limit) {
        return jdbc.query("SELECT * FROM cablecast_publications WHERE vod_id IS NOT NULL AND vod_state NOT IN "
                + "('ready', 'failed', 'timeout', 'gone') ORDER BY vod_created_at, publication_id LIMIT :limit",
                Map.of("limit", limit), CablecastPublications::row);
    }

    /** Rows of an episode (every version's publication to Cablecast). */
    public List<Row> ofEpisode(long episodeId) {
        return jdbc.query("SELECT * FROM cablecast_publications WHERE episode_id = :e ORDER BY publication_id",
                Map.of("e", episodeId), CablecastPublications::row);
    }

    /** The castwire episode a Cablecast show belongs to: the newest episode castwire published it for. */
    public Optional<Long> episodeOfShow(long showId) {
        return jdbc.queryForList("SELECT episode_id FROM cablecast_publications WHERE show_id = :s "
                + "ORDER BY episode_id DESC", Map.of("s", showId), Long.class).stream().findFirst();
    }

    public void showCreated(long publicationId, long showId) {
        set(publicationId, "show_id = :v", showId);
    }

    /** A new upload replaces whatever upload the row had: nothing of it is done yet. */
    public void uploadCreated(long publicationId, long uploadId, String file, long size, long chunk) {
        Map<String, Object> p = new HashMap<>();
        p.put("p", publicationId);
        p.put("u", uploadId);
        p.put("f", file);
        p.put("s", size);
        p.put("c", chunk);
        p.put("now", tsOf(clock.instant()));
        jdbc.update("UPDATE cablecast_publications SET upload_id = :u, upload_file = :f, upload_size = :s, "
                + "upload_chunk = :c, segments_done = 0, upload_done = FALSE, updated_at = :now "
                + "WHERE publication_id = :p", p);
    }

    public void segmentsDone(long publicationId, int segments) {
        set(publicationId, "segments_done = :v", segments);
    }

    public void uploadFinished(long publicationId) {
        set(publicationId, "upload_done = :v", true);
    }

    public void captionUploaded(long publicationId, long uploadId) {
        set(publicationId, "caption_upload_id = :v", uploadId);
    }

    /** The VOD now plays the row's upload; its readiness is polled from now on. */
    public void vodAttached(long publicationId, long vodId, long uploadId, String state, String url) {
        Map<String, Object> p = new HashMap<>();
        p.put("p", publicationId);
        p.put("v", vodId);
        p.put("u", uploadId);
        p.put("st", state == null ? "processing" : state);
        p.put("url", url);
        p.put("now", tsOf(clock.instant()));
        jdbc.update("UPDATE cablecast_publications SET vod_id = :v, vod_upload_id = :u, vod_state = :st, vod_url = :url, "
                + "vod_created_at = :now, vod_ready_at = NULL, vod_error = NULL, completed_at = NULL, updated_at = :now "
                + "WHERE publication_id = :p", p);
    }

    /** Every step is done: show, upload, VOD and chapters. */
    public void completed(long publicationId) {
        set(publicationId, "completed_at = :v", tsOf(clock.instant()));
    }

    /** What the readiness poll saw. */
    public void vodState(long publicationId, String state, String url, boolean ready, String error) {
        Map<String, Object> p = new HashMap<>();
        p.put("p", publicationId);
        p.put("st", state);
        p.put("url", url);
        p.put("ready", ready ? tsOf(clock.instant()) : null);
        p.put("err", error);
        p.put("now", tsOf(clock.instant()));
        jdbc.update("UPDATE cablecast_publications SET vod_state = :st, vod_url = COALESCE(:url, vod_url), "
                + "vod_ready_at = COALESCE(:ready, vod_ready_at), vod_error = :err, vod_checked_at = :now, "
                + "updated_at = :now WHERE publication_id = :p", p);
    }

    private void set(long publicationId, String assignment, Object value) {
        Map<String, Object> p = new HashMap<>();
        p.put("p", publicationId);
        p.put("v", value);
        p.put("now", tsOf(clock.instant()));
        // the assignment is one of this class's constants, never message data
        jdbc.update("UPDATE cablecast_publications SET " + assignment + ", updated_at = :now WHERE publication_id = :p", p);
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("publication_id"), rs.getLong("episode_id"), longOrNull(rs, "show_id"),
                longOrNull(rs, "upload_id"), rs.getString("upload_file"), longOrNull(rs, "upload_size"),
                longOrNull(rs, "upload_chunk"), rs.getInt("segments_done"), rs.getBoolean("upload_done"),
                longOrNull(rs, "caption_upload_id"), longOrNull(rs, "vod_id"), longOrNull(rs, "vod_upload_id"),
                rs.getString("vod_state"), rs.getString("vod_url"), instant(rs, "vod_created_at"),
                instant(rs, "vod_ready_at"), rs.getString("vod_error"), instant(rs, "completed_at"));
    }

    static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

}
