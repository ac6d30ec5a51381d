package io.castwire.publishing.delivery;

import io.castwire.common.ConflictException;
import io.castwire.operations.deadletter.Replayer;
import org.springframework.stereotype.Component;

/** Replays dead letters of the fan-out destinations: the ledger row is due again with fresh attempts. */
@Component
public class PublicationReplayer implements Replayer {

    private final Destinations destinations;
    private final PublicationOutbox outbox;

    public PublicationReplayer(Destinations destinations, PublicationOutbox outbox) {
        this.destinations = destinations;
        this.outbox = outbox;
    }

    @Override
    public boolean handles(String destination) {
        return destinations.byName(destination).isPresent();
    }

    @Override
    public String replay(DeadLetter letter) {
        if (letter.refId() == null) {
            throw new ConflictException("dead letter " + letter.id() + " does not name its publication");
        }
        if (outbox.replay(letter.refId())) {
            return "publication " + letter.refId() + " to " + letter.destination() + " is queued again";
        }
        String state = outbox.find(letter.refId()).map(PublicationOutbox.Row::state).orElse("gone");
        return "publication " + letter.refId() + " is " + state + "; nothing to send again";
    }
}
