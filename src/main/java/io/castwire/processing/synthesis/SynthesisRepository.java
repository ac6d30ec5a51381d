package io.castwire.processing.synthesis;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** What the synthesis step made per episode (table {@code synthesis_artifacts}). */
@Repository
public class SynthesisRepository {

    public static final String SYNTHESIZED = "SYNTHESIZED";
    public static final String TEXT_ONLY = "TEXT_ONLY";
    public static final String STITCHED = "STITCHED";
    public static final String SKIPPED = "SKIPPED";

    /** One artefact: kind intro, outro, teaser (rank = the clip's rank) or stitched. */
    public record Artifact(String kind, int rank, String status, String provider, String voice, String text, String hash,
                           String mediaPath, Long durationMs, String reason) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public SynthesisRepository(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    /** Replaces the episode's artefacts with these (the step runs again after a crash). */
    public void replace(long episodeId, List<Artifact> artifacts) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        tx.executeWithoutResult(s -> {
            jdbc.update("DELETE FROM synthesis_artifacts WHERE episode_id = :id", Map.of("id", episodeId));
            for (Artifact a : artifacts) {
                jdbc.update("INSERT INTO synthesis_artifacts (episode_id, kind, rank_no, status, provider, voice, text_spoken, "
                        + "cache_hash, media_path, duration_ms, reason, created_at) VALUES (:id, :kind, :rank, :status, "
                        + ":provider, :voice, :text, :hash, :path, :ms, :reason, :now)", new MapSqlParameterSource()
                        .addValue("id", episodeId).addValue("kind", a.kind()).addValue("rank", a.rank())
                        .addValue("status", a.status()).addValue("provider", a.provider()).addValue("voice", a.voice())
                        .addValue("text", cut(a.text(), 4000)).addValue("hash", a.hash()).addValue("path", a.mediaPath())
                        .addValue("ms", a.durationMs()).addValue("reason", cut(a.reason(), 4000)).addValue("now", now));
            }
        });
    }

    public List<Artifact> ofEpisode(long episodeId) {
        return jdbc.query("SELECT * FROM synthesis_artifacts WHERE episode_id = :id ORDER BY kind, rank_no",
                Map.of("id", episodeId), (rs, n) -> new Artifact(rs.getString("kind"), rs.getInt("rank_no"),
                        rs.getString("status"), rs.getString("provider"), rs.getString("voice"), rs.getString("text_spoken"),
                        rs.getString("cache_hash"), rs.getString("media_path"),
                        rs.getObject("duration_ms") == null ? null : rs.getLong("duration_ms"), rs.getString("reason")));
    }

    /** The section of {@code GET /api/episodes/{id}}, or null when the step made nothing. */
    public Map<String, Object> details(long episodeId) {
        List<Artifact> all = ofEpisode(episodeId);
        if (all.isEmpty()) {
            return null;
        }
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("artifacts", all.stream().map(a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", a.kind());
            m.put("rank", a.rank());
            m.put("status", a.status());
            m.put("provider", a.provider());
            m.put("voice", a.voice());
            m.put("text", a.text());
            m.put("mediaPath", a.mediaPath());
            m.put("durationMs", a.durationMs());
            m.put("reason", a.reason());
            return m;
        }).toList());
        return section;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
