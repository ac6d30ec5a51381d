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

    /** Exchange property: the claim token of this attempt (every write of its outcome presents it). */
    public static final String CLAIM = "CastwireClaim";
    /** Exchange property: the row's call count when it was claimed (were calls made in this attempt?). */
    public static final String CALLS_AT_CLAIM = "CastwireCallsAtClaim";

    /** One attempt: the item and the claim it runs under. */
    public record Attempt(PublishItem item, String claim) {
    }

    /** What the outbound call came back with. */
    public sealed interface Outcome permits Sent, Refused, Deferred {
        long publicationId();

        String claim();
    }

    /** The destination has the item: created, updated, or found from an earlier attempt. */
    public record Sent(long publicationId, String claim, Remote remote, boolean found) implements Outcome {
    }

    /**
     * The destination refused the item for good. Carried out of the circuit breaker as a value: a
     * refusal means the destination is up, so it must not count towards opening the circuit.
     */
    public record Refused(long publicationId, String claim, PermanentDeliveryException cause) implements Outcome {
    }

    /**
     * Not now, not the item's fault (a spent quota, a parked account). Also carried out of the
     * circuit breaker as a value: the destination is not failing.
     */
    public record Deferred(long publicationId, String claim, DeferredDeliveryException cause) implements Outcome {
    }

    /** Renews the leases of calls under way, so a long upload never looks abandoned. */
    private static final java.util.concurrent.ScheduledExecutorService HEARTBEAT =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "castwire-publish-heartbeat");
                t.setDaemon(true);
                return t;
            });

    private final Destinations destinations;
    private final PublicationOutbox outbox;
    private final PublishItems items;
    private final EpisodeRepository episodes;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Map<String, Map<Long, Instant>> queued = new ConcurrentHashMap<>();
    private final io.castwire.common.CastwireProperties properties;

    private final io.castwire.operations.queue.JobLimits limits;

    public DestinationPublisher(Destinations destinations, PublicationOutbox outbox, PublishItems items,
                                EpisodeRepository episodes, TransactionTemplate tx, Clock clock,
                                io.castwire.common.CastwireProperties properties,
                                io.castwire.operations.queue.JobLimits limits) {
        this.limits = limits;
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
     * Claims the row for this attempt (or keeps the claim when the route retries this step) and
     * builds the item. Records the claim on the exchange for the later steps and the error handling.
     *
     * @return null when there is nothing to send now (done, superseded by a newer version, an older
     *         version still in flight, or another worker has it)
     */
    public Attempt prepare(String destination, long publicationId, org.apache.camel.Exchange exchange) throws IOException {
        Map<Long, Instant> waiting = queued.get(destination);
        if (waiting != null) {
            waiting.remove(publicationId);
        }
        String claim = exchange.getProperty(CLAIM, String.class);
        if (claim != null) {
            if (!outbox.renew(publicationId, claim)) {
                return null;
            }
        } else {
            claim = outbox.claim(publicationId);
            if (claim == null) {
                return null;
            }
            exchange.setProperty(CLAIM, claim);
        }
        PublicationOutbox.Row row = outbox.find(publicationId).orElseThrow();
        // log lines of this send name the episode (LogContextPolicy clears it when the exchange is done)
        org.slf4j.MDC.put("episodeId", Long.toString(row.episodeId()));
        if (exchange.getProperty(CALLS_AT_CLAIM) == null) {
            exchange.setProperty(CALLS_AT_CLAIM, row.attempts());
        }
        if (outbox.newerVersionQueued(row)) {
            // a newer version goes out (or went out) instead: sending this one would put older text back
            outbox.supersede(publicationId, claim);
            return null;
        }
        if (outbox.olderVersionInFlight(row)) {
            // wait for it, so this version updates its post instead of making a second one
            outbox.reschedule(publicationId, claim, clock.instant().plusSeconds(5), "waiting for the send of an older "
                    + "version to finish", false);
            return null;
        }
        String previous = row.remoteId() != null ? row.remoteId()
                : outbox.earlierRemoteId(row.episodeId(), row.clipId(), destination).orElse(null);
        return new Attempt(items.build(row, previous), claim);
    }

    /**
     * The outbound call: looks the item up first when an earlier call (a quick retry, an earlier
     * round, a process that died) may have created it, else publishes it. A permanent refusal comes
     * back as {@link Refused}; what may pass is thrown, so the circuit breaker counts it and the
     * route retries it. The claim's lease is renewed while the call runs.
     */
    public Outcome call(String destination, Attempt attempt) throws DeliveryException {
        Destination d = destinations.get(destination);
        PublishItem item = attempt.item();
        long id = item.publicationId();
        boolean lookFirst = outbox.find(id).map(r -> r.attempts() > 0).orElse(false);
        outbox.countCall(id);
        long every = Math.max(1000, properties.getPublish().getLease().toMillis() / 3);
        java.util.concurrent.ScheduledFuture<?> heartbeat = HEARTBEAT.scheduleAtFixedRate(() -> {
            try {
                outbox.renew(id, attempt.claim());
            } catch (RuntimeException e) {
                LOG.warn("{}: could not renew the lease of publication {}: {}", destination, id, e.toString());
            }
        }, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
        // at most castwire.limits.upload.<destination> sends at once in the cluster; a cancel of the
        // episode does not stop a send already under way (the remote side may have it half done)
        io.castwire.operations.queue.JobLimits.Permit permit;
        try {
            permit = limits.acquire(io.castwire.operations.queue.JobLimits.upload(destination), item.episodeId());
        } catch (InterruptedException e) {
            heartbeat.cancel(false);
            Thread.currentThread().interrupt();
            throw new DeferredDeliveryException("interrupted while waiting for an upload permit", clock.instant().plusSeconds(5));
        } catch (RuntimeException e) {
            heartbeat.cancel(false);
            throw e;
        }
        try (permit) {
            if (lookFirst) {
                Optional<Remote> existing = d.findExisting(item);
                if (existing.isPresent()) {
                    LOG.info("{}: {} was already published by an earlier attempt ({})", destination, item.key(),
                            existing.get().id());
                    return new Sent(id, attempt.claim(), existing.get(), true);
                }
            }
            return new Sent(id, attempt.claim(), d.publish(item), false);
        } catch (PermanentDeliveryException refused) {
            return new Refused(id, attempt.claim(), refused);
        } catch (DeferredDeliveryException deferred) {
            return new Deferred(id, attempt.claim(), deferred);
        } finally {
            heartbeat.cancel(false);
        }
    }

    /**
     * Writes the outcome to the ledger.
     *
     * @throws PermanentDeliveryException for a refusal, so the route's error handling dead-letters it
     */
    public void complete(String destination, Outcome outcome) throws PermanentDeliveryException,
            DeferredDeliveryException {
        if (outcome instanceof Refused r) {
            throw r.cause();
        }
        if (outcome instanceof Deferred d) {
            // the route's error handling puts the row back until then, using no attempt
            throw d.cause();
        }
        Sent sent = (Sent) outcome;
        PublicationOutbox.Row row = outbox.find(sent.publicationId()).orElseThrow();
        tx.executeWithoutResult(s -> {
            if (!outbox.published(sent.publicationId(), sent.claim(), sent.remote())) {
                // another worker took the row over; it looks the item up first and records this post
                LOG.warn("{}: publication {} ({}) is no longer held by this attempt; the worker that holds it will "
                        + "find it", destination, sent.publicationId(), sent.remote().id());
                return;
            }
            outbox.supersedeEarlier(row.episodeId(), row.clipId(), destination);
            LOG.info("{}: {} published at {}{}", destination, row.clipId() == 0 ? "episode" : "clip " + row.clipId(),
                    sent.remote().url() != null ? sent.remote().url() : sent.remote().id(),
                    sent.found() ? " (found from an earlier attempt)" : "");
            episodes.addEvent(row.episodeId(), "published-" + destination, (row.clipId() == 0 ? "episode" : "clip "
                    + row.clipId()) + " at " + destination + ": " + (sent.remote().url() != null ? sent.remote().url()
                    : sent.remote().id()) + (sent.found() ? " (found from an earlier attempt)" : ""));
        });
    }
}
