package io.castwire.operations.queue;

import io.castwire.episode.EpisodeRepository;
import io.castwire.ingest.SidecarRepository;
import io.castwire.processing.EpisodeOutbox;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/queue/stats}: how much work waits, where, and for how long. */
@RestController
public class QueueStatsResource {

    private final EpisodeRepository episodes;
    private final SidecarRepository sidecars;
    private final EpisodeOutbox outbox;
    private final Clock clock;

    public QueueStatsResource(EpisodeRepository episodes, SidecarRepository sidecars, EpisodeOutbox outbox, Clock clock) {
        this.episodes = episodes;
        this.sidecars = sidecars;
        this.outbox = outbox;
        this.clock = clock;
    }

    @GetMapping("/api/queue/stats")
    public Map<String, Object> stats() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("episodesByState", episodes.countByState());
        body.put("queuedInMemory", outbox.queuedCount());
        body.put("pendingSidecars", sidecars.countPending());
        episodes.oldestWaiting().ifPresentOrElse(oldest -> {
            body.put("oldestWaitingSince", oldest);
            body.put("oldestWaitingSeconds", Duration.between(oldest, clock.instant()).toSeconds());
        }, () -> body.put("oldestWaitingSince", null));
        return body;
    }
}
