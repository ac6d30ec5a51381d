package io.castwire.publishing.delivery;

import io.castwire.episode.EpisodeRepository;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps of one send to a destination, called by its route {@code publish-<name>-send}:
 * {@link #prepare} claims the ledger row, {@link #call} makes the outbound call (the only step
 * inside the circuit breaker) and {@link #complete} writes the outcome. A row that has seen a call
 * before (a crash or a timeout after the remote side may have acted) is first looked up at the
 * destination, so nothing is posted twice.
 */
@Component
public class DestinationPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(DestinationPublisher.class);

    /** What the outbound call came back with. */
    public sealed interface Outcome permits Sent, Refused {
        long publicationId();
    }

    /** The destination has the item: created, updated, or found from an earlier attempt. */
    public record Sent(long publicationId, Remote remote, boolean found) implements Outcome {
    }

    /**
     * The destination refused the item for good. Carried out of the circuit breaker as a value: a
     * refusal means the destination is up, so it must not count towards opening the circuit.
     */
    public record Refused(long publicationId, PermanentDeliveryException cause) implements Outcome {
    }

    private final Destinations destinations;
    private final PublicationOutbox outbox;
    private final PublishItems items;
    private final EpisodeRepository episodes;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Map<String, Map<Long, Instant>> queued = new ConcurrentHashMap<>();
    private final io.castwire.common.CastwireProperties properties;

    public DestinationPublisher(Destinations destinations, PublicationOutbox outbox, PublishItems items,
                                EpisodeRepository episodes, TransactionTemplate tx, Clock clock,
                                io.castwire.common.CastwireProperties properties) {
        this.destinations = destinations;
        this.outbox = outbox;
        this.items = items;
        this.episodes = episodes;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
    }

    /** After a restart, sends this instance left half done are taken again at once. */
    @EventListener(ApplicationReadyEvent.class)
    public void recoverOwnLeases() {
        int n = outbox.expireLeasesOfThisInstance();
        if (n > 0) {
            LOG.warn("{} publication(s) were being sent when this instance stopped; they are looked up and finished now", n);
        }
    }

    /**
     * Due publication ids of the destination not already waiting in its queue. Called on a timer
     * by route {@code publish-<name>-outbox-poll}.
     */
    public List<Long> due(String destination) {
        Map<Long, Instant> waiting = queued.computeIfAbsent(destination, k -> new ConcurrentHashMap<>());
        // an id whose route is stopped stays in the queue; after a lease it may be offered again (a
        // duplicate hand-off is harmless: the claim lets only one through)
        Instant stale = clock.instant().minus(properties.getPublish().getLease());
        waiting.values().removeIf(at -> at.isBefore(stale));
        List<Long> ids = new ArrayList<>();
        for (Long id : outbox.due(destination, properties.getPublish().getBatchSize())) {
            if (waiting.putIfAbsent(id, clock.instant()) == null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Claims the row for this attempt and builds the item.
     *
     * @return null when there is nothing to send (done, superseded, or another worker has it)
     */
    public PublishItem prepare(String destination, long publicationId) throws IOException {
        Map<Long, Instant> waiting = queued.get(destination);
        if (waiting != null) {
            waiting.remove(publicationId);
        }
        Optional<PublicationOutbox.Row> found = outbox.find(publicationId);
        if (found.isEmpty() || !outbox.claim(publicationId)) {
            return null;
        }
        PublicationOutbox.Row row = found.get();
        String previous = row.remoteId() != null ? row.remoteId()
                : outbox.earlierRemoteId(row.episodeId(), row.clipId(), destination).orElse(null);
        return items.build(row, previous);
    }

    /**
     * The outbound call: looks the item up first when an earlier call (a quick retry, an earlier
     * round, a process that died) may have created it, else publishes it. A permanent refusal comes
     * back as {@link Refused}; what may pass is thrown, so the circuit breaker counts it and the
     * route retries it.
     */
    public Outcome call(String destination, PublishItem item) throws DeliveryException {
        Destination d = destinations.get(destination);
        boolean lookFirst = outbox.find(item.publicationId()).map(r -> r.attempts() > 0).orElse(false);
        outbox.countCall(item.publicationId());
        try {
            if (lookFirst) {
                Optional<Remote> existing = d.findExisting(item);
                if (existing.isPresent()) {
                    LOG.info("{}: {} was already published by an earlier attempt ({})", destination, item.key(),
                            existing.get().id());
                    return new Sent(item.publicationId(), existing.get(), true);
                }
            }
            return new Sent(item.publicationId(), d.publish(item), false);
        } catch (PermanentDeliveryException refused) {
            return new Refused(item.publicationId(), refused);
        }
    }

    /**
     * Writes the outcome to the ledger.
     *
     * @throws PermanentDeliveryException for a refusal, so the route's error handling dead-letters it
     */
    public void complete(String destination, Outcome outcome) throws PermanentDeliveryException {
        if (outcome instanceof Refused r) {
            throw r.cause();
        }
        Sent sent = (Sent) outcome;
        PublicationOutbox.Row row = outbox.find(sent.publicationId()).orElseThrow();
        tx.executeWithoutResult(s -> {
            if (!outbox.published(sent.publicationId(), sent.remote())) {
                LOG.warn("{}: publication {} was no longer held by this attempt; its outcome is kept as found",
                        destination, sent.publicationId());
                return;
            }
            outbox.supersedeEarlier(row.episodeId(), row.clipId(), destination);
            episodes.addEvent(row.episodeId(), "published-" + destination, (row.clipId() == 0 ? "episode" : "clip "
                    + row.clipId()) + " at " + destination + ": " + (sent.remote().url() != null ? sent.remote().url()
                    : sent.remote().id()) + (sent.found() ? " (found from an earlier attempt)" : ""));
        });
    }
}
