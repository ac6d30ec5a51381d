package io.castwire.ingest.webhook;

import io.castwire.episode.EpisodeRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The {@code inbound_events} table: the replay guard and the outbox of inbound webhooks in one row.
 * Every status change is conditional on the current status (and on the lease owner), so two
 * replicas never both run an event.
 */
@Repository
public class InboundEvents {

    public enum Status { ACCEPTED, PROCESSING, DONE, FAILED }

    /** One inbound event as stored. */
    public record InboundEvent(long id, String source, String webhookId, String type, String payload, Status status,
                               int attempts, Instant nextAttemptAt, Long episodeId, String detail, String error,
                               Instant receivedAt, Instant updatedAt, Instant finishedAt) {
    }

    private static final int MAX_TEXT = 4000;

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public InboundEvents(NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Stores an accepted webhook, due at once. One statement, so the replay guard and the work are
     * committed together or not at all.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the source sent this webhook-id before
     */
    public long insert(String source, String webhookId, String type, String payload) {
        OffsetDateTime now = EpisodeRepository.tsOf(now());
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update("""
                INSERT INTO inbound_events (source, webhook_id, event_type, payload, status, attempts, next_attempt_at,
                    received_at, updated_at)
                VALUES (:source, :webhookId, :type, :payload, 'ACCEPTED', 0, :now, :now, :now)
                """, new MapSqlParameterSource().addValue("source", source).addValue("webhookId", webhookId)
                .addValue("type", type).addValue("payload", payload).addValue("now", now), key, new String[]{"id"});
        return key.getKey().longValue();
    }

    public Optional<InboundEvent> find(long id) {
        return jdbc.query("SELECT * FROM inbound_events WHERE id = :id", Map.of("id", id), InboundEvents::row)
                .stream().findFirst();
    }

    /** The event a source sent under this webhook-id, if any. */
    public Optional<InboundEvent> find(String source, String webhookId) {
        return jdbc.query("SELECT * FROM inbound_events WHERE source = :source AND webhook_id = :webhookId",
                Map.of("source", source, "webhookId", webhookId), InboundEvents::row).stream().findFirst();
    }

    /** Events of one source, newest first. */
    public List<InboundEvent> recent(String source, int limit) {
        return jdbc.query("SELECT * FROM inbound_events WHERE source = :source ORDER BY id DESC LIMIT :limit",
                Map.of("source", source, "limit", limit), InboundEvents::row);
    }

    /** Ids of due events (accepted and due, or held by a worker whose lease ran out), oldest first. */
    public List<Long> dueIds(int limit) {
        Map<String, Object> p = Map.of("now", EpisodeRepository.tsOf(now()), "limit", limit);
        List<Long> ids = new ArrayList<>(jdbc.queryForList("SELECT id FROM inbound_events WHERE status = 'ACCEPTED' "
                + "AND next_attempt_at <= :now ORDER BY id LIMIT :limit", p, Long.class));
        ids.addAll(jdbc.queryForList("SELECT id FROM inbound_events WHERE status = 'PROCESSING' AND lease_until < :now "
                + "ORDER BY id LIMIT :limit", p, Long.class));
        ids.sort(null);
        return ids.size() > limit ? ids.subList(0, limit) : ids;
    }

    /** Takes the lease on a due event; exactly one caller wins, the others get empty. */
    public Optional<InboundEvent> claim(long id, String owner, Duration lease) {
        Instant now = now();
        int changed = jdbc.update("""
                UPDATE inbound_events SET status = 'PROCESSING', lease_owner = :owner, lease_until = :until,
                    attempts = attempts + 1, updated_at = :now
                WHERE id = :id AND ((status = 'ACCEPTED' AND next_attempt_at <= :now)
                                 OR (status = 'PROCESSING' AND lease_until < :now))
                """, new MapSqlParameterSource().addValue("owner", owner)
                .addValue("until", EpisodeRepository.tsOf(now.plus(lease))).addValue("now", EpisodeRepository.tsOf(now))
                .addValue("id", id));
        return changed == 1 ? find(id) : Optional.empty();
    }

    /** The work is done; {@code episodeId} is the episode it registered or changed. */
    public boolean done(long id, String owner, Long episodeId, String detail) {
        return finish(id, owner, "DONE", episodeId, detail, null, null);
    }

    /** The event cannot succeed; {@code error} says why, for the status API. */
    public boolean fail(long id, String owner, String error) {
        return finish(id, owner, "FAILED", null, null, error, null);
    }

    /** A transient failure: due again at {@code next}. */
    public boolean retryAt(long id, String owner, Instant next, String error) {
        return finish(id, owner, "ACCEPTED", null, null, error, next);
    }

    /** An admin asks for a FAILED event to be run again (attempts start over). */
    public boolean resubmit(long id) {
        Instant now = now();
        return jdbc.update("""
                UPDATE inbound_events SET status = 'ACCEPTED', attempts = 0, next_attempt_at = :now, finished_at = NULL,
                    updated_at = :now, detail = 'resubmitted by an admin'
                WHERE id = :id AND status = 'FAILED'
                """, Map.of("id", id, "now", EpisodeRepository.tsOf(now))) == 1;
    }

    /** Makes events this instance held when it stopped due at once. */
    public int expireLeasesOf(String owner) {
        return jdbc.update("UPDATE inbound_events SET lease_until = :now WHERE status = 'PROCESSING' AND lease_owner = :owner",
                Map.of("now", EpisodeRepository.tsOf(now()), "owner", owner));
    }

    private boolean finish(long id, String owner, String status, Long episodeId, String detail, String error, Instant next) {
        Instant now = now();
        boolean terminal = next == null;
        return jdbc.update("""
                UPDATE inbound_events SET status = :status, episode_id = COALESCE(:episodeId, episode_id),
                    detail = COALESCE(:detail, detail), error = :error, lease_owner = NULL, lease_until = NULL,
                    next_attempt_at = COALESCE(:next, next_attempt_at), updated_at = :now, finished_at = :finished
                WHERE id = :id AND status = 'PROCESSING' AND lease_owner = :owner
                """, new MapSqlParameterSource().addValue("status", status).addValue("episodeId", episodeId, java.sql.Types.BIGINT)
                .addValue("detail", cut(detail), java.sql.Types.VARCHAR).addValue("error", cut(error), java.sql.Types.VARCHAR)
                .addValue("next", EpisodeRepository.tsOf(next), java.sql.Types.TIMESTAMP_WITH_TIMEZONE).addValue("now", EpisodeRepository.tsOf(now))
                .addValue("finished", terminal ? EpisodeRepository.tsOf(now) : null, java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .addValue("id", id).addValue("owner", owner)) == 1;
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static InboundEvent row(ResultSet rs, int n) throws SQLException {
        return new InboundEvent(rs.getLong("id"), rs.getString("source"), rs.getString("webhook_id"),
                rs.getString("event_type"), rs.getString("payload"), Status.valueOf(rs.getString("status")),
                rs.getInt("attempts"), instant(rs, "next_attempt_at"),
                rs.getObject("episode_id") == null ? null : rs.getLong("episode_id"), rs.getString("detail"),
                rs.getString("error"), instant(rs, "received_at"), instant(rs, "updated_at"), instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
