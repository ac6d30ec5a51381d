package io.castwire.publishing.youtube;

import io.castwire.episode.EpisodeRepository;
import io.castwire.publishing.delivery.DeferredDeliveryException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;

/**
 * The YouTube Data API quota, kept in the database per Pacific day: every call is charged with its
 * unit cost ({@code castwire.publish.youtube.costs}), and a call that would take the day past
 * {@code daily-limit} is not made: it waits for the next window (midnight America/Los_Angeles) as
 * a {@link DeferredDeliveryException}. Check and charge happen under one lock, so this instance's
 * two send workers never overspend together.
 */
@Component
public class YoutubeQuota {

    /** Google resets the daily quota at midnight Pacific Time. */
    public static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");
    /** The method under which a quota refusal from Google is recorded (the rest of the day is spent). */
    static final String REPORTED_EXHAUSTED = "quotaExceeded";
    private static final Logger LOG = LoggerFactory.getLogger(YoutubeQuota.class);

    /**
     * A row per day that every charge locks first ({@code SELECT ... FOR UPDATE}): replicas sharing the
     * database check and charge one at a time, so together they never spend more than the limit.
     */
    static final String LOCK = "~lock";

    private final NamedParameterJdbcTemplate jdbc;
    private final YoutubeProperties props;
    private final TransactionTemplate tx;
    private volatile Clock clock;

    public YoutubeQuota(NamedParameterJdbcTemplate jdbc, YoutubeProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.props = props;
        this.clock = clock;
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getJdbcTemplate().getDataSource()));
    }

    /** Today's Pacific date (the quota window). */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), PACIFIC);
    }

    /** When the current window ends: the next midnight in America/Los_Angeles (DST-aware). */
    public Instant nextReset() {
        return today().plusDays(1).atStartOfDay(PACIFIC).toInstant();
    }

    /** Units spent in the current window. */
    public long used() {
        return used(today().toString());
    }

    private long used(String day) {
        Long n = jdbc.queryForObject("SELECT COALESCE(SUM(units), 0) FROM youtube_quota WHERE pacific_day = :d",
                Map.of("d", day), Long.class);
        return n == null ? 0 : n;
    }

    public long remaining() {
        return Math.max(0, props.getDailyLimit() - used());
    }

    /**
     * Charges one call of {@code method} if the window still has room for it plus {@code alsoNeeded}
     * units (the rest of what the item will need: captions and thumbnail after an upload).
     *
     * @throws DeferredDeliveryException until the next window when it does not fit
     */
    public void reserve(String method, long alsoNeeded) throws DeferredDeliveryException {
        long cost = props.cost(method);
        String day = today().toString();
        Long refusedAt = locked(day, () -> {
            long used = used(day);
            if (used + cost + alsoNeeded > props.getDailyLimit()) {
                return used;
            }
            charge(day, method, cost);
            return null;
        });
        if (refusedAt != null) {
            Instant reset = nextReset();
            throw new DeferredDeliveryException("youtube quota: " + method + " needs " + (cost + alsoNeeded)
                    + " units with what follows it, " + Math.max(0, props.getDailyLimit() - refusedAt) + " of "
                    + props.getDailyLimit() + " are left today (Pacific); waiting for the reset at " + reset, reset);
        }
    }

    /** Runs {@code work} in a transaction holding the day's lock row. */
    private <T> T locked(String day, java.util.function.Supplier<T> work) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("d", day).addValue("m", LOCK)
                .addValue("now", EpisodeRepository.tsOf(clock.instant().truncatedTo(ChronoUnit.MICROS)));
        try {
            jdbc.update("INSERT INTO youtube_quota (pacific_day, method, calls, units, updated_at) "
                    + "VALUES (:d, :m, 0, 0, :now)", p);
        } catch (DuplicateKeyException exists) {
            // the day's lock row is there already (the usual case)
        }
        return tx.execute(status -> {
            jdbc.queryForList("SELECT calls FROM youtube_quota WHERE pacific_day = :d AND method = :m FOR UPDATE", p);
            return work.get();
        });
    }

    /**
     * Checks, without charging, that the window has room for {@code units} (an upload checks its
     * whole cost before it renders an audiogram or opens a session).
     *
     * @throws DeferredDeliveryException until the next window when it does not fit
     */
    public void requireRoom(long units, String what) throws DeferredDeliveryException {
        long used = used();
        if (used + units > props.getDailyLimit()) {
            Instant reset = nextReset();
            throw new DeferredDeliveryException("youtube quota: " + what + " needs " + units + " units, "
                    + Math.max(0, props.getDailyLimit() - used) + " of " + props.getDailyLimit()
                    + " are left today (Pacific); waiting for the reset at " + reset, reset);
        }
    }

    /** Records a call that is made whatever the quota says (a status query of a session already paid for). */
    public void record(String method) {
        String day = today().toString();
        locked(day, () -> {
            charge(day, method, props.cost(method));
            return null;
        });
    }

    /**
     * Google answered quotaExceeded: the rest of the window is spent whatever this ledger counted
     * (other clients of the same project, a lower limit than configured).
     *
     * @return the deferral to throw
     */
    public DeferredDeliveryException exhausted(String what, String googleMessage) {
        String day = today().toString();
        locked(day, () -> {
            long left = props.getDailyLimit() - used(day);
            if (left > 0) {
                charge(day, REPORTED_EXHAUSTED, left);
            }
            return null;
        });
        Instant reset = nextReset();
        LOG.warn("YouTube says the daily quota is spent ({}); uploads wait until {}", googleMessage, reset);
        return new DeferredDeliveryException("youtube " + what + ": daily quota exceeded (" + googleMessage
                + "); waiting for the reset at " + reset, reset);
    }

    /** Today's usage per method: calls and units. */
    public Map<String, Map<String, Long>> usage() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        jdbc.query("SELECT method, calls, units FROM youtube_quota WHERE pacific_day = :d AND method <> :lock "
                + "ORDER BY method", Map.of("d", today().toString(), "lock", LOCK), rs -> {
                    Map<String, Long> m = new LinkedHashMap<>();
                    m.put("calls", rs.getLong("calls"));
                    m.put("units", rs.getLong("units"));
                    out.put(rs.getString("method"), m);
                });
        return out;
    }

    /** For tests that move time (a {@code MutableClock}). */
    void clock(Clock c) {
        this.clock = c;
    }

    /** Adds a call to the day's ledger; the caller holds the day's lock, so no other charge races it. */
    private void charge(String day, String method, long units) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("d", day).addValue("m", method)
                .addValue("u", units).addValue("now", EpisodeRepository.tsOf(clock.instant().truncatedTo(ChronoUnit.MICROS)));
        String update = "UPDATE youtube_quota SET calls = calls + 1, units = units + :u, updated_at = :now "
                + "WHERE pacific_day = :d AND method = :m";
        if (jdbc.update(update, p) == 0) {
            try {
                jdbc.update("INSERT INTO youtube_quota (pacific_day, method, calls, units, updated_at) "
                        + "VALUES (:d, :m, 1, :u, :now)", p);
            } catch (DuplicateKeyException raced) {
                // cannot happen under the lock; kept for a database without row locks
                jdbc.update(update, p);
            }
        }
    }
}
