package io.castwire.operations.queue;

import io.castwire.common.CastwireProperties;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Concurrency limits per kind of work ({@code castwire.limits.*}), held across replicas: a job
 * first waits for a place among this process's own (a fair semaphore, so local jobs queue in
 * order), then takes a slot row in {@code job_permits} ({@link PermitStore}) with a lease renewed
 * while it runs. Every job is filed in {@link RunningJobs} for queue stats and cancel.
 *
 * <p>Usage, for any step:
 * <pre>
 * try (JobLimits.Permit p = limits.acquire(JobLimits.TTS, episodeId)) {
 *     p.job().progress(() -> percent);   // optional
 *     p.job().onStop(call::abort);         // optional: how a cancel stops it
 *     ... the work ...
 * }
 * // or: limits.run(JobLimits.LLM, episodeId, () -> client.complete(prompt));
 * </pre>
 */
@Component
public class JobLimits {

    private static final Logger LOG = LoggerFactory.getLogger(JobLimits.class);
    public static final String FFMPEG = "ffmpeg";
    /** The ffmpeg probe that validates new media at ingest: short, kept apart from long cuts. */
    public static final String PROBE = "probe";
    public static final String LLM = "llm";
    public static final String TTS = "tts";
    public static final String UPLOAD = "upload.";

    private static final ScheduledExecutorService RENEWALS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "castwire-permit-renewal");
        t.setDaemon(true);
        return t;
    });

    private final PermitStore store;
    private final RunningJobs jobs;
    private final JobControlProperties properties;
    private final String instanceId;
    private final Map<String, Semaphore> local = new ConcurrentHashMap<>();

    public JobLimits(PermitStore store, RunningJobs jobs, JobControlProperties properties, CastwireProperties hub) {
        this.store = store;
        this.jobs = jobs;
        this.properties = properties;
        this.instanceId = hub.getInstanceId();
    }

    /** The kind for uploads to one destination. */
    public static String upload(String destination) {
        return UPLOAD + destination;
    }

    /** Slots an earlier run of this instance held when it stopped are free again at once. */
    @EventListener(ApplicationReadyEvent.class)
    public void releaseOwnPermits() {
        int n = store.releaseAllOf(instanceId + "/");
        if (n > 0) {
            LOG.warn("Released {} concurrency permit(s) held when this instance stopped", n);
        }
    }

    /** A held permit: close it when the job ends. */
    public final class Permit implements AutoCloseable {
        private final String kind;
        private final Semaphore semaphore;
        private final PermitStore.Slot slot;
        private final String holder;
        private final RunningJobs.Job job;
        private final ScheduledFuture<?> renewal;
        private boolean closed;

        private Permit(String kind, Semaphore semaphore, PermitStore.Slot slot, String holder, RunningJobs.Job job,
                       ScheduledFuture<?> renewal) {
            this.kind = kind;
            this.semaphore = semaphore;
            this.slot = slot;
            this.holder = holder;
            this.job = job;
            this.renewal = renewal;
        }

        /** The running job, to report progress and say how it stops. */
        public RunningJobs.Job job() {
            return job;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            jobs.finish(job);
            if (renewal != null) {
                renewal.cancel(false);
            }
            try {
                if (slot != null) {
                    store.release(slot, holder);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not free {} permit {} ({}); it is free again when its lease ends", kind, slot.slot(),
                        e.toString());
            } finally {
                if (semaphore != null) {
                    semaphore.release();
                }
            }
        }
    }

    /**
     * Waits for a permit of this kind and files the job as running.
     *
     * @param episodeId the episode the job works for, or null
     * @throws JobCancelledException when the episode is cancelled while waiting
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public Permit acquire(String kind, Long episodeId) throws InterruptedException {
        int limit = properties.getLimits().of(kind);
        jobs.checkNotCancelled(episodeId);
        if (limit <= 0) {
            return new Permit(kind, null, null, null, jobs.start(kind, episodeId), null);
        }
        Semaphore semaphore = local.computeIfAbsent(kind + "#" + limit, k -> new Semaphore(limit, true));
        long poll = Math.max(10, properties.getLimits().getPoll().toMillis());
        while (!semaphore.tryAcquire(poll, TimeUnit.MILLISECONDS)) {
            jobs.checkNotCancelled(episodeId);
        }
        String holder = instanceId + "/" + UUID.randomUUID();
        Duration lease = properties.getLimits().getLease();
        PermitStore.Slot slot = null;
        RunningJobs.Job job = null;
        try {
            while ((slot = store.tryTake(kind, limit, holder, episodeId, lease)) == null) {
                // every slot is held by another replica: look again shortly
                jobs.checkNotCancelled(episodeId);
                Thread.sleep(poll);
            }
            job = jobs.start(kind, episodeId);
            PermitStore.Slot held = slot;
            long every = Math.max(200, lease.toMillis() / 3);
            ScheduledFuture<?> renewal = RENEWALS.scheduleAtFixedRate(() -> renew(held, holder, lease), every, every,
                    TimeUnit.MILLISECONDS);
            return new Permit(kind, semaphore, slot, holder, job, renewal);
        } catch (RuntimeException | InterruptedException e) {
            if (job != null) {
                jobs.finish(job);
            }
            if (slot != null) {
                store.release(slot, holder);
            }
            semaphore.release();
            throw e;
        }
    }

    /** Runs the work under a permit of this kind (see {@link #acquire}). */
    public <T> T run(String kind, Long episodeId, Callable<T> work) throws Exception {
        try (Permit p = acquire(kind, episodeId)) {
            return work.call();
        }
    }

    private void renew(PermitStore.Slot slot, String holder, Duration lease) {
        try {
            if (!store.renew(slot, holder, lease)) {
                LOG.warn("Lost {} permit {}: its lease ran out before it was renewed", slot.kind(), slot.slot());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not renew {} permit {}: {}", slot.kind(), slot.slot(), e.toString());
        }
    }
}
