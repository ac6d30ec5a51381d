package io.castwire.processing;

import io.castwire.common.CastwireProperties;
import io.castwire.episode.EpisodeRepository;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The episodes table is the outbox: this finds due work (new episodes whose wait is over, and
 * episodes whose worker died holding a lease) and hands their ids to the in-process queue. It
 * keeps at most {@code castwire.processing.queue-size} ids in memory; the rest wait in the database.
 */
@Component
public class EpisodeOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(EpisodeOutbox.class);

    private final EpisodeRepository episodes;
    private final CastwireProperties properties;
    /** Ids handed to the in-process queue, with when; an entry older than a lease is forgotten. */
    private final Map<Long, Instant> queued = new ConcurrentHashMap<>();
    private final Clock clock;

    public EpisodeOutbox(EpisodeRepository episodes, CastwireProperties properties, Clock clock) {
        this.episodes = episodes;
        this.properties = properties;
        this.clock = clock;
    }

    /** After a restart, work this instance held when it died can be taken at once. */
    @EventListener(ApplicationReadyEvent.class)
    public void recoverOwnLeases() {
        int n = episodes.expireLeasesOf(properties.getInstanceId());
        if (n > 0) {
            LOG.warn("Recovering {} episode(s) that were being processed when this instance stopped", n);
        }
    }

    /**
     * Due episode ids not already queued here. Called on a timer by route {@code processing-outbox-poll}.
     */
    public List<Long> due() {
        // an id whose hand-off failed, or whose route was stopped, is offered again after a lease
        Instant stale = clock.instant().minus(properties.getProcessing().getLease());
        queued.values().removeIf(at -> at.isBefore(stale));
        int room = properties.getProcessing().getQueueSize() - queued.size();
        if (room <= 0) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        for (Long id : episodes.dueIds(room + queued.size())) {
            if (ids.size() < room && queued.putIfAbsent(id, clock.instant()) == null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** The episode left the queue (processed, failed, or claimed elsewhere). */
    public void done(long id) {
        queued.remove(id);
    }

    /** Ids waiting in this process's queue. */
    public int queuedCount() {
        return queued.size();
    }
}
