package io.castwire.operations.storage;

import io.castwire.common.CastwireProperties;
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

/** Table {@code storage_actions} (V15): every file the lifecycle archived or deleted, where its copy is and why. */
@Repository
public class StorageLedger {

    public static final String ARCHIVED = "ARCHIVED";
    public static final String DELETED = "DELETED";

    /** One recorded action. */
    public record Action(long id, String area, String path, Long episodeId, String action, long sizeBytes, String sha256,
                         String archivedAs, String reason, String instanceId, Instant at) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final String instance;

    public StorageLedger(NamedParameterJdbcTemplate jdbc, Clock clock, CastwireProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.instance = properties.getInstanceId();
    }

    /** Records an action on a file. */
    public void record(StoredFile f, String action, String sha256, String archivedAs, String reason) {
        OffsetDateTime now = EpisodeRepository.tsOf(clock.instant().truncatedTo(ChronoUnit.MICROS));
        jdbc.update("INSERT INTO storage_actions (area, path, episode_id, action, size_bytes, sha256, archived_as, reason, "
                + "instance_id, at) VALUES (:area, :path, :episode, :action, :size, :sha, :archived, :reason, :instance, :at)",
                new MapSqlParameterSource().addValue("area", f.area().key()).addValue("path", f.relative())
                        .addValue("episode", f.episodeId()).addValue("action", action).addValue("size", f.size())
                        .addValue("sha", sha256).addValue("archived", archivedAs)
                        .addValue("reason", reason.length() > 1000 ? reason.substring(0, 1000) : reason)
                        .addValue("instance", instance).addValue("at", now));
    }

    /** The actions on an episode's files, oldest first. */
    public List<Action> ofEpisode(long episodeId) {
        return jdbc.query("SELECT * FROM storage_actions WHERE episode_id = :e ORDER BY id", Map.of("e", episodeId), ROW);
    }

    /** The newest actions, newest first. */
    public List<Action> recent(int limit) {
        return jdbc.query("SELECT * FROM storage_actions ORDER BY id DESC LIMIT :limit", Map.of("limit", limit), ROW);
    }

    /** Where the file at this path (below home) was last archived, if it was. */
    public Optional<Action> lastArchive(String path) {
        return jdbc.query("SELECT * FROM storage_actions WHERE path = :path AND action = 'ARCHIVED' ORDER BY id DESC",
                Map.of("path", path), ROW).stream().findFirst();
    }

    private static final RowMapper<Action> ROW = (rs, n) -> new Action(rs.getLong("id"), rs.getString("area"),
            rs.getString("path"), rs.getObject("episode_id") == null ? null : rs.getLong("episode_id"),
            rs.getString("action"), rs.getLong("size_bytes"), rs.getString("sha256"), rs.getString("archived_as"),
            rs.getString("reason"), rs.getString("instance_id"), rs.getObject("at", OffsetDateTime.class).toInstant());
}
