package io.castwire.operations.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Results of outgoing checks, reused for a while per key, so each health call does not reach out again. */
final class CachedCheck<T> {

    private record Entry<T>(T value, Instant until) {
    }

    private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();
    private final Supplier<Duration> ttl;
    private final Clock clock;

    CachedCheck(Supplier<Duration> ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    T get(String key, Supplier<T> check) {
        Instant now = clock.instant();
        Entry<T> e = entries.get(key);
        if (e == null || !e.until().isAfter(now)) {
            // two concurrent callers may both check once; that is cheaper than a lock around a network call
            e = new Entry<>(check.get(), now.plus(ttl.get()));
            entries.put(key, e);
        }
        return e.value();
    }
}
