package io.castwire.episode;

/**
 * A section another feature adds to {@code GET /api/episodes/{id}} for admins (YouTube's imported
 * analytics, say), so the episode package does not depend on the features that add to it.
 */
public interface EpisodeDetails {

    /** The field name in the episode's JSON. */
    String key();

    /** The section for the episode, or null to leave it out. */
    Object of(long episodeId);
}
