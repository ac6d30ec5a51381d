package io.castwire.operations.metrics;

import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.EpisodeState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How much work waits in each outbox table, which the database keeps (the in-memory queues only
 * carry ids): episodes to process, publications per destination, outbound webhook deliveries and
 * inbound webhook events not done yet.
 */
@Component
public class QueueDepths {

    /** A waiting queue and the destination it feeds ({@code none} when it feeds no single one). */
    public record Queue(String queue, String destination) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final EpisodeRepository episodes;

    public QueueDepths(NamedParameterJdbcTemplate jdbc, EpisodeRepository episodes) {
        this.jdbc = jdbc;
        this.episodes = episodes;
    }

    /** Rows waiting, per queue; a destination with nothing waiting is not listed. */
    public Map<Queue, Long> waiting() {
        Map<Queue, Long> depth = new LinkedHashMap<>();
        Map<String, Long> byState = episodes.countByState();
        depth.put(new Queue("episodes", RouteMeterTags.NONE), byState.getOrDefault(EpisodeState.RECEIVED.name(), 0L)
                + byState.getOrDefault(EpisodeState.PROCESSING.name(), 0L));
        jdbc.query("SELECT destination, COUNT(*) AS n FROM publications WHERE state IN ('PENDING', 'SENDING') "
                + "GROUP BY destination", rs -> {
                    depth.put(new Queue("publications", rs.getString("destination")), rs.getLong("n"));
                });
        depth.put(new Queue("webhook_deliveries", "webhook"), count(
                "SELECT COUNT(*) FROM webhook_deliveries WHERE state IN ('PENDING', 'SENDING')"));
        depth.put(new Queue("inbound_events", RouteMeterTags.NONE), count(
                "SELECT COUNT(*) FROM inbound_events WHERE status IN ('ACCEPTED', 'PROCESSING')"));
        return depth;
    }

    private long count(String sql) {
        Long n = jdbc.queryForObject(sql, Map.of(), Long.class);
        return n == null ? 0 : n;
    }
}
