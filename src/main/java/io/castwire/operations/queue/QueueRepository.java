package io.castwire.operations.queue;

import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.EpisodeState;
import io.castwire.episode.Priority;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The job-control view of the episodes table: priorities, cancels, and how deep the queue is.
 * State changes go through {@link EpisodeRepository#transition} so the timeline stays complete.
 */
@Repository
public class QueueRepository {

    /** The states an episode can be cancelled from: its work is still to come or running. */
    public static final List<EpisodeState> CANCELLABLE = List.of(EpisodeState.RECEIVED, EpisodeState.PROCESSING,
            EpisodeState.BLOCKED_BUDGET);

    private final NamedParameterJdbcTemplate jdbc;
    private final EpisodeRepository episodes;
    private final Clock clock;

    public QueueRepository(NamedParameterJdbcTemplate jdbc, EpisodeRepository episodes, Clock clock) {
        this.jdbc = jdbc;
        this.episodes = episodes;
        this.clock = clock;
    }

    /** The episode's priority, or normal when there is no such episode. */
    public Priority priorityOf(long id) {
        List<Integer> rank = jdbc.queryForList("SELECT priority FROM episodes WHERE id = :id", Map.of("id", id),
                Integer.class);
        return rank.isEmpty() || rank.get(0) == null ? Priority.NORMAL : Priority.ofRank(rank.get(0));
    }

    /** Sets the priority of a new episode (its show's), before any metadata sidecar overrides it. */
    public void setInitialPriority(long id, Priority p) {
        jdbc.update("UPDATE episodes SET priority = :p WHERE id = :id", Map.of("p", p.rank(), "id", id));
    }

    /**
     * Changes the priority of a waiting (RECEIVED) episode and records who did it.
     *
     * @return false when the episode is not waiting
     */
    @Transactional
    public boolean changePriority(long id, Priority p, String who) {
        Priority before = priorityOf(id);
        int n = jdbc.update("UPDATE episodes SET priority = :p WHERE id = :id AND state = 'RECEIVED'",
                Map.of("p", p.rank(), "id", id));
        if (n == 1) {
            episodes.addEvent(id, "priority-changed", before.label() + " -> " + p.label() + " by " + who);
        }
        return n == 1;
    }

    /**
     * Moves a waiting or running episode to CANCELLED and records who did it and when.
     *
     * @return false when it was not in a cancellable state (any more)
     */
    @Transactional
    public boolean cancel(long id, String who) {
        Optional<EpisodeState> state = episodes.findById(id).map(e -> e.state());
        if (state.isEmpty() || !CANCELLABLE.contains(state.get())) {
            return false;
        }
        if (!episodes.transition(id, CANCELLABLE, EpisodeState.CANCELLED, "cancelled", "cancelled by " + who)) {
            return false;
        }
        jdbc.update("UPDATE episodes SET cancelled_by = :who, cancelled_at = :now WHERE id = :id",
                Map.of("who", who.length() > 200 ? who.substring(0, 200) : who,
                        "now", EpisodeRepository.tsOf(clock.instant()), "id", id));
        return true;
    }

    /** Who cancelled the episode and when, if it was cancelled. */
    public Optional<Map<String, Object>> cancellation(long id) {
        return jdbc.query("SELECT cancelled_by, cancelled_at FROM episodes WHERE id = :id AND cancelled_by IS NOT NULL",
                Map.of("id", id), (rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("cancelledBy", rs.getString("cancelled_by"));
                    m.put("cancelledAt", instant(rs, "cancelled_at"));
                    return m;
                }).stream().findFirst();
    }

    /** Episodes waiting or being processed in the whole cluster: what backpressure compares with its limit. */
    public long activeDepth() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM episodes WHERE state IN ('RECEIVED', 'PROCESSING')",
                Map.of(), Long.class);
        return n == null ? 0 : n;
    }

    /** Waiting (RECEIVED) episodes per priority: every priority listed, urgent first. */
    public Map<String, Long> waitingByPriority() {
        Map<String, Long> depth = new LinkedHashMap<>();
        for (Priority p : Priority.values()) {
            depth.put(p.label(), 0L);
        }
        jdbc.query("SELECT priority, COUNT(*) AS n FROM episodes WHERE state = 'RECEIVED' GROUP BY priority", Map.of(),
                rs -> { depth.merge(Priority.ofRank(rs.getInt("priority")).label(), rs.getLong("n"), Long::sum); });
        return depth;
    }

    /** Publications waiting to be sent (PENDING) per destination. */
    public Map<String, Long> pendingPublicationsByDestination() {
        Map<String, Long> depth = new java.util.TreeMap<>();
        jdbc.query("SELECT destination, COUNT(*) AS n FROM publications WHERE state = 'PENDING' GROUP BY destination",
                Map.of(), rs -> { depth.put(rs.getString("destination"), rs.getLong("n")); });
        return depth;
    }

    /** Episodes processed (event 'processed') since this instant, in the whole cluster. */
    public long processedSince(Instant since) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM episode_events WHERE event = 'processed' AND at >= :since",
                Map.of("since", EpisodeRepository.tsOf(since)), Long.class);
        return n == null ? 0 : n;
    }

    /** The waiting episode that is taken next among the oldest: the oldest RECEIVED row, with its priority. */
    public Optional<Map<String, Object>> oldestWaiting() {
        return jdbc.query("SELECT id, priority, created_at FROM episodes WHERE state = 'RECEIVED' ORDER BY id LIMIT 1",
                new MapSqlParameterSource(), (rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("episodeId", rs.getLong("id"));
                    m.put("priority", Priority.ofRank(rs.getInt("priority")).label());
                    m.put("since", instant(rs, "created_at"));
                    return m;
                }).stream().findFirst();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
