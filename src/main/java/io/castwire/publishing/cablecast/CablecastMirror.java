package io.castwire.publishing.cablecast;

import static io.castwire.episode.EpisodeRepository.tsOf;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * castwire's copy of Cablecast's shows ({@code cablecast_shows}), the sync watermarks
 * ({@code cablecast_sync_state}) and the metadata conflicts ({@code cablecast_conflicts}).
 */
@Component
public class CablecastMirror {

    /** A mirrored show; {@code base*} are the values both sides agreed on at the last sync (null before). */
    public record Mirrored(long cablecastId, Long episodeId, String key, String title, String description, String category,
                           String eventDate, Instant lastModified, Instant pulledAt, String baseTitle,
                           String baseDescription, String baseCategory, Instant baseRemoteModified,
                           Instant baseLocalModified, Instant syncedAt) {
    }

    /** A recorded conflict. */
    public record Conflict(long id, long cablecastId, long episodeId, String field, String castwireValue,
                           String cablecastValue, Instant castwireChangedAt, Instant cablecastChangedAt, String winner,
                           Instant detectedAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public CablecastMirror(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Mirrored> find(long cablecastId) {
        return jdbc.query("SELECT * FROM cablecast_shows WHERE cablecast_id = :id", Map.of("id", cablecastId),
                CablecastMirror::mirrored).stream().findFirst();
    }

    /**
     * Stores what Cablecast has for a show; links it to an episode when one is given (a linked show
     * stays linked).
     *
     * @return true when the row is new or its content changed
     */
    public boolean pulled(CablecastShows.Show s, Long episodeId) {
        Optional<Mirrored> before = find(s.id());
        Map<String, Object> p = params(s.id());
        p.put("e", episodeId);
        p.put("k", s.key());
        p.put("t", s.title());
        p.put("d", s.description());
        p.put("c", s.category());
        p.put("ev", s.eventDate());
        p.put("lm", s.lastModified() == null ? null : tsOf(s.lastModified()));
        if (before.isEmpty()) {
            jdbc.update("INSERT INTO cablecast_shows (cablecast_id, episode_id, castwire_key, title, description, category, "
                    + "event_date, last_modified, pulled_at) VALUES (:id, :e, :k, :t, :d, :c, :ev, :lm, :now)", p);
            return true;
        }
        Mirrored b = before.get();
        boolean changed = !Objects.equals(b.title(), s.title()) || !Objects.equals(b.description(), s.description())
                || !Objects.equals(b.category(), s.category()) || !Objects.equals(b.lastModified(), s.lastModified())
                || !Objects.equals(b.key(), s.key()) || !Objects.equals(b.eventDate(), s.eventDate())
                || (episodeId != null && !episodeId.equals(b.episodeId()));
        if (changed) {
            jdbc.update("UPDATE cablecast_shows SET episode_id = COALESCE(:e, episode_id), castwire_key = :k, title = :t, "
                    + "description = :d, category = :c, event_date = :ev, last_modified = :lm, pulled_at = :now "
                    + "WHERE cablecast_id = :id", p);
        }
        return changed;
    }

    /**
     * Both sides now hold these values: castwire wrote them to Cablecast (publish, push) or took
     * them from it (pull). They become the base the next sync compares against.
     */
    public void agreed(CablecastShows.Show s, long episodeId, Instant localModified) {
        pulled(s, episodeId);
        Map<String, Object> p = params(s.id());
        p.put("t", s.title());
        p.put("d", s.description());
        p.put("c", s.category());
        p.put("rm", s.lastModified() == null ? null : tsOf(s.lastModified()));
        p.put("lm", localModified == null ? null : tsOf(localModified));
        jdbc.update("UPDATE cablecast_shows SET base_title = :t, base_description = :d, base_category = :c, "
                + "base_remote_modified = :rm, base_local_modified = :lm, synced_at = :now WHERE cablecast_id = :id", p);
    }

    /** Shows that belong to a castwire episode, for the two-way sync. */
    public List<Mirrored> linked() {
        return jdbc.query("SELECT * FROM cablecast_shows WHERE episode_id IS NOT NULL ORDER BY cablecast_id", Map.of(),
                CablecastMirror::mirrored);
    }

    /** A page of the mirror, by Cablecast id; {@code linked}: only castwire's (true), only remote-only (false), all (null). */
    public List<Mirrored> page(Boolean linked, int limit, int offset) {
        String where = linked == null ? "" : linked ? " WHERE episode_id IS NOT NULL" : " WHERE episode_id IS NULL";
        return jdbc.query("SELECT * FROM cablecast_shows" + where + " ORDER BY cablecast_id LIMIT :limit OFFSET :offset",
                Map.of("limit", limit, "offset", offset), CablecastMirror::mirrored);
    }

    public Optional<Instant> watermark(String name) {
        return jdbc.query("SELECT watermark FROM cablecast_sync_state WHERE name = :n", Map.of("n", name),
                (rs, i) -> CablecastPublications.instant(rs, "watermark")).stream().filter(Objects::nonNull).findFirst();
    }

    public void watermark(String name, Instant at) {
        Map<String, Object> p = new HashMap<>();
        p.put("n", name);
        p.put("w", tsOf(at));
        p.put("now", tsOf(clock.instant()));
        if (jdbc.update("UPDATE cablecast_sync_state SET watermark = :w, updated_at = :now WHERE name = :n", p) == 0) {
            jdbc.update("INSERT INTO cablecast_sync_state (name, watermark, updated_at) VALUES (:n, :w, :now)", p);
        }
    }

    public void conflict(long cablecastId, long episodeId, String field, String castwireValue, String cablecastValue,
                         Instant castwireAt, Instant cablecastAt, String winner) {
        Map<String, Object> p = params(cablecastId);
        p.put("e", episodeId);
        p.put("f", field);
        p.put("cw", castwireValue);
        p.put("cc", cablecastValue);
        p.put("cwa", castwireAt == null ? null : tsOf(castwireAt));
        p.put("cca", cablecastAt == null ? null : tsOf(cablecastAt));
        p.put("w", winner);
        jdbc.update("INSERT INTO cablecast_conflicts (cablecast_id, episode_id, field, castwire_value, cablecast_value, "
                + "castwire_changed_at, cablecast_changed_at, winner, detected_at) "
                + "VALUES (:id, :e, :f, :cw, :cc, :cwa, :cca, :w, :now)", p);
    }

    /** Conflicts, newest first; for one show when {@code cablecastId} is set. */
    public List<Conflict> conflicts(Long cablecastId, int limit, int offset) {
        Map<String, Object> p = new HashMap<>();
        p.put("limit", limit);
        p.put("offset", offset);
        p.put("id", cablecastId);
        String where = cablecastId == null ? "" : " WHERE cablecast_id = :id";
        return jdbc.query("SELECT * FROM cablecast_conflicts" + where + " ORDER BY id DESC LIMIT :limit OFFSET :offset", p,
                (rs, i) -> new Conflict(rs.getLong("id"), rs.getLong("cablecast_id"), rs.getLong("episode_id"),
                        rs.getString("field"), rs.getString("castwire_value"), rs.getString("cablecast_value"),
                        CablecastPublications.instant(rs, "castwire_changed_at"),
                        CablecastPublications.instant(rs, "cablecast_changed_at"), rs.getString("winner"),
                        CablecastPublications.instant(rs, "detected_at")));
    }

    private Map<String, Object> params(long cablecastId) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", cablecastId);
        p.put("now", tsOf(clock.instant()));
        return p;
    }

    private static Mirrored mirrored(ResultSet rs, int n) throws SQLException {
        return new Mirrored(rs.getLong("cablecast_id"), CablecastPublications.longOrNull(rs, "episode_id"),
                rs.getString("castwire_key"), rs.getString("title"), rs.getString("description"), rs.getString("category"),
                rs.getString("event_date"), CablecastPublications.instant(rs, "last_modified"),
                CablecastPublications.instant(rs, "pulled_at"), rs.getString("base_title"),
                rs.getString("base_description"), rs.getString("base_category"),
                CablecastPublications.instant(rs, "base_remote_modified"),
                CablecastPublications.instant(rs, "base_local_modified"), CablecastPublications.instant(rs, "synced_at"));
    }
}
