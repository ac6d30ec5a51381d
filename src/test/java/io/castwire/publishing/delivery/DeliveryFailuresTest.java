package io.castwire.publishing.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

class DeliveryFailuresTest {

    private final DestinationSettings settings = new DestinationSettings();

    DeliveryFailuresTest() {
        settings.setMaxAttempts(5);
        settings.setBackoff(Duration.ofSeconds(30));
        settings.setMaxBackoff(Duration.ofMinutes(10));
        settings.getCircuit().setWaitInOpen(Duration.ofSeconds(45));
    }

    private static Throwable wrapped(Throwable t) {
        // what the circuit breaker hands the error handler
        return new RuntimeCamelException(t);
    }

    @Test
    void aDeferralWaitsUntilItsTimeEvenOnTheLastAttempt() {
        java.time.Instant now = java.time.Instant.parse("2026-11-21T10:00:00Z");
        DeliveryFailures.Failure f = DeliveryFailures.classify(wrapped(new DeferredDeliveryException("quota spent",
                now.plus(Duration.ofHours(14)))), settings, 4, true, now);
        assertThat(f.kind()).isEqualTo(DeliveryFailures.Kind.DEFER);
        assertThat(f.delay()).isEqualTo(Duration.ofHours(14));
        assertThat(f.reason()).isEqualTo("quota spent");
        DeliveryFailures.Failure past = DeliveryFailures.classify(new DeferredDeliveryException("parked",
                now.minusSeconds(5)), settings, 0, false, now);
        assertThat(past.delay()).isZero();
    }

    @Test
    void anOpenCircuitWaitsWithoutUsingAnAttempt() {
        CircuitBreaker cb = CircuitBreaker.ofDefaults("test");
        cb.transitionToOpenState();
        DeliveryFailures.Failure f = DeliveryFailures.classify(CallNotPermittedException.createCallNotPermittedException(cb),
                settings, 4, false);
        assertThat(f.kind()).isEqualTo(DeliveryFailures.Kind.WAIT);
        assertThat(f.delay()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void aCircuitThatOpenedAfterThisAttemptsOwnCallsUsesUpTheAttempt() {
        CircuitBreaker cb = CircuitBreaker.ofDefaults("test");
        cb.transitionToOpenState();
        Throwable open = CallNotPermittedException.createCallNotPermittedException(cb);
        DeliveryFailures.Failure f = DeliveryFailures.classify(open, settings, 1, true);
        assertThat(f.kind()).isEqualTo(DeliveryFailures.Kind.RETRY);
        assertThat(f.delay()).isGreaterThanOrEqualTo(Duration.ofSeconds(45));
        // so an item that fails every trial call still ends as a dead letter
        assertThat(DeliveryFailures.classify(open, settings, 4, true).kind()).isEqualTo(DeliveryFailures.Kind.DEAD);
    }

    @Test
    void onlyCallsThatCannotHaveActedAreRetriedAtOnce() {
        assertThat(DeliveryFailures.mayHaveActed(wrapped(new DeliveryException("HTTP 503", 503, null)))).isFalse();
        assertThat(DeliveryFailures.mayHaveActed(new DeliveryException("refused", new java.net.ConnectException()))).isFalse();
        assertThat(DeliveryFailures.mayHaveActed(new DeliveryException("HTTP 500", 500, null))).isTrue();
        assertThat(DeliveryFailures.mayHaveActed(new DeliveryException("read timed out",
                new java.net.http.HttpTimeoutException("request timed out")))).isTrue();
        assertThat(DeliveryFailures.mayHaveActed(new PermanentDeliveryException("HTTP 400", 400))).isTrue();
    }

    @Test
    void aRefusalIsDeadAtOnceEvenWrapped() {
        DeliveryFailures.Failure f = DeliveryFailures.classify(wrapped(new PermanentDeliveryException("HTTP 403", 403)),
                settings, 0, true);
        assertThat(f.kind()).isEqualTo(DeliveryFailures.Kind.DEAD);
        assertThat(f.reason()).contains("HTTP 403");
    }

    @Test
    void transientFailuresBackOffExponentiallyWithJitterUpToTheCap() {
        for (int round = 0; round < 4; round++) {
            DeliveryFailures.Failure f = DeliveryFailures.classify(wrapped(new DeliveryException("HTTP 503", 503, null)),
                    settings, round, true);
            assertThat(f.kind()).isEqualTo(DeliveryFailures.Kind.RETRY);
            long full = 30_000L << round;
            assertThat(f.delay().toMillis()).isBetween(full / 2, full);
        }
        Duration capped = DeliveryFailures.backoff(settings, 20);
        assertThat(capped).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(10));
    }

    @Test
    void jitterSpreadsRetriesOfManyItems() {
        java.util.Set<Long> delays = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            delays.add(DeliveryFailures.backoff(settings, 2).toMillis());
        }
        assertThat(delays.size()).isGreaterThan(40);
    }

    @Test
    void retryAfterIsNeverShortened() {
        DeliveryFailures.Failure f = DeliveryFailures.classify(
                wrapped(new DeliveryException("HTTP 429", 429, Duration.ofMinutes(7))), settings, 0, true);
        assertThat(f.kind()).isEqualTo(DeliveryFailures.Kind.RETRY);
        assertThat(f.delay()).isEqualTo(Duration.ofMinutes(7));
        DeliveryFailures.Failure shortWait = DeliveryFailures.classify(
                wrapped(new DeliveryException("HTTP 429", 429, Duration.ofSeconds(1))), settings, 3, true);
        assertThat(shortWait.delay()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theLastAttemptIsDeadWithTheCount() {
        DeliveryFailures.Failure f = DeliveryFailures.classify(wrapped(new DeliveryException("HTTP 500", 500, null)),
                settings, 4, true);
        assertThat(f.kind()).isEqualTo(DeliveryFailures.Kind.DEAD);
        assertThat(f.reason()).contains("gave up after 5 attempts").contains("HTTP 500");
    }

    @Test
    void aMissingEpisodeIsNotRetried() {
        DeliveryFailures.Failure f = DeliveryFailures.classify(new IllegalStateException("episode 9 no longer exists"),
                settings, 0, true);
        assertThat(f.kind()).isEqualTo(DeliveryFailures.Kind.DEAD);
    }
}
