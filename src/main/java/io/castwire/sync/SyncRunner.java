package io.castwire.sync;

import io.castwire.publishing.delivery.HubEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Runs a job for its route {@code sync-<name>} and records the run: OK, SKIPPED (nothing to do, a
 * destination that is off) or FAILED with the cause. A job that starts failing raises one
 * {@code system.alert}; it is not retried at once, its next scheduled run tries again.
 */
@Component
public class SyncRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRunner.class);

    private final List<ScheduledJob> jobs;
    private final SyncRuns runs;
    private final MeterRegistry meters;
    private final ApplicationEventPublisher events;

    public SyncRunner(ObjectProvider<ScheduledJob> jobs, SyncRuns runs, MeterRegistry meters, ApplicationEventPublisher events) {
        this.jobs = jobs.orderedStream().toList();
        this.runs = runs;
        this.meters = meters;
        this.events = events;
    }

    public List<ScheduledJob> jobs() {
        return jobs;
    }

    public Optional<ScheduledJob> job(String name) {
        return jobs.stream().filter(j -> j.name().equals(name)).findFirst();
    }

    /**
     * One run of the named job.
     *
     * @param scheduledFireTime the Quartz trigger's fire time, or null for a run on demand
     * @return the finished run
     */
    public SyncRuns.Run run(String name, Date scheduledFireTime) {
        ScheduledJob job = job(name).orElseThrow(() -> new IllegalArgumentException("no job named '" + name + "'"));
        long id = runs.start(name, scheduledFireTime == null ? null : scheduledFireTime.toInstant());
        Timer.Sample sample = Timer.start(meters);
        String outcome;
        String summary;
        try {
            summary = job.run();
            outcome = summary != null && summary.startsWith("skipped") ? "SKIPPED" : "OK";
            LOG.info("Job {}: {}", name, summary);
        } catch (Exception | LinkageError e) {
            outcome = "FAILED";
            summary = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warn("Job {} failed; its next scheduled run tries again: {}", name, summary, e);
        }
        sample.stop(meters.timer("castwire.sync.duration", "job", name, "outcome", outcome));
        meters.counter("castwire.sync.runs", "job", name, "outcome", outcome).increment();
        runs.finish(id, outcome, summary);
        if (outcome.equals("FAILED")) {
            boolean wasFailing = runs.previousFinished(name, id).map(r -> r.outcome().equals("FAILED")).orElse(false);
            if (!wasFailing) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("kind", "job-failing");
                data.put("job", name);
                data.put("runId", id);
                data.put("cause", summary);
                events.publishEvent(new HubEvent("system.alert", null, "job-failing:" + name + ":" + id, data));
            }
        }
        return runs.find(id).orElseThrow();
    }
}
