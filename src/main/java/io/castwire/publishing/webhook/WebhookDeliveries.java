package io.castwire.publishing.webhook;

import io.castwire.episode.EpisodeRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The webhook outbox: {@code webhook_deliveries} holds every message with its retry state, so
 * nothing is lost when the process stops, and {@code webhook_subscribers} remembers subscribers that
 * answered 410 Gone. Every state change is a conditional UPDATE, so two workers never both own a
 * delivery. Plain SQL that runs on H2 (PostgreSQL mode) and PostgreSQL.
 */
@Repository
public class WebhookDeliveries {

    private static final String DUE = "((state = 'PENDING' AND next_attempt_at <= :now) "
            + "OR (state = 'SENDING' AND lease_until < :now))";

    /** A subscriber disabled after a 410 (or by an admin). */
    public record DisabledSubscriber(String name, Instant disabledAt, String reason) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final TransactionTemplate savepoint;

    public WebhookDeliveries(NamedParameterJdbcTemplate jdbc, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Queues a message for a subscriber, due now. Runs under a savepoint: in the caller's
     * transaction a duplicate must not abort it (PostgreSQL refuses every later statement of a
     * transaction after a failed one), so the unique violation is rolled back to the savepoint.
     *
     * @return false when this subscriber already has the message (the event was emitted before)
     */
    public boolean insert(String subscriber, String messageId, String eventType, Long episodeId, String payload) {
        OffsetDateTime now = now();
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("s", subscriber).addValue("m", messageId)
                .addValue("t", eventType).addValue("e", episodeId).addValue("payload", payload).addValue("now", now);
        try {
            savepoint.executeWithoutResult(status -> jdbc.update("INSERT INTO webhook_deliveries (subscriber, message_id, "
                    + "event_type, episode_id, payload, state, attempts, next_attempt_at, created_at, updated_at) VALUES "
                    + "(:s, :m, :t, :e, :payload, 'PENDING', 0, :now, :now, :now)", p));
            return true;
        } catch (DuplicateKeyException alreadyQueued) {
            return false;
        }
    }

    /** Ids of deliveries due now (and of ones whose worker's lease ran out), oldest first. */
    public List<Long> due(int limit) {
        return jdbc.queryForList("SELECT id FROM webhook_deliveries WHERE " + DUE + " ORDER BY next_attempt_at, id LIMIT :limit",
                new MapSqlParameterSource().addValue("now", now()).addValue("limit", limit), Long.class);
    }

    /**
     * Takes a due delivery for one attempt: SENDING until now + lease, attempts + 1 (counted here so
     * a delivery that kills its worker still runs out of attempts).
     *
     * @return the delivery, or empty when it is not due or another worker has it
     */
    public Optional<WebhookDelivery> claim(long id, Duration lease) {
        OffsetDateTime now = now();
        int n = jdbc.update("UPDATE webhook_deliveries SET state = 'SENDING', lease_until = :lease, attempts = attempts + 1, "
                + "updated_at = :now WHERE id = :id AND " + DUE, new MapSqlParameterSource().addValue("id", id)
                .addValue("now", now).addValue("lease", EpisodeRepository.tsOf(now.toInstant().plus(lease))));
        return n == 1 ? find(id) : Optional.empty();
    }

    public Optional<WebhookDelivery> find(long id) {
        return jdbc.query("SELECT * FROM webhook_deliveries WHERE id = :id", Map.of("id", id), ROW).stream().findFirst();
    }

    public Optional<WebhookDelivery> find(String subscriber, String messageId) {
        return jdbc.query("SELECT * FROM webhook_deliveries WHERE subscriber = :s AND message_id = :m",
                Map.of("s", subscriber, "m", messageId), ROW).stream().findFirst();
    }

    /** The receiver answered 2xx. */
    public boolean delivered(long id, int status) {
        return finish(id, WebhookDelivery.DELIVERED, status, null, null, 0);
    }

    /** Another attempt at {@code next}; the attempt just made counts. */
    public boolean reschedule(long id, Instant next, Integer status, String error) {
        return finish(id, WebhookDelivery.PENDING, status, error, next, 0);
    }

    /** Waits until {@code next} without counting the attempt (the circuit was open: nothing was sent). */
    public boolean postpone(long id, Instant next, String error) {
        return finish(id, WebhookDelivery.PENDING, null, error, next, 1);
    }

    /** Gives up on the delivery (a dead letter is recorded with it). */
    public boolean fail(long id, Integer status, String error) {
        return finish(id, WebhookDelivery.FAILED, status, error, null, 0);
    }

    /** The subscriber is gone or switched off: this delivery will not be sent. */
    public boolean disable(long id, String reason) {
        return finish(id, WebhookDelivery.DISABLED, null, reason, null, 0);
    }

    /** Ends the current attempt of a delivery this worker holds (state SENDING). */
    private boolean finish(long id, String state, Integer status, String error, Instant next, int uncount) {
        OffsetDateTime now = now();
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("id", id).addValue("state", state)
                .addValue("status", status).addValue("error", cut(error, 4000)).addValue("now", now)
                .addValue("next", next == null ? now : EpisodeRepository.tsOf(next)).addValue("uncount", uncount);
        return jdbc.update("UPDATE webhook_deliveries SET state = :state, lease_until = NULL, attempts = attempts - :uncount, "
                + "last_status = COALESCE(:status, last_status), last_error = :error, next_attempt_at = :next, "
                + "updated_at = :now WHERE id = :id AND state = 'SENDING'", p) == 1;
    }

    /**
     * Disables a subscriber (it answered 410 Gone): records it in {@code webhook_subscribers} and
     * marks its waiting deliveries DISABLED. New events skip it until {@link #enableSubscriber}.
     *
     * @return the deliveries disabled
     */
    public int disableSubscriber(String name, String reason) {
        return tx.execute(status -> {
            MapSqlParameterSource p = new MapSqlParameterSource().addValue("n", name).addValue("r", cut(reason, 1000))
                    .addValue("err", cut(reason, 4000)).addValue("now", now());
            String update = "UPDATE webhook_subscribers SET disabled_at = :now, disabled_reason = :r WHERE name = :n";
            if (jdbc.update(update, p) == 0) {
                try {
                    savepoint.executeWithoutResult(s -> jdbc.update(
                            "INSERT INTO webhook_subscribers (name, disabled_at, disabled_reason) VALUES (:n, :now, :r)", p));
                } catch (DuplicateKeyException raced) {
                    jdbc.update(update, p);
                }
            }
            return jdbc.update("UPDATE webhook_deliveries SET state = 'DISABLED', lease_until = NULL, last_error = :err, "
                    + "updated_at = :now WHERE subscriber = :n AND state IN ('PENDING', 'SENDING')", p);
        });
    }

    /**
     * Lets a disabled subscriber receive events again.
     *
     * @param resend also queue again the deliveries that were disabled with it (same webhook-id)
     * @return the deliveries queued again
     */
    public int enableSubscriber(String name, boolean resend) {
        return tx.execute(status -> {
            MapSqlParameterSource p = new MapSqlParameterSource().addValue("n", name).addValue("now", now());
            jdbc.update("DELETE FROM webhook_subscribers WHERE name = :n", p);
            return resend ? jdbc.update("UPDATE webhook_deliveries SET state = 'PENDING', attempts = 0, next_attempt_at = :now, "
                    + "last_error = NULL, updated_at = :now WHERE subscriber = :n AND state = 'DISABLED'", p) : 0;
        });
    }

    public boolean isDisabled(String name) {
        return !jdbc.queryForList("SELECT name FROM webhook_subscribers WHERE name = :n AND disabled_at IS NOT NULL",
                Map.of("n", name), String.class).isEmpty();
    }

    /** Subscribers disabled by a 410, by name. */
    public Map<String, DisabledSubscriber> disabledSubscribers() {
        Map<String, DisabledSubscriber> out = new LinkedHashMap<>();
        jdbc.query("SELECT name, disabled_at, disabled_reason FROM webhook_subscribers WHERE disabled_at IS NOT NULL ORDER BY name",
                rs -> {
                    out.put(rs.getString("name"), new DisabledSubscriber(rs.getString("name"), instant(rs, "disabled_at"),
                            rs.getString("disabled_reason")));
                });
        return out;
    }

    /**
     * Queues a failed (or disabled) delivery again, as new: PENDING, due now, attempts 0, same
     * message id so the receiver can drop it if it got it after all.
     *
     * @return false when the delivery is not FAILED or DISABLED (already waiting, under way or delivered)
     */
    public boolean replay(long id) {
        OffsetDateTime now = now();
        return jdbc.update("UPDATE webhook_deliveries SET state = 'PENDING', attempts = 0, next_attempt_at = :now, "
                + "lease_until = NULL, last_error = NULL, updated_at = :now WHERE id = :id AND state IN ('FAILED', 'DISABLED')",
                new MapSqlParameterSource().addValue("id", id).addValue("now", now)) == 1;
    }

    /** Deliveries per state, for the admin view. */
    public Map<String, Integer> countByState(String subscriber) {
        Map<String, Integer> out = new LinkedHashMap<>();
        jdbc.query("SELECT state, COUNT(*) AS n FROM webhook_deliveries WHERE subscriber = :s GROUP BY state ORDER BY state",
                Map.of("s", subscriber), rs -> {
                    out.put(rs.getString("state"), rs.getInt("n"));
                });
        return out;
    }

    private OffsetDateTime now() {
        return EpisodeRepository.tsOf(clock.instant());
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static final RowMapper<WebhookDelivery> ROW = (rs, n) -> new WebhookDelivery(rs.getLong("id"),
            rs.getString("subscriber"), rs.getString("message_id"), rs.getString("event_type"),
            rs.getObject("episode_id") == null ? null : rs.getLong("episode_id"), rs.getString("payload"),
            rs.getString("state"), rs.getInt("attempts"), instant(rs, "next_attempt_at"), instant(rs, "lease_until"),
            rs.getObject("last_status") == null ? null : rs.getInt("last_status"), rs.getString("last_error"),
            instant(rs, "created_at"), instant(rs, "updated_at"));
}
