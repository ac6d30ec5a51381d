package io.castwire.processing.metadata;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.publishing.delivery.DestinationSettings;
import io.castwire.publishing.delivery.Secrets;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The configured LLM behind one Resilience4j circuit breaker. A call that got no answer (5xx, 429, timeout,
 * connection refused, after the client's own retries) counts as a failure; a refusal (401, 400) says nothing about
 * the service being down and counts as a success. While the circuit is open no call is made.
 */
@Component
public class LlmGateway {

    private final MetadataProperties properties;
    private final Secrets secrets;
    private final ObjectMapper json;
    private final LlmHttp http;
    private final CircuitBreaker circuit;

    public LlmGateway(MetadataProperties properties, Secrets secrets, ObjectMapper json) {
        this.properties = properties;
        this.secrets = secrets;
        this.json = json;
        this.http = new LlmHttp(properties);
        this.circuit = CircuitBreaker.of("metadata-llm", config(properties.getCircuit()));
    }

    /** True when a provider is configured (the key may still be missing: {@link #complete} says so). */
    public boolean enabled() {
        return properties.llmEnabled();
    }

    /** The provider's name, e.g. {@code gemini}. */
    public String provider() {
        return properties.getProvider();
    }

    /** The circuit's state, for tests and the runbook. */
    public CircuitBreaker.State state() {
        return circuit.getState();
    }

    /**
     * Asks the LLM.
     *
     * @throws LlmException no usable answer: no key, refused, down, slow, or the circuit is open
     */
    public LlmAnswer complete(String system, String prompt) throws LlmException {
        String key = secrets.get(properties.getApiKeyEnv());
        if (key == null) {
            throw new LlmException("no API key: the variable " + properties.getApiKeyEnv() + " is not set", true);
        }
        LlmClient client = MetadataProperties.GEMINI.equals(properties.getProvider())
                ? new GeminiClient(properties, http, json, key)
                : new OpenAiClient(properties, http, json, key);
        if (!circuit.tryAcquirePermission()) {
            throw new LlmException("the circuit to " + provider() + " is open after repeated failures; next try in up to "
                    + properties.getCircuit().getWaitInOpen().toSeconds() + " s", false);
        }
        long start = System.nanoTime();
        try {
            LlmAnswer answer = client.complete(system, prompt);
            circuit.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return answer;
        } catch (LlmException e) {
            if (e.permanent()) {
                circuit.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            } else {
                circuit.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            }
            throw e;
        } catch (RuntimeException bug) {
            circuit.releasePermission();
            throw bug;
        }
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
