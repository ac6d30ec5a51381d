package io.castwire.publishing.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.operations.deadletter.DeadLetters;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dead-letter endpoint of every destination's route configuration: what to do with a send
 * that failed after its quick retries. An open circuit: wait, without using up an attempt. What may
 * pass: back to the outbox after an exponential backoff with jitter (or the destination's
 * Retry-After). A refusal, or the last attempt: a dead letter with the cause, the attempts and
 * the original payload, the ledger row FAILED, and a {@code publication.failed} event.
 */
@Component
public class DeliveryFailures {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryFailures.class);

    private final Destinations destinations;
    private final PublicationOutbox outbox;
    private final DeadLetters deadLetters;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Clock clock;

    public DeliveryFailures(Destinations destinations, PublicationOutbox outbox, DeadLetters deadLetters,
                            ApplicationEventPublisher events, TransactionTemplate tx, ObjectMapper json,
                            MeterRegistry meters, Clock clock) {
        this.destinations = destinations;
        this.outbox = outbox;
        this.deadLetters = deadLetters;
        this.events = events;
        this.tx = tx;
        this.json = json;
        this.meters = meters;
        this.clock = clock;
    }

    /** Handles a failed send; the message body is the publication id (the original message). */
    public void handle(Exchange exchange, String destination) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Long id = exchange.getMessage().getBody(Long.class);
        String claim = exchange.getProperty(DestinationPublisher.CLAIM, String.class);
        if (id == null || claim == null) {
            // nothing was claimed (the row could not even be read): it stays as it was and is offered again
            LOG.warn("{}: a send of publication {} failed before it held the row: {}", destination, id, describe(cause));
            return;
        }
        PublicationOutbox.Row row = outbox.find(id).orElse(null);
        if (row == null) {
            return;
        }
        DestinationSettings s = destinations.get(destination).settings();
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, destinations.sendRoute(destination), String.class);
        Integer before = exchange.getProperty(DestinationPublisher.CALLS_AT_CLAIM, Integer.class);
        boolean callsMade = before == null || row.attempts() > before;
        Failure f = classify(cause, s, row.rounds(), callsMade, clock.instant());
        boolean ours = switch (f.kind) {
            case DEFER -> {
                meters.counter("castwire.publish.deferred", "destination", destination, "reason", "deferred").increment();
                LOG.info("{}: publication {} waits until {}: {}", destination, id, clock.instant().plus(f.delay), f.reason);
                yield outbox.reschedule(id, claim, clock.instant().plus(f.delay), f.reason, false);
            }
            case WAIT -> {
                meters.counter("castwire.publish.deferred", "destination", destination, "reason", "circuit-open").increment();
                LOG.info("{}: circuit open, publication {} waits {}s", destination, id, f.delay.toSeconds());
                yield outbox.reschedule(id, claim, clock.instant().plus(f.delay), f.reason, false);
            }
            case RETRY -> {
                meters.counter("castwire.publish.deferred", "destination", destination, "reason", "retry").increment();
                LOG.warn("{}: publication {} failed (round {} of {}), next attempt in {} ms: {}", destination, id,
                        row.rounds() + 1, s.getMaxAttempts(), f.delay.toMillis(), f.reason);
                yield outbox.reschedule(id, claim, clock.instant().plus(f.delay), f.reason, true);
            }
            case DEAD -> deadLetter(routeId, destination, row, claim, f.reason);
        };
        if (!ours) {
            LOG.warn("{}: publication {} is held by another worker now; this attempt's failure is not recorded",
                    destination, id);
        }
    }

    private boolean deadLetter(String routeId, String destination, PublicationOutbox.Row row, String claim, String reason) {
        Boolean done = tx.execute(s -> {
            if (!outbox.failed(row.id(), claim, reason)) {
                return false;
            }
            deadLetters.recordDelivery(routeId, destination, row.episodeId(), row.id(), payload(row), reason,
                    Math.max(1, row.attempts()));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("episodeId", row.episodeId());
            data.put("clipId", row.clipId());
            data.put("destination", destination);
            data.put("cause", reason);
            data.put("attempts", row.attempts());
            events.publishEvent(new HubEvent("publication.failed", row.episodeId(),
                    destination + ":" + row.id() + ":" + row.attempts(), data));
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    private String payload(PublicationOutbox.Row row) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("publicationId", row.id());
        p.put("episodeId", row.episodeId());
        p.put("clipId", row.clipId());
        p.put("destination", row.destination());
        p.put("version", row.version());
        try {
            return json.writeValueAsString(p);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(row.id());
        }
    }

    enum Kind { DEFER, WAIT, RETRY, DEAD }

    record Failure(Kind kind, Duration delay, String reason) {
    }

    /**
     * What to do after a failure, given the rounds already failed and whether this attempt made
     * any call. Package-private for tests.
     */
    static Failure classify(Throwable cause, DestinationSettings s, int roundsBefore, boolean callsMade) {
        return classify(cause, s, roundsBefore, callsMade, Instant.now());
    }

    static Failure classify(Throwable cause, DestinationSettings s, int roundsBefore, boolean callsMade, Instant now) {
        String reason = describe(cause);
        DeferredDeliveryException deferred = find(cause, DeferredDeliveryException.class);
        if (deferred != null) {
            // a spent quota or an account waiting for an admin: wait for it, using no attempt
            Duration wait = Duration.between(now, deferred.until());
            return new Failure(Kind.DEFER, wait.isNegative() ? Duration.ZERO : wait, deferred.getMessage());
        }
        boolean circuitOpen = find(cause, CallNotPermittedException.class) != null;
        if (circuitOpen && !callsMade) {
            // nothing left: the destination's outage, not this item's; wait without using an attempt
            return new Failure(Kind.WAIT, s.getCircuit().getWaitInOpen(), "circuit open: " + reason);
        }
        PermanentDeliveryException refused = find(cause, PermanentDeliveryException.class);
        if (refused != null || find(cause, IllegalStateException.class) != null
                || find(cause, IllegalArgumentException.class) != null) {
            return new Failure(Kind.DEAD, Duration.ZERO, reason);
        }
        if (roundsBefore + 1 >= s.getMaxAttempts()) {
            return new Failure(Kind.DEAD, Duration.ZERO, "gave up after " + s.getMaxAttempts() + " attempts: " + reason);
        }
        Duration wait = backoff(s, roundsBefore);
        if (circuitOpen) {
            // calls were made and failed, then the circuit opened: this attempt counts, and the next
            // one waits at least until the circuit lets a call through
            wait = wait.compareTo(s.getCircuit().getWaitInOpen()) > 0 ? wait : s.getCircuit().getWaitInOpen();
            return new Failure(Kind.RETRY, wait, "circuit opened: " + reason);
        }
        DeliveryException d = find(cause, DeliveryException.class);
        if (d != null && d.retryAfter() != null) {
            // the destination said when: never earlier than that
            wait = d.retryAfter().compareTo(wait) > 0 ? d.retryAfter() : d.retryAfter().plusMillis(
                    ThreadLocalRandom.current().nextLong(Math.max(1, wait.toMillis() / 4)));
        }
        return new Failure(Kind.RETRY, wait, reason);
    }

    /**
     * Whether a failed call may have acted at the destination before it failed (a read timeout, a
     * reset, a 500/502/504): then no quick retry, the next round looks the item up after a backoff,
     * when the destination's listings have caught up. A refused connection, 503, 429 or 408 did not act.
     */
    public static boolean mayHaveActed(Throwable t) {
        DeliveryException d = find(t, DeliveryException.class);
        if (d == null) {
            return false;
        }
        int status = d.status();
        if (status == 503 || status == 429 || status == 408 || status == 425) {
            return false;
        }
        if (status >= 500) {
            return true;
        }
        return find(t, java.net.ConnectException.class) == null
                && find(t, java.net.http.HttpConnectTimeoutException.class) == null
                && find(t, java.net.UnknownHostException.class) == null
                && find(t, java.net.NoRouteToHostException.class) == null;
    }

    /** base × 2^rounds, capped, with "equal jitter": half fixed, half random, so replicas spread out. */
    static Duration backoff(DestinationSettings s, int rounds) {
        long base = s.getBackoff().toMillis();
        long cap = s.getMaxBackoff().toMillis();
        long d = rounds >= 30 ? cap : Math.min(cap, base * (1L << rounds));
        long half = Math.max(1, d / 2);
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown";
        }
        Throwable root = find(cause, DeliveryException.class);
        Throwable t = root != null ? root : innermost(cause);
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static Throwable innermost(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
