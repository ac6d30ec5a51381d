package io.castwire.sync;

import io.castwire.common.CastwireProperties;
import io.castwire.episode.EpisodeRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The record of every job run ({@code sync_runs}): when it was due, where it ran, how it ended. */
@Repository
public class SyncRuns {

    /** One run. {@code outcome}: RUNNING, OK, SKIPPED or FAILED. */
    public record Run(long id, String job, String instanceId, Instant scheduledAt, Instant startedAt, Instant finishedAt,
                      String outcome, String summary) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final String instanceId;

    public SyncRuns(NamedParameterJdbcTemplate jdbc, Clock clock, CastwireProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.instanceId = properties.getInstanceId();
    }

    /** Records the start of a run; returns its id. */
    public long start(String job, Instant scheduledAt) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update("INSERT INTO sync_runs (job, instance_id, scheduled_at, started_at, outcome) "
                + "VALUES (:job, :instance, :scheduled, :now, 'RUNNING')", new MapSqlParameterSource()
                .addValue("job", job).addValue("instance", instanceId)
                .addValue("scheduled", scheduledAt == null ? null : EpisodeRepository.tsOf(scheduledAt.truncatedTo(ChronoUnit.MILLIS)))
                .addValue("now", now()), key, new String[] {"id"});
        return key.getKey().longValue();
    }

    public void finish(long id, String outcome, String summary) {
        jdbc.update("UPDATE sync_runs SET finished_at = :now, outcome = :outcome, summary = :summary WHERE id = :id",
                new MapSqlParameterSource().addValue("id", id).addValue("now", now()).addValue("outcome", outcome)
                        .addValue("summary", summary == null ? null : summary.length() > 4000 ? summary.substring(0, 4000) : summary));
    }

    /** The newest runs of a job, newest first. */
    public List<Run> recent(String job, int limit) {
        return jdbc.query("SELECT * FROM sync_runs WHERE job = :job ORDER BY started_at DESC, id DESC LIMIT :limit",
                Map.of("job", job, "limit", limit), SyncRuns::run);
    }

    public Optional<Run> find(long id) {
        return jdbc.query("SELECT * FROM sync_runs WHERE id = :id", Map.of("id", id), SyncRuns::run).stream().findFirst();
    }

    private static Run run(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Run(rs.getLong("id"), rs.getString("job"), rs.getString("instance_id"),
                instant(rs.getObject("scheduled_at", java.time.OffsetDateTime.class)),
                instant(rs.getObject("started_at", java.time.OffsetDateTime.class)),
                instant(rs.getObject("finished_at", java.time.OffsetDateTime.class)),
                rs.getString("outcome"), rs.getString("summary"));
    }

    /** The newest finished run before the given one, if any. */
    public Optional<Run> previousFinished(String job, long beforeId) {
        return recent(job, 10).stream().filter(r -> r.id() < beforeId && !r.outcome().equals("RUNNING")).findFirst();
    }

    private static Instant instant(java.time.OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private java.time.OffsetDateTime now() {
        return EpisodeRepository.tsOf(clock.instant().truncatedTo(ChronoUnit.MICROS));
    }
}
