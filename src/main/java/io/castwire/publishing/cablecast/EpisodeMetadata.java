package io.castwire.publishing.cablecast;

import static io.castwire.episode.EpisodeRepository.tsOf;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The episode metadata that syncs with Cablecast: title (the file's base name when it has none),
 * description, category, and when castwire's copy last changed ({@code metadata_updated_at}, else
 * the row's creation).
 */
@Component
public class EpisodeMetadata {

    /** One episode's synced fields. */
    public record Values(long episodeId, String title, String description, String category, Instant changedAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public EpisodeMetadata(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Values> of(long episodeId) {
        return jdbc.query("SELECT id, title, base_name, description, category, metadata_updated_at, created_at "
                + "FROM episodes WHERE id = :id", Map.of("id", episodeId), (rs, n) -> {
                    Instant changed = CablecastPublications.instant(rs, "metadata_updated_at");
                    return new Values(rs.getLong("id"), rs.getString("title") != null ? rs.getString("title")
                            : rs.getString("base_name"), rs.getString("description") == null ? ""
                            : rs.getString("description").strip(), rs.getString("category"),
                            changed != null ? changed : CablecastPublications.instant(rs, "created_at"));
                }).stream().findFirst();
    }

    /** Takes Cablecast's values into castwire; returns the new metadata_updated_at. */
    public Instant update(long episodeId, String title, String description, String category) {
        Instant now = clock.instant();
        Map<String, Object> p = new HashMap<>();
        p.put("id", episodeId);
        p.put("t", title);
        p.put("d", description);
        p.put("c", category);
        p.put("now", tsOf(now));
        jdbc.update("UPDATE episodes SET title = :t, description = :d, category = :c, metadata_updated_at = :now, "
                + "updated_at = :now WHERE id = :id", p);
        return now;
    }
}
