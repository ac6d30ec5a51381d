package io.castwire.operations.queue;

import io.castwire.episode.EpisodeRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The concurrency permits every replica shares: one {@code job_permits} row per slot of a kind's
 * limit. Taking a slot is one conditional UPDATE (free, or its lease ran out), so two replicas
 * never hold the same slot; a holder renews its lease while its job runs.
 */
@Repository
public class PermitStore {

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final Set<String> slotsMade = ConcurrentHashMap.newKeySet();

    public PermitStore(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A slot of a kind. */
    public record Slot(String kind, int slot) {
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Takes a free (or abandoned) slot among the first {@code limit} of the kind.
     *
     * @return the slot, or null when all are held
     */
    public Slot tryTake(String kind, int limit, String holder, Long episodeId, Duration lease) {
        ensureSlots(kind, limit);
        Instant now = now();
        // start at a different slot per holder, so waiting replicas do not all race for slot 0
        int first = Math.floorMod(holder.hashCode(), limit);
        for (int i = 0; i < limit; i++) {
            int slot = (first + i) % limit;
            int n = jdbc.update("UPDATE job_permits SET holder = :holder, episode_id = :episode, acquired_at = :now, "
                    + "lease_until = :until WHERE kind = :kind AND slot = :slot AND (holder IS NULL OR lease_until < :now)",
                    new MapSqlParameterSource().addValue("holder", holder).addValue("episode", episodeId)
                            .addValue("now", EpisodeRepository.tsOf(now)).addValue("until", EpisodeRepository.tsOf(now.plus(lease)))
                            .addValue("kind", kind).addValue("slot", slot));
            if (n == 1) {
                return new Slot(kind, slot);
            }
        }
        return null;
    }

    /** Extends the lease; false when the slot is no longer this holder's (its lease ran out and was taken). */
    public boolean renew(Slot s, String holder, Duration lease) {
        return jdbc.update("UPDATE job_permits SET lease_until = :until WHERE kind = :kind AND slot = :slot AND holder = :holder",
                Map.of("until", EpisodeRepository.tsOf(now().plus(lease)), "kind", s.kind(), "slot", s.slot(),
                        "holder", holder)) == 1;
    }

    /** Frees the slot if this holder still has it. */
    public void release(Slot s, String holder) {
        jdbc.update("UPDATE job_permits SET holder = NULL, episode_id = NULL, acquired_at = NULL, lease_until = NULL "
                + "WHERE kind = :kind AND slot = :slot AND holder = :holder",
                Map.of("kind", s.kind(), "slot", s.slot(), "holder", holder));
    }

    /** Frees every slot whose holder starts with this prefix (an earlier run of this instance). */
    public int releaseAllOf(String holderPrefix) {
        List<Map<String, Object>> held = jdbc.queryForList(
                "SELECT kind, slot, holder FROM job_permits WHERE holder IS NOT NULL", Map.of());
        int n = 0;
        for (Map<String, Object> row : held) {
            String holder = (String) row.get("holder");
            if (holder.startsWith(holderPrefix)) {
                release(new Slot((String) row.get("kind"), ((Number) row.get("slot")).intValue()), holder);
                n++;
            }
        }
        return n;
    }

    /** Slots held now (lease not over) per kind, in the whole cluster. */
    public Map<String, Long> heldByKind() {
        Map<String, Long> held = new java.util.TreeMap<>();
        jdbc.query("SELECT kind, COUNT(*) AS n FROM job_permits WHERE holder IS NOT NULL AND lease_until >= :now "
                + "GROUP BY kind", Map.of("now", EpisodeRepository.tsOf(now())),
                rs -> { held.put(rs.getString("kind"), rs.getLong("n")); });
        return held;
    }

    private void ensureSlots(String kind, int limit) {
        if (slotsMade.contains(kind + "#" + limit)) {
            return;
        }
        Integer have = jdbc.queryForObject("SELECT COUNT(*) FROM job_permits WHERE kind = :kind AND slot < :limit",
                Map.of("kind", kind, "limit", limit), Integer.class);
        if (have == null || have < limit) {
            for (int slot = 0; slot < limit; slot++) {
                try {
                    jdbc.update("INSERT INTO job_permits (kind, slot) VALUES (:kind, :slot)", Map.of("kind", kind, "slot", slot));
                } catch (DuplicateKeyException raced) {
                    // there already (or another replica made it at the same moment)
                }
            }
        }
        slotsMade.add(kind + "#" + limit);
    }
}
