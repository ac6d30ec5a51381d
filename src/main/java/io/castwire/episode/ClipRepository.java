package io.castwire.episode;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The clips chosen for an episode, per profile and rank, and where each was cut to. */
@Repository
public class ClipRepository {

    /** A stored clip; {@code featuresJson} holds the feature breakdown and the reason. */
    public record Clip(long id, long episodeId, String profile, int rank, long startMs, long endMs, double score,
                       String featuresJson, String mediaPath) {
    }

    /** A clip to store: what scoring chose. */
    public record NewClip(String profile, int rank, long startMs, long endMs, double score, String featuresJson) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public ClipRepository(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Replaces the episode's clips with these (scoring is re-run after a crash or a new transcript).
     * A clip with the same profile, rank and window keeps its cut media.
     */
    @Transactional
    public void replace(long episodeId, List<NewClip> clips) {
        Map<String, String> cut = new java.util.HashMap<>();
        for (Clip old : ofEpisode(episodeId)) {
            if (old.mediaPath() != null) {
                cut.put(key(old.profile(), old.rank(), old.startMs(), old.endMs()), old.mediaPath());
            }
        }
        jdbc.update("DELETE FROM clips WHERE episode_id = :id", Map.of("id", episodeId));
        List<MapSqlParameterSource> rows = new ArrayList<>();
        for (NewClip c : clips) {
            rows.add(new MapSqlParameterSource().addValue("episode", episodeId).addValue("profile", c.profile())
                    .addValue("rank", c.rank()).addValue("start", c.startMs()).addValue("end", c.endMs())
                    .addValue("score", c.score()).addValue("features", c.featuresJson())
                    .addValue("media", cut.get(key(c.profile(), c.rank(), c.startMs(), c.endMs())))
                    .addValue("now", EpisodeRepository.ts(clock.instant().truncatedTo(ChronoUnit.MICROS))));
        }
        jdbc.batchUpdate("INSERT INTO clips (episode_id, profile, rank_in_profile, start_ms, end_ms, score, features, "
                + "media_path, created_at) VALUES (:episode, :profile, :rank, :start, :end, :score, :features, :media, :now)",
                rows.toArray(MapSqlParameterSource[]::new));
    }

    public List<Clip> ofEpisode(long episodeId) {
        return jdbc.query("SELECT * FROM clips WHERE episode_id = :id ORDER BY profile, rank_in_profile",
                Map.of("id", episodeId), ROW);
    }

    public void setMediaPath(long clipId, String mediaPath) {
        jdbc.update("UPDATE clips SET media_path = :path WHERE id = :id", Map.of("path", mediaPath, "id", clipId));
    }

    private static String key(String profile, int rank, long start, long end) {
        return profile + "/" + rank + "/" + start + "/" + end;
    }

    private static final RowMapper<Clip> ROW = (rs, n) -> new Clip(rs.getLong("id"), rs.getLong("episode_id"),
            rs.getString("profile"), rs.getInt("rank_in_profile"), rs.getLong("start_ms"), rs.getLong("end_ms"),
            rs.getDouble("score"), rs.getString("features"), rs.getString("media_path"));
}
