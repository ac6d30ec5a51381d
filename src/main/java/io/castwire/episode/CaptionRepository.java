package io.castwire.episode;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Caption files of an episode ({@code clipId} 0) and of its clips. */
@Repository
public class CaptionRepository {

    /** One caption file to record. */
    public record CaptionFile(long clipId, String format, String path) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public CaptionRepository(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The episode's caption files, the episode's own first. */
    public List<CaptionFile> ofEpisode(long episodeId) {
        return jdbc.query("SELECT clip_id, format, path FROM captions WHERE episode_id = :id ORDER BY clip_id, format",
                Map.of("id", episodeId), (rs, n) -> new CaptionFile(rs.getLong("clip_id"), rs.getString("format"),
                        rs.getString("path")));
    }

    /** Replaces the episode's caption rows with these (captions are rewritten on every processing run). */
    @Transactional
    public void replace(long episodeId, List<CaptionFile> files) {
        jdbc.update("DELETE FROM captions WHERE episode_id = :id", Map.of("id", episodeId));
        jdbc.batchUpdate("INSERT INTO captions (episode_id, clip_id, format, path, created_at) "
                + "VALUES (:episode, :clip, :format, :path, :now)", files.stream().map(f -> new MapSqlParameterSource()
                .addValue("episode", episodeId).addValue("clip", f.clipId()).addValue("format", f.format())
                .addValue("path", f.path())
                .addValue("now", EpisodeRepository.ts(clock.instant().truncatedTo(ChronoUnit.MICROS))))
                .toArray(MapSqlParameterSource[]::new));
    }
}
