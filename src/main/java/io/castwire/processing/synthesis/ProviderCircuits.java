package io.castwire.processing.synthesis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * One Resilience4j circuit breaker per provider, around the provider call only. Every failure of a
 * call counts (an error answer, a timeout, a bad key, quota, bad audio); a provider whose circuit is
 * open is skipped without a call until the circuit lets a trial call through.
 */
@Component
public class ProviderCircuits {

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();

    /** A call to a provider. */
    @FunctionalInterface
    interface Call {
        void run() throws SpeechFailure;
    }

    /** Runs the call through the provider's circuit. */
    void call(SynthesisProperties.Provider provider, Call call) throws SpeechFailure {
        CircuitBreaker circuit = of(provider);
        if (!circuit.tryAcquirePermission()) {
            throw new SpeechFailure(SpeechFailure.Kind.CIRCUIT_OPEN, provider.getName() + " was skipped: its circuit is open"
                    + " after repeated failures (next trial within " + provider.getCircuit().getWaitInOpen().toSeconds() + " s)");
        }
        long start = System.nanoTime();
        try {
            call.run();
            circuit.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (SpeechFailure f) {
            circuit.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, f);
            throw f;
        } catch (RuntimeException e) {
            circuit.releasePermission();
            throw e;
        }
    }

    /** The provider's circuit state, for the admin view and tests. */
    public CircuitBreaker.State state(SynthesisProperties.Provider provider) {
        return of(provider).getState();
    }

    private CircuitBreaker of(SynthesisProperties.Provider p) {
        SynthesisProperties.Circuit c = p.getCircuit();
        return registry.circuitBreaker("synthesis-" + p.getName(), () -> CircuitBreakerConfig.custom()
                .failureRateThreshold(c.getFailureRateThreshold())
                .minimumNumberOfCalls(c.getMinimumCalls())
                .slidingWindowSize(c.getSlidingWindow())
                .waitDurationInOpenState(c.getWaitInOpen())
                .permittedNumberOfCallsInHalfOpenState(c.getHalfOpenCalls())
                .build());
    }
}
