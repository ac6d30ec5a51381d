package io.castwire.operations.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The jobs running in this process (an ffmpeg run, an upload, a model call), each filed under its
 * kind and episode: what GET /api/queue/stats lists, and what a cancel stops. Episodes cancelled
 * here are remembered for a while so that their jobs still waiting for a permit never start.
 */
@Component
public class RunningJobs {

    private static final Logger LOG = LoggerFactory.getLogger(RunningJobs.class);
    private static final Duration REMEMBER_CANCELLED = Duration.ofHours(1);

    private final Clock clock;
    private final Map<Job, Boolean> jobs = new ConcurrentHashMap<>();
    private final Map<Long, Instant> cancelled = new ConcurrentHashMap<>();

    public RunningJobs(Clock clock) {
        this.clock = clock;
    }

    /** One running job. Its owner says how far it got and how to stop it. */
    public static final class Job {
        private final String kind;
        private final Long episodeId;
        private final Instant startedAt;
        private volatile DoubleSupplier progress;
        private volatile Runnable stop;
        private volatile boolean stopped;

        Job(String kind, Long episodeId, Instant startedAt) {
            this.kind = kind;
            this.episodeId = episodeId;
            this.startedAt = startedAt;
        }

        public String kind() { return kind; }
        public Long episodeId() { return episodeId; }
        public Instant startedAt() { return startedAt; }
        public boolean stopped() { return stopped; }

        /** Progress in percent (0-100) read when asked; NaN or no supplier means unknown. */
        public void progress(DoubleSupplier percent) {
            this.progress = percent;
        }

        /** What stops the job when its episode is cancelled (kill a process, close a connection). */
        public void onStop(Runnable stop) {
            this.stop = stop;
            if (stopped) {
                stop.run();
            }
        }

        /** Progress in percent, or null when unknown. */
        public Double percent() {
            DoubleSupplier p = progress;
            if (p == null) {
                return null;
            }
            try {
                double v = p.getAsDouble();
                return Double.isNaN(v) ? null : Math.max(0, Math.min(100, Math.round(v * 10) / 10.0));
            } catch (RuntimeException e) {
                return null;
            }
        }

        void stop() {
            stopped = true;
            Runnable s = stop;
            if (s != null) {
                s.run();
            }
        }
    }

    /**
     * Files a job that starts now.
     *
     * @throws JobCancelledException when its episode was cancelled
     */
    public Job start(String kind, Long episodeId) {
        checkNotCancelled(episodeId);
        Job job = new Job(kind, episodeId, clock.instant());
        jobs.put(job, Boolean.TRUE);
        if (episodeId != null && cancelled.containsKey(episodeId)) {
            // cancelled between the check and the filing
            jobs.remove(job);
            throw new JobCancelledException(episodeId);
        }
        return job;
    }

    /** The job ended (done, failed or stopped). */
    public void finish(Job job) {
        jobs.remove(job);
    }

    /** @throws JobCancelledException when the episode was cancelled */
    public void checkNotCancelled(Long episodeId) {
        if (episodeId != null && cancelled.containsKey(episodeId)) {
            throw new JobCancelledException(episodeId);
        }
    }

    public boolean isCancelled(Long episodeId) {
        return episodeId != null && cancelled.containsKey(episodeId);
    }

    /**
     * Stops every job of the episode running in this process and keeps its waiting jobs from
     * starting. Called by the cancel endpoint and by a worker that finds its episode cancelled.
     *
     * @return how many running jobs were stopped
     */
    public int cancel(long episodeId) {
        Instant now = clock.instant();
        cancelled.values().removeIf(at -> at.isBefore(now.minus(REMEMBER_CANCELLED)));
        cancelled.put(episodeId, now);
        int n = 0;
        for (Job job : jobs.keySet()) {
            if (Long.valueOf(episodeId).equals(job.episodeId())) {
                LOG.info("Stopping {} job of cancelled episode {}", job.kind(), episodeId);
                job.stop();
                n++;
            }
        }
        return n;
    }

    /** Forgets a cancel: the episode was sent through processing again. */
    public void resume(long episodeId) {
        cancelled.remove(episodeId);
    }

    /** The running jobs, oldest first. */
    public List<Job> running() {
        List<Job> list = new ArrayList<>(jobs.keySet());
        list.sort(Comparator.comparing(Job::startedAt));
        return list;
    }
}
