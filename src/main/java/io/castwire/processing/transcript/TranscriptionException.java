package io.castwire.processing.transcript;

import java.time.Duration;
import java.util.Optional;

/**
 * A transcription did not produce a transcript. The message is plain words for the episode's
 * timeline and never holds the API key or the service's whole answer.
 */
public class TranscriptionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean permanent;
    private final transient Duration retryAfter;

    /**
     * @param message   what went wrong, in plain words
     * @param permanent true when trying again cannot help (refused key, unusable answer, audio too large)
     * @param retryAfter how long the service asked the hub to wait, or {@code null}
     */
    public TranscriptionException(String message, boolean permanent, Duration retryAfter) {
        super(message);
        this.permanent = permanent;
        this.retryAfter = retryAfter;
    }

    public TranscriptionException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
        this.retryAfter = null;
    }

    static TranscriptionException permanent(String message) {
        return new TranscriptionException(message, true, (Duration) null);
    }

    static TranscriptionException retryable(String message, Throwable cause) {
        return new TranscriptionException(message, false, cause);
    }

    /** True when trying again cannot help; the episode is then processed without a transcript. */
    public boolean permanent() {
        return permanent;
    }

    /** The wait the service asked for (Retry-After), when it gave one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
