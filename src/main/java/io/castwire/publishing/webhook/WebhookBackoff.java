package io.castwire.publishing.webhook;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: {@code backoff × 2^(attempts−1)}, ±25 % jitter so that
 * receivers that failed together are not hit together again, never beyond {@code maxBackoff}; a
 * longer Retry-After from the receiver wins, up to {@code maxRetryAfter}.
 */
public final class WebhookBackoff {

    static final double JITTER = 0.25;

    private final Duration first;
    private final Duration max;
    private final Duration maxRetryAfter;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1) */
    public WebhookBackoff(Duration first, Duration max, Duration maxRetryAfter, DoubleSupplier random) {
        this.first = first;
        this.max = max;
        this.maxRetryAfter = maxRetryAfter;
        this.random = random;
    }

    /**
     * The wait after attempt number {@code attempts} (1 for the first) failed.
     *
     * @param retryAfter what the receiver asked for, or null
     */
    public Duration after(int attempts, Duration retryAfter) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        double base = Math.min(first.toMillis() * Math.pow(2, doublings), max.toMillis());
        double jittered = base * (1 + JITTER * (2 * random.getAsDouble() - 1));
        Duration wait = Duration.ofMillis(Math.round(Math.min(jittered, max.toMillis())));
        if (retryAfter != null) {
            Duration asked = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
            if (asked.compareTo(wait) > 0) {
                return asked;
            }
        }
        return wait;
    }
}
