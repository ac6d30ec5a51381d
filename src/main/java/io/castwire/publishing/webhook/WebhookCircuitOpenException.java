package io.castwire.publishing.webhook;

import io.castwire.publishing.delivery.DeliveryException;
import java.time.Duration;

/**
 * The subscriber's circuit breaker is open: nothing was sent. The delivery waits for the circuit
 * ({@link #retryAfter()}) and the attempt does not count.
 */
public class WebhookCircuitOpenException extends DeliveryException {

    public WebhookCircuitOpenException(String subscriber, Duration wait) {
        super("webhook " + subscriber + ": circuit open after repeated failures, waiting " + wait, 0, wait);
    }
}
