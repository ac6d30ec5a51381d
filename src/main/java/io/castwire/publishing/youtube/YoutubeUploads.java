package io.castwire.publishing.youtube;

import io.castwire.episode.EpisodeRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * {@code youtube_uploads}: where the upload of each publication stands (its resumable session, the
 * bytes YouTube committed, the video id, the follow-up steps done), written as each step finishes,
 * so a retry or a restart continues instead of starting over.
 */
@Repository
public class YoutubeUploads {

    /** One publication's upload. */
    public record Row(long publicationId, String channel, String sourcePath, String sourceSha256, Long totalBytes,
                      String sessionUri, long sessions, long committedBytes, String videoId, Instant captionsAt,
                      Instant thumbnailAt, String note) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public YoutubeUploads(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Row> find(long publicationId) {
        return jdbc.query("SELECT * FROM youtube_uploads WHERE publication_id = :p", Map.of("p", publicationId), ROW)
                .stream().findFirst();
    }

    /** The row of the publication, created empty when it has none. */
    public Row findOrCreate(long publicationId, String channel) {
        Optional<Row> row = find(publicationId);
        if (row.isPresent()) {
            return row.get();
        }
        try {
            jdbc.update("INSERT INTO youtube_uploads (publication_id, channel, created_at, updated_at) "
                    + "VALUES (:p, :c, :now, :now)", params(publicationId).addValue("c", channel));
        } catch (DuplicateKeyException raced) {
            // created by an earlier attempt that got this far
        }
        return find(publicationId).orElseThrow();
    }

    /** The file being uploaded (an audiogram is kept until its video exists, so a resume sends the same bytes). */
    public void source(long publicationId, String path, String sha256, long totalBytes) {
        update(publicationId, "source_path = :path, source_sha256 = :sha, total_bytes = :total",
                params(publicationId).addValue("path", path).addValue("sha", sha256).addValue("total", totalBytes));
    }

    /** A new resumable session: nothing committed yet. */
    public void session(long publicationId, String uri) {
        update(publicationId, "session_uri = :uri, sessions = sessions + 1, committed_bytes = 0",
                params(publicationId).addValue("uri", uri));
    }

    /** The session expired (404/410) or its bytes no longer match: the next upload starts a new one. */
    public void dropSession(long publicationId) {
        update(publicationId, "session_uri = NULL, committed_bytes = 0", params(publicationId));
    }

    public void committed(long publicationId, long bytes) {
        update(publicationId, "committed_bytes = :n", params(publicationId).addValue("n", bytes));
    }

    /** YouTube has the video: the session is done. */
    public void video(long publicationId, String videoId, long totalBytes) {
        update(publicationId, "video_id = :v, session_uri = NULL, committed_bytes = :n",
                params(publicationId).addValue("v", videoId).addValue("n", totalBytes));
    }

    public void captionsDone(long publicationId, String note) {
        update(publicationId, "captions_at = :now" + (note != null ? ", note = :note" : ""),
                params(publicationId).addValue("note", cut(note)));
    }

    public void thumbnailDone(long publicationId, String note) {
        update(publicationId, "thumbnail_at = :now" + (note != null ? ", note = :note" : ""),
                params(publicationId).addValue("note", cut(note)));
    }

    private void update(long publicationId, String set, MapSqlParameterSource p) {
        jdbc.update("UPDATE youtube_uploads SET " + set + ", updated_at = :now WHERE publication_id = :p", p);
    }

    private MapSqlParameterSource params(long publicationId) {
        return new MapSqlParameterSource().addValue("p", publicationId)
                .addValue("now", EpisodeRepository.tsOf(clock.instant().truncatedTo(ChronoUnit.MICROS)));
    }

    private static String cut(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static final RowMapper<Row> ROW = (rs, n) -> new Row(rs.getLong("publication_id"), rs.getString("channel"),
            rs.getString("source_path"), rs.getString("source_sha256"), (Long) rs.getObject("total_bytes", Long.class),
            rs.getString("session_uri"), rs.getLong("sessions"), rs.getLong("committed_bytes"), rs.getString("video_id"),
            instant(rs, "captions_at"), instant(rs, "thumbnail_at"), rs.getString("note"));
}
