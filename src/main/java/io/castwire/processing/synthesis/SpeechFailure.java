package io.castwire.processing.synthesis;

/**
 * Why one provider did not produce usable audio. The {@link Kind} decides what the chain does next:
 * only a transient failure is retried on the same provider; every other kind moves on at once.
 */
public class SpeechFailure extends Exception {

    /** What went wrong, which decides retry or next provider. */
    public enum Kind {
        /** 5xx, 408, timeout, connection refused: the same provider may answer next time. */
        TRANSIENT,
        /** 429 or a quota message: no more audio from this account for now. */
        QUOTA,
        /** 401/403 or no key configured: the key is wrong or missing. */
        AUTH,
        /** another 4xx: the provider refused this request. */
        REJECTED,
        /** the answer was empty, too short or not decodable audio. */
        BAD_AUDIO,
        /** the provider's circuit is open: it was not called. */
        CIRCUIT_OPEN,
        /** a local engine is missing or crashed. */
        UNAVAILABLE
    }

    private final Kind kind;

    public SpeechFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SpeechFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The failure for an HTTP status that is not 2xx. */
    public static SpeechFailure ofStatus(String provider, int status, String detail) {
        String said = detail == null || detail.isBlank() ? "" : ": " + detail;
        if (status == 401 || status == 403) {
            // the provider's text may quote part of the key: left out
            return new SpeechFailure(Kind.AUTH, provider + " refused the API key (HTTP " + status + ")");
        }
        if (status == 429 || status == 402) {
            return new SpeechFailure(Kind.QUOTA, provider + " is over its quota or rate limit (HTTP " + status + said + ")");
        }
        if (status == 408 || status >= 500) {
            return new SpeechFailure(Kind.TRANSIENT, provider + " answered HTTP " + status + said);
        }
        return new SpeechFailure(Kind.REJECTED, provider + " rejected the request (HTTP " + status + said + ")");
    }
}
