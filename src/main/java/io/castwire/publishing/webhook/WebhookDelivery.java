package io.castwire.publishing.webhook;

import java.time.Instant;

/**
 * One webhook message for one subscriber (a {@code webhook_deliveries} row). Its
 * {@code messageId} is the {@code webhook-id} header and stays the same on every retry and replay.
 *
 * @param attempts attempts made so far, the one under way included while {@code SENDING}
 */
public record WebhookDelivery(long id, String subscriber, String messageId, String eventType, Long episodeId,
                              String payload, String state, int attempts, Instant nextAttemptAt, Instant leaseUntil,
                              Integer lastStatus, String lastError, Instant createdAt, Instant updatedAt) {

    /** Waiting for its next attempt (new, retried, replayed or re-enabled). */
    public static final String PENDING = "PENDING";
    /** Claimed by a worker until {@code leaseUntil}; after that anyone may take it over. */
    public static final String SENDING = "SENDING";
    public static final String DELIVERED = "DELIVERED";
    /** Gave up (last attempt, or a permanent error): a dead letter exists. */
    public static final String FAILED = "FAILED";
    /** The subscriber is gone (410, removed or disabled in configuration). */
    public static final String DISABLED = "DISABLED";
}
