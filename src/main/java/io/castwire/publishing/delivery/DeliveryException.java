package io.castwire.publishing.delivery;

import java.time.Duration;

/**
 * A delivery that may succeed later (a 5xx, a 429, a timeout, a refused connection). The route
 * retries it with backoff, then keeps it in the ledger for a later attempt; a
 * {@link #retryAfter()} from the destination is honoured.
 */
public class DeliveryException extends Exception {

    private final int status;
    private final Duration retryAfter;

    public DeliveryException(String message, int status, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public DeliveryException(String message, int status, Duration retryAfter) {
        this(message, status, retryAfter, null);
    }

    public DeliveryException(String message, Throwable cause) {
        this(message, 0, null, cause);
    }

    /** The HTTP status, or 0 when there was no response. */
    public int status() {
        return status;
    }

    /** How long the destination asked us to wait, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
