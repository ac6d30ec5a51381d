package io.castwire.operations.deadletter;

/**
 * Sends a dead letter again. Each kind of work (publications, webhook deliveries, episodes) has
 * one; {@code POST /api/dead-letters/{id}/replay} asks each in turn.
 */
public interface Replayer {

    /** Whether this replayer owns dead letters of the destination ({@code wordpress}, {@code webhook}, ...). */
    boolean handles(String destination);

    /**
     * Puts the work back in its queue. The ledger still guards against duplicates, so a replay
     * of something already delivered sends nothing.
     *
     * @return a short description of what was queued again
     */
    String replay(DeadLetter letter);

    /** A dead-letter row. */
    record DeadLetter(long id, String routeId, String destination, Long episodeId, Long refId, String payload, String cause,
                      int attempts, java.time.Instant createdAt, java.time.Instant replayedAt) {
    }
}
