package io.castwire.processing.transcript;

/**
 * A transcript file cannot be used. The message is written for the producer who sent the file: plain
 * words, with the line number when there is one.
 */
public class TranscriptParseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the file, in plain words */
    public TranscriptParseException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with the file, in plain words
     * @param cause   the low-level failure, kept for logs
     */
    public TranscriptParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
