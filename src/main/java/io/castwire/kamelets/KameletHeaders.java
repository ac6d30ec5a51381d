package io.castwire.kamelets;

/** Headers the castwire Kamelets read and set (values prefixed {@code Castwire}, as everywhere in the hub). */
public final class KameletHeaders {

    /** The episode a sink publishes (when the body does not name it). */
    public static final String EPISODE_ID = "CastwireEpisodeId";
    /** Optional: one of the episode's clips instead of the episode itself. */
    public static final String CLIP_ID = "CastwireClipId";
    /** Set by the sinks: the publication ledger row (or webhook deliveries) queued. */
    public static final String PUBLICATION_ID = "CastwirePublicationId";
    /** Set by the file sources: the show the file was handed to. */
    public static final String SHOW = "CastwireShow";
    /** Set by the file sources: where the file now waits, relative to the inbox ({@code show/name}). */
    public static final String INBOX_PATH = "CastwireInboxPath";
    /** Set by the webhook source: the {@code {source}} of {@code /webhooks/{source}}. */
    public static final String WEBHOOK_SOURCE = "CastwireWebhookSource";
    /** Set by the clip action: the clip's length as ffmpeg wrote it, in milliseconds. */
    public static final String CLIP_DURATION_MS = "CastwireClipDurationMs";

    private KameletHeaders() {
    }
}
