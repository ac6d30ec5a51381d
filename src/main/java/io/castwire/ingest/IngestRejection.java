package io.castwire.ingest;

import java.util.Map;

/**
 * Bad input: the file is quarantined with an {@code .error.json} built from this. The message is
 * written for the producer who dropped the file, in plain words.
 */
public class IngestRejection extends Exception {

    /** Why a file was refused; the code is stable, the message is for people. */
    public enum Code {
        EMPTY_FILE, TOO_LARGE, QUOTA_EXCEEDED, DISK_FULL, UNSUPPORTED_TYPE, NOT_MEDIA, NO_AUDIO_OR_VIDEO, TRUNCATED,
        UNSAFE_FILE, BAD_LOCATION, DUPLICATE, MALFORMED_TRANSCRIPT, MALFORMED_METADATA, ORPHAN_SIDECAR, INTERNAL_ERROR
    }

    private final Code code;
    private final String hint;
    private final transient Map<String, Object> details;

    public IngestRejection(Code code, String message, String hint) {
        this(code, message, hint, Map.of());
    }

    public IngestRejection(Code code, String message, String hint, Map<String, Object> details) {
        super(message);
        this.code = code;
        this.hint = hint;
        this.details = details;
    }

    public Code code() { return code; }
    public String hint() { return hint; }
    public Map<String, Object> details() { return details; }
}
