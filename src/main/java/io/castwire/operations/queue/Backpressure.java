package io.castwire.operations.queue;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Says whether new work may come in: the queue is full when the episodes waiting or being
 * processed in the whole cluster (RECEIVED + PROCESSING rows) reach {@code castwire.queue.max-depth}.
 * While it is full, inboxes leave new media where it is and inbound webhooks are answered 503
 * with Retry-After, so nothing piles up in memory and nothing is lost. Logs one line when the
 * queue fills and one when it has room again.
 */
@Component
public class Backpressure {

    private static final Logger LOG = LoggerFactory.getLogger(Backpressure.class);

    private final QueueRepository queue;
    private final JobControlProperties properties;
    private final MeterRegistry meters;
    private final AtomicBoolean full = new AtomicBoolean();

    public Backpressure(QueueRepository queue, JobControlProperties properties, MeterRegistry meters) {
        this.queue = queue;
        this.properties = properties;
        this.meters = meters;
    }

    /**
     * Refuses new work while the queue is full.
     *
     * @param what the work, for the metric tag ({@code folder}, {@code s3}, {@code webhook})
     * @throws QueueFullException when the queue is full
     */
    public void checkRoom(String what) {
        int max = properties.getQueue().getMaxDepth();
        long depth;
        try {
            depth = queue.activeDepth();
        } catch (DataAccessException e) {
            // the database being away is the callers' own case (the file waits, the webhook gets 503)
            return;
        }
        if (depth >= max) {
            if (full.compareAndSet(false, true)) {
                LOG.warn("Processing queue full: {} episodes waiting or in progress (castwire.queue.max-depth={}); "
                        + "new media stays in the inbox and webhooks get 503 until there is room", depth, max);
            }
            meters.counter("castwire.queue.refused", "source", what).increment();
            throw new QueueFullException("the processing queue is full (" + depth + " episodes waiting or in progress, "
                    + "castwire.queue.max-depth=" + max + ")", properties.getQueue().getRetryAfterSeconds());
        }
        if (full.compareAndSet(true, false)) {
            LOG.info("Processing queue has room again: {} episodes waiting or in progress (max {})", depth, max);
        }
    }
}
