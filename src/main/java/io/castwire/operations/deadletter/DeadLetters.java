package io.castwire.operations.deadletter;

import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.EpisodeState;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where work goes after its last retry: a {@code dead_letters} row with the original message, the
 * cause and the attempts, and the episode's state says which step failed.
 */
@Component
public class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    /** Exchange property with the attempts made so far (set by a route configuration's onRedelivery). */
    public static final String ATTEMPTS = "CastwireAttempts";

    private final NamedParameterJdbcTemplate jdbc;
    private final EpisodeRepository episodes;
    private final MeterRegistry meters;
    private final Clock clock;

    public DeadLetters(NamedParameterJdbcTemplate jdbc, EpisodeRepository episodes, MeterRegistry meters, Clock clock) {
        this.jdbc = jdbc;
        this.episodes = episodes;
        this.meters = meters;
        this.clock = clock;
    }

    /** Records work that failed for good outside a route's error handler (e.g. a processing step). */
    public void recordFailure(String routeId, String destination, long episodeId, String cause, int attempts) {
        insert(routeId, destination, episodeId, Long.toString(episodeId), cause, attempts);
    }

    /**
     * Records a delivery that failed for good: the route, the destination, the row it refers to
     * (a publication or a webhook delivery, reset by a replay), the original payload, the cause and
     * the attempts made.
     */
    public void recordDelivery(String routeId, String destination, Long episodeId, long refId, String payload,
                               String cause, int attempts) {
        insert(routeId, destination, episodeId, refId, payload, cause, attempts);
    }

    /** Records something given up on that names no episode or row (a Kafka record the backbone gave up on). */
    public void recordMessage(String routeId, String destination, String payload, String cause, int attempts) {
        insert(routeId, destination, null, null, payload, cause, attempts);
    }

    /** Dead letters, newest first; {@code destination} null for all, {@code open} true for not yet replayed. */
    public List<Replayer.DeadLetter> list(String destination, boolean open, int limit, int offset) {
        return jdbc.query("SELECT * FROM dead_letters WHERE (CAST(:d AS VARCHAR(50)) IS NULL OR destination = :d) "
                + "AND (:open = FALSE OR replayed_at IS NULL) ORDER BY id DESC LIMIT :limit OFFSET :offset",
                new MapSqlParameterSource().addValue("d", destination).addValue("open", open).addValue("limit", limit)
                        .addValue("offset", offset), ROW);
    }

    /** The dead letters of one episode (its processing and its publications), newest first. */
    public List<Replayer.DeadLetter> ofEpisode(long episodeId, int limit) {
        return jdbc.query("SELECT * FROM dead_letters WHERE episode_id = :e ORDER BY id DESC LIMIT :limit",
                new MapSqlParameterSource().addValue("e", episodeId).addValue("limit", limit), ROW);
    }

    public java.util.Optional<Replayer.DeadLetter> find(long id) {
        return jdbc.query("SELECT * FROM dead_letters WHERE id = :id", java.util.Map.of("id", id), ROW).stream().findFirst();
    }

    /** Marks a dead letter replayed; false when it already was (two admins clicking at once). */
    public boolean markReplayed(long id) {
        return jdbc.update("UPDATE dead_letters SET replayed_at = :now WHERE id = :id AND replayed_at IS NULL",
                new MapSqlParameterSource().addValue("id", id)
                        .addValue("now", EpisodeRepository.tsOf(clock.instant().truncatedTo(ChronoUnit.MICROS)))) == 1;
    }

    /** Dead letters not yet replayed, per destination ({@code processing} for processing steps). */
    public java.util.Map<String, Long> openCounts() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        jdbc.query("SELECT COALESCE(destination, 'processing') AS d, COUNT(*) AS n FROM dead_letters "
                + "WHERE replayed_at IS NULL GROUP BY COALESCE(destination, 'processing')", rs -> {
                    out.put(rs.getString("d"), rs.getLong("n"));
                });
        return out;
    }

    private static final org.springframework.jdbc.core.RowMapper<Replayer.DeadLetter> ROW = (rs, n) -> {
        java.time.OffsetDateTime replayed = rs.getObject("replayed_at", java.time.OffsetDateTime.class);
        long ref = rs.getLong("ref_id");
        Long refId = rs.wasNull() ? null : ref;
        long ep = rs.getLong("episode_id");
        Long episodeId = rs.wasNull() ? null : ep;
        return new Replayer.DeadLetter(rs.getLong("id"), rs.getString("route_id"), rs.getString("destination"), episodeId,
                refId, rs.getString("payload"), rs.getString("cause"), rs.getInt("attempts"),
                rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant(),
                replayed == null ? null : replayed.toInstant());
    };

    private void insert(String routeId, String destination, Long episodeId, String payload, String cause, int attempts) {
        insert(routeId, destination, episodeId, null, payload, cause, attempts);
    }

    private void insert(String routeId, String destination, Long episodeId, Long refId, String payload, String cause,
                        int attempts) {
        jdbc.update("INSERT INTO dead_letters (route_id, destination, episode_id, ref_id, payload, cause, attempts, "
                + "created_at) VALUES (:route, :dest, :episode, :ref, :payload, :cause, :attempts, :now)",
                new MapSqlParameterSource().addValue("ref", refId)
                .addValue("route", routeId).addValue("dest", destination).addValue("episode", episodeId)
                .addValue("payload", payload).addValue("cause", cause.length() > 4000 ? cause.substring(0, 4000) : cause)
                .addValue("attempts", attempts)
                .addValue("now", EpisodeRepository.tsOf(clock.instant().truncatedTo(ChronoUnit.MICROS))));
        meters.counter("castwire.dead.letters", "destination", destination == null ? "processing" : destination).increment();
    }

    /**
     * Records a message that exhausted its retries. Used as the dead-letter endpoint of a route
     * configuration; the message body is the episode id.
     */
    public void record(Exchange exchange, String destination) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        Integer attempts = exchange.getProperty(ATTEMPTS, Integer.class);
        Long episodeId = exchange.getMessage().getBody(Long.class);
        String why = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        insert(routeId == null ? "unknown" : routeId, destination, episodeId, String.valueOf(exchange.getMessage().getBody()),
                why, attempts == null ? 1 : attempts);
        if (episodeId != null) {
            jdbc.update("UPDATE publications SET state = 'FAILED', last_error = :why WHERE episode_id = :e AND clip_id = 0 "
                    + "AND destination = :d AND state <> 'PUBLISHED'", new MapSqlParameterSource().addValue("why",
                    why.length() > 4000 ? why.substring(0, 4000) : why).addValue("e", episodeId).addValue("d", destination));
            episodes.transition(episodeId, List.of(EpisodeState.PUBLISHING), EpisodeState.FAILED, "publication-failed",
                    "publishing to " + destination + " failed: " + why);
        }
        LOG.error("Dead letter for {} (episode {}): {}", destination, episodeId, why);
    }
}
