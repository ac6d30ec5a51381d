package io.castwire.operations.routecontrol;

import io.castwire.episode.EpisodeRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Table {@code route_states}: the state each route was last switched to, by whom and when. */
@Repository
public class RouteStates {

    public static final String STARTED = "STARTED";
    public static final String STOPPED = "STOPPED";

    /** One recorded change. */
    public record Change(String routeId, String desiredState, String changedBy, Instant changedAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public RouteStates(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records the desired state (an upsert portable to H2 and PostgreSQL: update, else insert). */
    public Change record(String routeId, String desiredState, String changedBy) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        OffsetDateTime ts = EpisodeRepository.tsOf(at);
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("id", routeId).addValue("state", desiredState)
                .addValue("by", cut(changedBy)).addValue("at", ts);
        if (jdbc.update("UPDATE route_states SET desired_state = :state, changed_by = :by, changed_at = :at "
                + "WHERE route_id = :id", p) == 0) {
            try {
                jdbc.update("INSERT INTO route_states (route_id, desired_state, changed_by, changed_at) "
                        + "VALUES (:id, :state, :by, :at)", p);
            } catch (org.springframework.dao.DuplicateKeyException raced) {
                jdbc.update("UPDATE route_states SET desired_state = :state, changed_by = :by, changed_at = :at "
                        + "WHERE route_id = :id", p);
            }
        }
        return new Change(routeId, desiredState, changedBy, at);
    }

    public Optional<Change> find(String routeId) {
        return jdbc.query("SELECT * FROM route_states WHERE route_id = :id", Map.of("id", routeId), ROW).stream()
                .findFirst();
    }

    /** Every recorded route, by id. */
    public Map<String, Change> all() {
        Map<String, Change> out = new LinkedHashMap<>();
        for (Change c : jdbc.query("SELECT * FROM route_states ORDER BY route_id", Map.of(), ROW)) {
            out.put(c.routeId(), c);
        }
        return out;
    }

    /** Ids of the routes recorded as stopped. */
    public List<String> stopped() {
        return jdbc.queryForList("SELECT route_id FROM route_states WHERE desired_state = :s ORDER BY route_id",
                Map.of("s", STOPPED), String.class);
    }

    private static String cut(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200);
    }

    private static final RowMapper<Change> ROW = (rs, n) -> new Change(rs.getString("route_id"),
            rs.getString("desired_state"), rs.getString("changed_by"),
            rs.getObject("changed_at", OffsetDateTime.class).toInstant());
}
