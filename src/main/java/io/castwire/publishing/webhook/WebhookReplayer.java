package io.castwire.publishing.webhook;

import io.castwire.common.ConflictException;
import io.castwire.common.NotFoundException;
import io.castwire.operations.deadletter.Replayer;
import org.springframework.stereotype.Component;

/**
 * Replays webhook dead letters: the delivery row the letter refers to goes back to PENDING with
 * its attempts reset and the same {@code webhook-id}, so a receiver that got it after all can
 * drop it. The outbox poll sends it within one poll interval.
 */
@Component
public class WebhookReplayer implements Replayer {

    private final WebhookDeliveries deliveries;

    public WebhookReplayer(WebhookDeliveries deliveries) {
        this.deliveries = deliveries;
    }

    @Override
    public boolean handles(String destination) {
        return WebhookSender.DESTINATION.equals(destination);
    }

    @Override
    public String replay(DeadLetter letter) {
        if (letter.refId() == null) {
            throw new NotFoundException("dead letter " + letter.id() + " does not name a webhook delivery");
        }
        long id = letter.refId();
        WebhookDelivery d = deliveries.find(id)
                .orElseThrow(() -> new NotFoundException("webhook delivery " + id + " no longer exists"));
        if (!deliveries.replay(id)) {
            throw new ConflictException("webhook " + d.messageId() + " to " + d.subscriber() + " is " + d.state()
                    + "; nothing to replay");
        }
        return "webhook " + d.messageId() + " to " + d.subscriber() + " queued again (same webhook-id)";
    }
}
