package io.castwire.publishing;

import io.castwire.episode.EpisodeRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The publication ledger: one row per episode (clip 0) or clip, destination and version. A
 * destination checks it before sending, so a replay or a redelivery never publishes twice.
 */
@Repository
public class PublicationLedger {

    public static final String PUBLISHED = "PUBLISHED";
    public static final String SUPERSEDED = "SUPERSEDED";
    public static final String FAILED = "FAILED";

    /** A ledger row. */
    public record Publication(long id, long episodeId, long clipId, String destination, int version, String state,
                              String remoteId, String remoteUrl, int attempts, String lastError, Instant createdAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public PublicationLedger(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Publication> find(long episodeId, long clipId, String destination, int version) {
        return jdbc.query("SELECT * FROM publications WHERE episode_id = :e AND clip_id = :c AND destination = :d "
                + "AND version = :v", Map.of("e", episodeId, "c", clipId, "d", destination, "v", version), ROW)
                .stream().findFirst();
    }

    /** Records the outcome of an attempt (insert or update of the one row for this key). */
    public void record(long episodeId, long clipId, String destination, int version, String state, String remoteId,
                       String remoteUrl, String error) {
        OffsetDateTime now = EpisodeRepository.tsOf(clock.instant().truncatedTo(ChronoUnit.MICROS));
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("e", episodeId).addValue("c", clipId)
                .addValue("d", destination).addValue("v", version).addValue("state", state).addValue("rid", remoteId)
                .addValue("url", remoteUrl).addValue("err", error).addValue("now", now);
        int updated = jdbc.update("UPDATE publications SET state = :state, remote_id = COALESCE(:rid, remote_id), "
                + "remote_url = COALESCE(:url, remote_url), attempts = attempts + 1, last_error = :err, updated_at = :now "
                + "WHERE episode_id = :e AND clip_id = :c AND destination = :d AND version = :v", p);
        if (updated == 0) {
            jdbc.update("INSERT INTO publications (episode_id, clip_id, destination, version, state, remote_id, remote_url, "
                    + "attempts, last_error, created_at, updated_at) VALUES (:e, :c, :d, :v, :state, :rid, :url, 1, :err, "
                    + ":now, :now)", p);
        }
    }

    /** The remote id an earlier version of the same episode (show and base name) was published under. */
    public Optional<String> remoteIdOfEarlierVersion(long showId, String baseName, String destination) {
        return jdbc.queryForList("SELECT p.remote_id FROM publications p JOIN episodes e ON e.id = p.episode_id "
                + "WHERE e.show_id = :show AND e.base_name = :base AND p.destination = :d AND p.clip_id = 0 "
                + "AND p.remote_id IS NOT NULL ORDER BY e.version", Map.of("show", showId, "base", baseName, "d", destination),
                String.class).stream().findFirst();
    }

    /** Marks rows of older versions of this episode superseded by the version just published. */
    public void supersedeEarlierVersions(long showId, String baseName, int currentVersion, String destination) {
        jdbc.update("UPDATE publications SET state = 'SUPERSEDED' WHERE destination = :d AND clip_id = 0 AND state = 'PUBLISHED' "
                + "AND episode_id IN (SELECT id FROM episodes WHERE show_id = :show AND base_name = :base AND version < :version)",
                Map.of("d", destination, "version", currentVersion, "show", showId, "base", baseName));
    }

    /** Whether a newer version of this episode is already published (then this one must not replace it). */
    public boolean newerVersionPublished(long showId, String baseName, int version, String destination) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM publications p JOIN episodes e ON e.id = p.episode_id "
                + "WHERE e.show_id = :show AND e.base_name = :base AND e.version > :version AND p.destination = :d "
                + "AND p.clip_id = 0 AND p.state = 'PUBLISHED'",
                Map.of("show", showId, "base", baseName, "version", version, "d", destination), Long.class);
        return n != null && n > 0;
    }

    /** The newest {@code limit} published episode rows (clip 0) of a show for a destination, newest first. */
    public List<Publication> publishedInShow(long showId, String destination, int limit) {
        return jdbc.query("SELECT p.* FROM publications p JOIN episodes e ON e.id = p.episode_id WHERE e.show_id = :show "
                + "AND p.destination = :d AND p.clip_id = 0 AND p.state = 'PUBLISHED' ORDER BY p.created_at DESC, p.id DESC "
                + "LIMIT :limit", Map.of("show", showId, "d", destination, "limit", limit), ROW);
    }

    private static final RowMapper<Publication> ROW = (rs, n) -> new Publication(rs.getLong("id"), rs.getLong("episode_id"),
            rs.getLong("clip_id"), rs.getString("destination"), rs.getInt("version"), rs.getString("state"),
            rs.getString("remote_id"), rs.getString("remote_url"), rs.getInt("attempts"), rs.getString("last_error"),
            rs.getObject("created_at", OffsetDateTime.class).toInstant());
}
