package io.castwire.operations.queue;

import io.castwire.episode.Priority;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.PriorityBlockingQueue;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The in-process processing queue (SEDA {@code processing-episode-run}, option
 * {@code queue=#castwireEpisodeQueue}): a priority queue instead of a FIFO, so an urgent episode
 * handed over after 200 bulk ones is still taken next. Order: priority (urgent, normal, bulk),
 * then episode id (oldest first). The priority of an id is read from the database when it is
 * queued; how many ids wait here is bounded by the outbox ({@code castwire.processing.queue-size}).
 * On Kafka this queue is not used: records are taken in partition order (the outbox still hands
 * urgent work over first).
 */
@Component(EpisodeQueue.BEAN)
public class EpisodeQueue extends PriorityBlockingQueue<Exchange> {

    public static final String BEAN = "castwireEpisodeQueue";
    /** Exchange property with the rank of the queued episode's priority. */
    public static final String RANK = "CastwirePriorityRank";

    private final transient QueueRepository repository;

    public EpisodeQueue(QueueRepository repository) {
        super(64, Comparator.comparingInt(EpisodeQueue::rank).thenComparingLong(EpisodeQueue::id));
        this.repository = repository;
    }

    private static int rank(Exchange e) {
        Integer r = e.getProperty(RANK, Integer.class);
        return r == null ? Priority.NORMAL.rank() : r;
    }

    private static long id(Exchange e) {
        Long id = e.getMessage().getBody(Long.class);
        return id == null ? Long.MAX_VALUE : id;
    }

    @Override
    public boolean offer(Exchange e) {
        if (e.getProperty(RANK) == null) {
            Long id = e.getMessage().getBody(Long.class);
            e.setProperty(RANK, id == null ? Priority.NORMAL.rank() : repository.priorityOf(id).rank());
        }
        return super.offer(e);
    }

    /** Moves a queued episode to its new place after its priority changed; false when it is not queued here. */
    public boolean reprioritize(long episodeId, Priority p) {
        List<Exchange> found = new ArrayList<>();
        for (Exchange e : this) {
            if (Long.valueOf(episodeId).equals(e.getMessage().getBody(Long.class))) {
                found.add(e);
            }
        }
        boolean moved = false;
        for (Exchange e : found) {
            if (remove(e)) {
                e.setProperty(RANK, p.rank());
                super.offer(e);
                moved = true;
            }
        }
        return moved;
    }
}
