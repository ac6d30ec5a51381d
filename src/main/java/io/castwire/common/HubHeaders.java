package io.castwire.common;

/** Header names castwire sets on messages. Values are prefixed {@code Castwire}. */
public final class HubHeaders {
    public static final String EPISODE_ID = "CastwireEpisodeId";
    public static final String SHOW_SLUG = "CastwireShowSlug";
    public static final String INGEST_OUTCOME = "CastwireIngestOutcome";

    private HubHeaders() {
    }
}
