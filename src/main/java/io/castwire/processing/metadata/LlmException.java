package io.castwire.processing.metadata;

/**
 * An LLM call that gave no usable answer. {@link #permanent()} when asking again cannot help (a refused key, a
 * bad request); otherwise the service was down, busy or slow. Either way the step falls back to the extractive
 * path; only a transient failure counts against the circuit breaker. Messages never carry the key or the prompt.
 */
public class LlmException extends Exception {

    private final boolean permanent;

    public LlmException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public LlmException(String message, boolean permanent) {
        this(message, permanent, null);
    }

    public boolean permanent() {
        return permanent;
    }
}
