package io.castwire.publishing.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * Not now, and not the item's fault: the destination's daily quota is spent until its reset, or
 * its account needs an admin (an OAuth grant that was revoked). The row waits in the ledger until
 * {@link #until()} without using up an attempt, is never dead-lettered for it, and does not count
 * towards opening the circuit.
 */
public class DeferredDeliveryException extends DeliveryException {

    private final Instant until;

    public DeferredDeliveryException(String reason, Instant until) {
        super(reason, 0, Duration.ZERO);
        this.until = until;
    }

    /** When the item is due again. */
    public Instant until() {
        return until;
    }
}
