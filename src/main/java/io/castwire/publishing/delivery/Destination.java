package io.castwire.publishing.delivery;

import java.util.Optional;

/**
 * One place castwire publishes to (WordPress, LinkedIn, X, Facebook, ...). An implementation is a
 * plain bean that makes the outbound calls; the ledger, retries, circuit breaker, dead letters and
 * route control around it are shared ({@link DestinationRoutes}), so an implementation only knows
 * its API.
 */
public interface Destination {

    /** The ledger name and the key under {@code castwire.publish.<name>}: lower case, no spaces. */
    String name();

    /** The destination's settings (enabled, shows, retries, circuit, clips). */
    DestinationSettings settings();

    /**
     * Publishes one item: creates it, or, when {@link PublishItem#previousRemoteId()} is set (an
     * earlier version of the episode went out), updates that remote item where the API allows it.
     *
     * @throws PermanentDeliveryException when the destination refuses the item for good (4xx)
     * @throws DeliveryException when it may pass (5xx, 429, I/O); {@link DeliveryException#retryAfter()}
     *         carries the destination's Retry-After when it sent one
     */
    Remote publish(PublishItem item) throws DeliveryException;

    /**
     * Looks for what an earlier attempt created, when a process died between the remote call and
     * the ledger write (the ledger row is then still SENDING). Must find it by something the item
     * carries into the post ({@link PublishItem#key()} or its public URL), never by guesswork.
     *
     * @return the remote item, or empty when the earlier attempt never reached the destination
     */
    Optional<Remote> findExisting(PublishItem item) throws DeliveryException;

    /**
     * The last word of the send route's id, {@code publish-<name>-<verb>}: {@code send}, or
     * {@code upload} for destinations that upload media (an admin stops {@code publish-youtube-upload}).
     */
    default String sendVerb() {
        return "send";
    }

    /** Names of the environment variables holding this destination's credentials (for health checks). */
    default java.util.List<String> credentialVariables() {
        return java.util.List.of();
    }
}
