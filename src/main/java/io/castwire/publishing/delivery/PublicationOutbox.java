package io.castwire.publishing.delivery;

import io.castwire.common.CastwireProperties;
import io.castwire.episode.EpisodeRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The publications table as each destination's outbox. A row is PENDING until its
 * {@code next_attempt_at}, SENDING while a worker holds its lease (the remote call may have
 * happened), then PUBLISHED, SUPERSEDED or FAILED (dead-lettered). Every change is a conditional
 * UPDATE, so two workers (or two replicas) never send the same row at once, and the retry state
 * (rounds, next attempt) survives a restart.
 */
@Repository
public class PublicationOutbox {

    public static final String PENDING = "PENDING";
    public static final String SENDING = "SENDING";

    /** An outbox row. */
    public record Row(long id, long episodeId, long clipId, String destination, int version, String state,
                      String remoteId, String remoteUrl, int attempts, int rounds, String lastError,
                      Instant nextAttemptAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final CastwireProperties properties;
    private final org.springframework.transaction.support.TransactionTemplate savepoint;

    public PublicationOutbox(NamedParameterJdbcTemplate jdbc, Clock clock, CastwireProperties properties,
                             org.springframework.transaction.PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        // inside the caller's transaction a unique violation must only undo this insert (PostgreSQL
        // would otherwise abort the whole transaction)
        this.savepoint = new org.springframework.transaction.support.TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_NESTED);
    }

    /** Queues an item for a destination; false when it is already in the ledger (a repeat of the plan). */
    public boolean enqueue(long episodeId, long clipId, String destination) {
        OffsetDateTime now = now();
        try {
            savepoint.executeWithoutResult(status -> jdbc.update("INSERT INTO publications (episode_id, clip_id, "
                    + "destination, version, state, attempts, rounds, next_attempt_at, created_at, updated_at) VALUES "
                    + "(:e, :c, :d, 1, 'PENDING', 0, 0, :now, :now, :now)", new MapSqlParameterSource()
                    .addValue("e", episodeId).addValue("c", clipId).addValue("d", destination).addValue("now", now)));
            return true;
        } catch (DuplicateKeyException alreadyPlanned) {
            return false;
        }
    }

    public Optional<Row> find(long id) {
        return jdbc.query("SELECT * FROM publications WHERE id = :id", Map.of("id", id), ROW).stream().findFirst();
    }

    /** Ids of rows due for the destination: PENDING whose time has come, SENDING whose lease ran out. */
    public List<Long> due(String destination, int limit) {
        return jdbc.queryForList("SELECT id FROM publications WHERE destination = :d AND ((state = 'PENDING' AND "
                + "next_attempt_at <= :now) OR (state = 'SENDING' AND lease_until < :now)) ORDER BY next_attempt_at, id "
                + "LIMIT :limit", Map.of("d", destination, "now", now(), "limit", limit), Long.class);
    }

    /**
     * Takes the row for one attempt (a lease of {@code castwire.publish.lease}).
     *
     * @return the claim token every later write of this attempt must present, or null when another
     *         worker has the row, or it is not due, or it is done
     */
    public String claim(long id) {
        OffsetDateTime now = now();
        String token = java.util.UUID.randomUUID().toString();
        int n = jdbc.update("UPDATE publications SET state = 'SENDING', lease_until = :lease, lease_owner = :owner, "
                + "lease_token = :token, updated_at = :now WHERE id = :id AND ((state = 'PENDING' AND next_attempt_at "
                + "<= :now) OR (state = 'SENDING' AND lease_until < :now))", new MapSqlParameterSource()
                .addValue("id", id).addValue("now", now).addValue("owner", properties.getInstanceId())
                .addValue("token", token).addValue("lease", leaseEnd()));
        return n == 1 ? token : null;
    }

    /** Extends the lease of a claim still held (a heartbeat, or a retry of the same attempt). */
    public boolean renew(long id, String token) {
        return jdbc.update("UPDATE publications SET lease_until = :lease WHERE id = :id AND state = 'SENDING' "
                + "AND lease_token = :token", new MapSqlParameterSource().addValue("id", id).addValue("token", token)
                .addValue("lease", leaseEnd())) == 1;
    }

    private OffsetDateTime leaseEnd() {
        return EpisodeRepository.tsOf(clock.instant().plus(properties.getPublish().getLease()).truncatedTo(ChronoUnit.MICROS));
    }

    /** Counts one outbound call (quick retries included). */
    public void countCall(long id) {
        jdbc.update("UPDATE publications SET attempts = attempts + 1, updated_at = :now WHERE id = :id",
                Map.of("id", id, "now", now()));
    }

    /** The attempt reached the destination: record its id and URL. False if the claim was lost meanwhile. */
    public boolean published(long id, String token, Remote remote) {
        return jdbc.update("UPDATE publications SET state = 'PUBLISHED', remote_id = :rid, remote_url = :url, "
                + "last_error = NULL, lease_until = NULL, lease_owner = NULL, lease_token = NULL, next_attempt_at = NULL, "
                + "updated_at = :now WHERE id = :id AND state = 'SENDING' AND lease_token = :token",
                new MapSqlParameterSource().addValue("id", id).addValue("token", token).addValue("rid", remote.id())
                        .addValue("url", remote.url()).addValue("now", now())) == 1;
    }

    /** A newer version of the episode replaces this row: it is never sent. False if the claim was lost. */
    public boolean supersede(long id, String token) {
        return jdbc.update("UPDATE publications SET state = 'SUPERSEDED', lease_until = NULL, lease_owner = NULL, "
                + "lease_token = NULL, next_attempt_at = NULL, last_error = NULL, updated_at = :now WHERE id = :id "
                + "AND state = 'SENDING' AND lease_token = :token", Map.of("id", id, "token", token, "now", now())) == 1;
    }

    /**
     * The attempt failed but may pass later: back to PENDING at {@code at}.
     *
     * @param countRound false when no call left (an open circuit): it does not use up an attempt
     * @return false when the claim was lost meanwhile (nothing changed)
     */
    public boolean reschedule(long id, String token, Instant at, String error, boolean countRound) {
        return jdbc.update("UPDATE publications SET state = 'PENDING', next_attempt_at = :at, last_error = :err, "
                + "rounds = rounds + :r, lease_until = NULL, lease_owner = NULL, lease_token = NULL, updated_at = :now "
                + "WHERE id = :id AND state = 'SENDING' AND lease_token = :token", new MapSqlParameterSource()
                .addValue("id", id).addValue("token", token)
                .addValue("at", EpisodeRepository.tsOf(at.truncatedTo(ChronoUnit.MICROS))).addValue("err", cut(error))
                .addValue("r", countRound ? 1 : 0).addValue("now", now())) == 1;
    }

    /** Failed for good: the row leaves the outbox until a replay. False when the claim was lost meanwhile. */
    public boolean failed(long id, String token, String error) {
        return jdbc.update("UPDATE publications SET state = 'FAILED', last_error = :err, rounds = rounds + 1, "
                + "lease_until = NULL, lease_owner = NULL, lease_token = NULL, next_attempt_at = NULL, updated_at = :now "
                + "WHERE id = :id AND state = 'SENDING' AND lease_token = :token", new MapSqlParameterSource()
                .addValue("id", id).addValue("token", token).addValue("err", cut(error)).addValue("now", now())) == 1;
    }

    /** A replay: a FAILED row is due again now with fresh attempts. False when it is not FAILED (already sent). */
    public boolean replay(long id) {
        return jdbc.update("UPDATE publications SET state = 'PENDING', rounds = 0, next_attempt_at = :now, updated_at = :now "
                + "WHERE id = :id AND state = 'FAILED'", Map.of("id", id, "now", now())) == 1;
    }

    /** After a restart of this instance: its leases end now, so its half-done sends are taken at once. */
    public int expireLeasesOfThisInstance() {
        return jdbc.update("UPDATE publications SET lease_until = :now WHERE state = 'SENDING' AND lease_owner = :owner",
                Map.of("now", EpisodeRepository.tsOf(clock.instant().minusMillis(1).truncatedTo(ChronoUnit.MICROS)),
                        "owner", properties.getInstanceId()));
    }

    /**
     * The remote id an earlier version of the same episode (or of the clip with the same profile and
     * rank) was published under at this destination, so the new version updates it.
     */
    public Optional<String> earlierRemoteId(long episodeId, long clipId, String destination) {
        if (clipId == 0) {
            return jdbc.queryForList("SELECT p.remote_id FROM publications p JOIN episodes e ON e.id = p.episode_id "
                    + "JOIN episodes cur ON cur.show_id = e.show_id AND cur.base_name = e.base_name AND cur.id = :e "
                    + "WHERE e.version < cur.version AND p.destination = :d AND p.clip_id = 0 AND p.remote_id IS NOT NULL "
                    + "ORDER BY e.version DESC", Map.of("e", episodeId, "d", destination), String.class)
                    .stream().findFirst();
        }
        return jdbc.queryForList("SELECT p.remote_id FROM publications p JOIN clips c ON c.id = p.clip_id "
                + "JOIN episodes e ON e.id = p.episode_id JOIN clips curc ON curc.id = :c "
                + "JOIN episodes cur ON cur.id = curc.episode_id AND cur.show_id = e.show_id AND cur.base_name = e.base_name "
                + "WHERE e.version < cur.version AND p.destination = :d AND c.profile = curc.profile "
                + "AND c.rank_in_profile = curc.rank_in_profile "
                + "AND p.remote_id IS NOT NULL ORDER BY e.version DESC", Map.of("c", clipId, "d", destination), String.class)
                .stream().findFirst();
    }

    /** Whether a newer version of the row's episode has been queued for the destination (any state). */
    public boolean newerVersionQueued(Row row) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM publications p JOIN episodes e ON e.id = p.episode_id "
                + "JOIN episodes cur ON cur.show_id = e.show_id AND cur.base_name = e.base_name AND cur.id = :e "
                + "WHERE e.version > cur.version AND p.destination = :d", Map.of("e", row.episodeId(), "d",
                row.destination()), Long.class);
        return n != null && n > 0;
    }

    /** Whether an older version of the row's episode is being sent to the destination right now. */
    public boolean olderVersionInFlight(Row row) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM publications p JOIN episodes e ON e.id = p.episode_id "
                + "JOIN episodes cur ON cur.show_id = e.show_id AND cur.base_name = e.base_name AND cur.id = :e "
                + "WHERE e.version < cur.version AND p.destination = :d AND p.state = 'SENDING' AND p.lease_until >= :now",
                Map.of("e", row.episodeId(), "d", row.destination(), "now", now()), Long.class);
        return n != null && n > 0;
    }

    /** Rows of older versions of this item, now replaced by the one just published. */
    public void supersedeEarlier(long episodeId, long clipId, String destination) {
        if (clipId != 0) {
            return;
        }
        // PUBLISHED ones, and any still waiting (their sends would put older text back)
        jdbc.update("UPDATE publications SET state = 'SUPERSEDED', updated_at = :now WHERE destination = :d AND clip_id = 0 "
                + "AND state IN ('PUBLISHED', 'PENDING', 'FAILED') AND episode_id IN (SELECT e.id FROM episodes e JOIN episodes cur ON "
                + "cur.show_id = e.show_id AND cur.base_name = e.base_name WHERE cur.id = :e AND e.version < cur.version)",
                Map.of("d", destination, "e", episodeId, "now", now()));
    }

    /** Counts per state for a destination (the destinations API). */
    public Map<String, Long> counts(String destination) {
        Map<String, Long> out = new java.util.TreeMap<>();
        jdbc.query("SELECT state, COUNT(*) AS n FROM publications WHERE destination = :d GROUP BY state",
                Map.of("d", destination), rs -> {
                    out.put(rs.getString("state"), rs.getLong("n"));
                });
        return out;
    }

    private OffsetDateTime now() {
        return EpisodeRepository.tsOf(clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    private static String cut(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 4000);
    }

    static Duration positive(Duration d) {
        return d == null || d.isNegative() ? Duration.ZERO : d;
    }

    private static final RowMapper<Row> ROW = (rs, n) -> {
        OffsetDateTime next = rs.getObject("next_attempt_at", OffsetDateTime.class);
        return new Row(rs.getLong("id"), rs.getLong("episode_id"), rs.getLong("clip_id"), rs.getString("destination"),
                rs.getInt("version"), rs.getString("state"), rs.getString("remote_id"), rs.getString("remote_url"),
                rs.getInt("attempts"), rs.getInt("rounds"), rs.getString("last_error"), next == null ? null : next.toInstant());
    };
}
