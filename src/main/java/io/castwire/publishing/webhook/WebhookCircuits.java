package io.castwire.publishing.webhook;

import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.DestinationSettings;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * One Resilience4j circuit breaker per subscriber, around the HTTP call only. What counts as a
 * failure: no answer, a 5xx, a 429, a timeout. A permanent refusal (4xx, SSRF guard, bad secret)
 * says nothing about the receiver being down, so it counts as a success. While a circuit is open,
 * {@link #call} sends nothing and throws {@link WebhookCircuitOpenException}.
 */
@Component
public class WebhookCircuits {

    /** The HTTP call, which reports a failing receiver by throwing. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws DeliveryException;
    }

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    private final WebhookProperties properties;

    public WebhookCircuits(WebhookProperties properties) {
        this.properties = properties;
    }

    /** Runs the call through the subscriber's circuit. */
    public <T> T call(WebhookProperties.Subscriber subscriber, Call<T> call) throws DeliveryException {
        CircuitBreaker circuit = of(subscriber);
        if (!circuit.tryAcquirePermission()) {
            throw new WebhookCircuitOpenException(subscriber.getName(), properties.circuitOf(subscriber).getWaitInOpen());
        }
        long start = System.nanoTime();
        try {
            T result = call.run();
            circuit.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        } catch (PermanentDeliveryException refused) {
            circuit.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            throw refused;
        } catch (DeliveryException failed) {
            circuit.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, failed);
            throw failed;
        } catch (RuntimeException bug) {
            circuit.releasePermission();
            throw bug;
        }
    }

    /** The circuit's state, for the admin view and tests. */
    public CircuitBreaker.State state(WebhookProperties.Subscriber subscriber) {
        return of(subscriber).getState();
    }

    private CircuitBreaker of(WebhookProperties.Subscriber subscriber) {
        return registry.circuitBreaker("webhook-" + subscriber.getName(), () -> config(properties.circuitOf(subscriber)));
    }

    private static CircuitBreakerConfig config(DestinationSettings.Circuit c) {
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(c.getFailureRateThreshold())
                .minimumNumberOfCalls(c.getMinimumCalls())
                .slidingWindowSize(c.getSlidingWindow())
                .waitDurationInOpenState(c.getWaitInOpen())
                .permittedNumberOfCallsInHalfOpenState(c.getHalfOpenCalls())
                .build();
    }
}
