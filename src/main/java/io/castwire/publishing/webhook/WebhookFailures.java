package io.castwire.publishing.webhook;

import io.castwire.operations.deadletter.DeadLetters;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What happens to a delivery after its quick redeliveries failed: it waits in the database for its
 * next attempt (exponential backoff with jitter, or the receiver's longer Retry-After), or, after
 * the last attempt or a permanent error, it is marked FAILED and recorded as a dead letter. A circuit
 * found open at the start of an attempt only postpones it: nothing was sent, so the attempt does not
 * count (one that opens during the quick redeliveries ends an attempt that did send, which counts).
 */
@Component
public class WebhookFailures {

    /** What {@link #failed(long, Throwable)} did. */
    public enum Outcome { RETRY, POSTPONED, DEAD_LETTER, NOT_HELD }

    /** Exchange property: quick redeliveries made in this attempt (Camel drops its own counter before the dead letter). */
    public static final String REDELIVERIES = "CastwireWebhookRedeliveries";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookFailures.class);

    private final WebhookDeliveries deliveries;
    private final DeadLetters deadLetters;
    private final WebhookProperties properties;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final Clock clock;
    private final WebhookBackoff backoff;

    public WebhookFailures(WebhookDeliveries deliveries, DeadLetters deadLetters, WebhookProperties properties,
                           TransactionTemplate tx, MeterRegistry meters, Clock clock) {
        this.deliveries = deliveries;
        this.deadLetters = deadLetters;
        this.properties = properties;
        this.tx = tx;
        this.meters = meters;
        this.clock = clock;
        this.backoff = new WebhookBackoff(properties.getBackoff(), properties.getMaxBackoff(), properties.getMaxRetryAfter(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The dead-letter endpoint of route configuration {@code publish-webhooks}: the message is the
     * original one (a delivery id), the cause is in {@link Exchange#EXCEPTION_CAUGHT}.
     */
    public void onDeadLetter(Exchange exchange) {
        // the original message is the delivery id; the claimed row would do as well
        Object body = exchange.getMessage().getBody();
        Long id = body instanceof WebhookDelivery d ? Long.valueOf(d.id()) : exchange.getMessage().getBody(Long.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (id == null) {
            LOG.error("Webhook failure without a delivery id: {}", describe(cause));
            return;
        }
        Integer redeliveries = exchange.getProperty(REDELIVERIES, Integer.class);
        failed(id, cause, redeliveries != null && redeliveries > 0);
    }

    /**
     * Reschedules, postpones or gives up on a delivery this worker holds.
     *
     * @param sentBefore whether this attempt made calls before the one that failed (quick redeliveries):
     *                   then an open circuit ends a real attempt, which counts
     */
    public Outcome failed(long id, Throwable cause, boolean sentBefore) {
        Optional<WebhookDelivery> held = deliveries.find(id).filter(d -> WebhookDelivery.SENDING.equals(d.state()));
        if (held.isEmpty()) {
            // the claim itself failed (nothing was sent), or a worker took over after the lease
            LOG.debug("Webhook delivery {} failed before or after this worker held it: {}", id, describe(cause));
            return Outcome.NOT_HELD;
        }
        WebhookDelivery d = held.get();
        String why = describe(cause);
        Instant now = clock.instant();
        if (cause instanceof WebhookCircuitOpenException open && !sentBefore) {
            // a little jitter so that a backlog does not come back in one burst
            Duration wait = open.retryAfter().plusMillis(ThreadLocalRandom.current().nextLong(open.retryAfter().toMillis() / 10 + 1));
            deliveries.postpone(id, now.plus(wait), why);
            count(d, "circuit-open");
            LOG.debug("Webhook {} to {} waits {} for its circuit", d.messageId(), d.subscriber(), wait);
            return Outcome.POSTPONED;
        }
        Integer status = cause instanceof DeliveryException de && de.status() > 0 ? de.status() : null;
        boolean permanent = cause instanceof PermanentDeliveryException;
        if (!permanent && d.attempts() < properties.getMaxAttempts()) {
            Duration retryAfter = cause instanceof DeliveryException de ? de.retryAfter() : null;
            Duration wait = backoff.after(d.attempts(), retryAfter);
            deliveries.reschedule(id, now.plus(wait), status, why);
            count(d, "retry");
            LOG.warn("Webhook {} to {} failed (attempt {} of {}), next attempt in {}: {}", d.messageId(), d.subscriber(),
                    d.attempts(), properties.getMaxAttempts(), wait, why);
            return Outcome.RETRY;
        }
        boolean recorded = Boolean.TRUE.equals(tx.execute(s -> {
            if (!deliveries.fail(id, status, why)) {
                return false;
            }
            deadLetters.recordDelivery(WebhookRoutes.DELIVER, WebhookSender.DESTINATION, d.episodeId(), id, d.payload(), why,
                    d.attempts());
            return true;
        }));
        if (!recorded) {
            return Outcome.NOT_HELD;
        }
        count(d, "failed");
        LOG.error("Webhook {} to {} failed for good after {} attempt(s), recorded as a dead letter: {}", d.messageId(),
                d.subscriber(), d.attempts(), why);
        return Outcome.DEAD_LETTER;
    }

    private void count(WebhookDelivery d, String outcome) {
        meters.counter("castwire.webhooks.deliveries", "subscriber", d.subscriber(), "outcome", outcome).increment();
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown";
        }
        return cause instanceof DeliveryException ? cause.getMessage() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
