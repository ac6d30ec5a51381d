package io.castwire.operations.queue;

import io.castwire.episode.EpisodeRepository;
import io.castwire.ingest.SidecarRepository;
import io.castwire.processing.EpisodeOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/queue/stats}: how much work waits, where, and for how long; what runs now (in
 * this process) with its age and progress; how fast episodes are processed (whole cluster).
 */
@RestController
public class QueueStatsResource {

    private final EpisodeRepository episodes;
    private final SidecarRepository sidecars;
    private final EpisodeOutbox outbox;
    private final QueueRepository queue;
    private final RunningJobs jobs;
    private final PermitStore permits;
    private final JobControlProperties properties;
    private final Clock clock;

    public QueueStatsResource(EpisodeRepository episodes, SidecarRepository sidecars, EpisodeOutbox outbox,
                              QueueRepository queue, RunningJobs jobs, PermitStore permits,
                              JobControlProperties properties, Clock clock) {
        this.episodes = episodes;
        this.sidecars = sidecars;
        this.outbox = outbox;
        this.queue = queue;
        this.jobs = jobs;
        this.permits = permits;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/api/queue/stats")
    public Map<String, Object> stats() {
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("episodesByState", episodes.countByState());
        body.put("queuedInMemory", outbox.queuedCount());
        body.put("pendingSidecars", sidecars.countPending());
        episodes.oldestWaiting().ifPresentOrElse(oldest -> {
            body.put("oldestWaitingSince", oldest);
            body.put("oldestWaitingSeconds", Duration.between(oldest, now).toSeconds());
        }, () -> body.put("oldestWaitingSince", null));
        // job control
        Map<String, Object> depth = new LinkedHashMap<>();
        depth.put("byPriority", queue.waitingByPriority());
        Map<String, Object> byKind = new LinkedHashMap<>();
        byKind.put("processing", queue.waitingByPriority().values().stream().mapToLong(Long::longValue).sum());
        queue.pendingPublicationsByDestination().forEach((d, n) -> byKind.put(JobLimits.upload(d), n));
        depth.put("byKind", byKind);
        body.put("depth", depth);
        long active = queue.activeDepth();
        body.put("backpressure", Map.of("depth", active, "maxDepth", properties.getQueue().getMaxDepth(),
                "full", active >= properties.getQueue().getMaxDepth()));
        List<Map<String, Object>> running = new ArrayList<>();
        for (RunningJobs.Job j : jobs.running()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", j.kind());
            m.put("episodeId", j.episodeId());
            m.put("startedAt", j.startedAt());
            m.put("ageSeconds", Duration.between(j.startedAt(), now).toMillis() / 1000.0);
            m.put("progressPercent", j.percent());
            running.add(m);
        }
        body.put("running", running);
        body.put("permitsHeld", permits.heldByKind());
        Duration window = properties.getQueue().getThroughputWindow();
        long processed = queue.processedSince(now.minus(window));
        Map<String, Object> throughput = new LinkedHashMap<>();
        throughput.put("windowMinutes", window.toSeconds() / 60.0);
        throughput.put("processed", processed);
        throughput.put("processedPerMinute", Math.round(processed * 600.0 / Math.max(1, window.toSeconds())) / 10.0);
        body.put("throughput", throughput);
        body.put("oldestWaiting", queue.oldestWaiting().orElse(null));
        return body;
    }
}
