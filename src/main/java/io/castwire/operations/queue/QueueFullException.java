package io.castwire.operations.queue;

/**
 * The processing queue is full ({@code castwire.queue.max-depth}): the new work is not taken now.
 * A file stays in its inbox and is seen again on a later poll; a webhook is answered 503.
 */
public class QueueFullException extends RuntimeException {

    private final int retryAfterSeconds;

    public QueueFullException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
