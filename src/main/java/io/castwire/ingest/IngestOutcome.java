package io.castwire.ingest;

/** What happened to one inbox file. {@code dueNow} says the episode can be processed at once. */
public record IngestOutcome(Result result, Long episodeId, boolean dueNow, String message) {

    /** The kinds of outcome. */
    public enum Result { REGISTERED, ATTACHED, PENDING, QUARANTINED, COMPLETED_AFTER_RESTART }

    public static IngestOutcome quarantined(String message) {
        return new IngestOutcome(Result.QUARANTINED, null, false, message);
    }
}
