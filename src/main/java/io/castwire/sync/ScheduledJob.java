package io.castwire.sync;

/**
 * A job that runs on a Quartz cron schedule ({@code castwire.sync.<name>.cron}): Cablecast show
 * sync, VOD metadata sync, VOD readiness poll, YouTube analytics import, storage cleanup. An
 * implementation is a plain bean; {@link SyncRoutes} gives it two routes, {@code sync-<name>-schedule}
 * (the Quartz trigger, fired once per cluster with the JDBC job store) and {@code sync-<name>}
 * (runs it and records the run in {@code sync_runs}), and {@code POST /api/sync/<name>/run} runs it
 * on demand. Tests call {@link #run()} or {@code direct:sync-<name>} with the cron far in the future.
 */
public interface ScheduledJob {

    /** Lower case with dashes, e.g. {@code cablecast-shows}: the property key and the route id. */
    String name();

    /** The Quartz cron expression used when {@code castwire.sync.<name>.cron} is not set. */
    String defaultCron();

    /**
     * One run. Must be idempotent and safe to stop at any point (the next run picks up where this
     * one stopped). Returns a one-line summary for the run record, e.g. "3 shows pulled, 1 pushed,
     * 0 conflicts", or one starting with "skipped:" when there was nothing to do (a destination
     * that is off).
     */
    String run() throws Exception;
}
