package io.castwire.publishing.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Finds due deliveries in the database and hands their ids to the in-process queue, at most
 * {@code castwire.webhooks.queue-size} at a time. It remembers what it queued, so a stopped
 * {@code publish-webhooks-deliver} route does not fill its queue with the same ids tick after tick;
 * an id is forgotten once claimed, or after a lease in case its message was lost.
 */
@Component
public class WebhookOutbox {

    private final WebhookDeliveries deliveries;
    private final WebhookProperties properties;
    private final Clock clock;
    private final Map<Long, Instant> queued = new ConcurrentHashMap<>();

    public WebhookOutbox(WebhookDeliveries deliveries, WebhookProperties properties, Clock clock) {
        this.deliveries = deliveries;
        this.properties = properties;
        this.clock = clock;
    }

    /** Due delivery ids not already queued here. Called on a timer by route {@code publish-webhooks-outbox-poll}. */
    public List<Long> due() {
        Instant now = clock.instant();
        Instant stale = now.minus(properties.getLease());
        queued.values().removeIf(at -> at.isBefore(stale));
        int room = properties.getQueueSize() - queued.size();
        if (room <= 0) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        for (Long id : deliveries.due(room + queued.size())) {
            if (ids.size() < room && queued.putIfAbsent(id, now) == null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** The id left the queue (a worker took it, or found it taken). */
    public void done(long id) {
        queued.remove(id);
    }

    /** Ids waiting in this process's queue. */
    public int queuedCount() {
        return queued.size();
    }
}
