package io.castwire.episode;

import java.time.Instant;

/** An episode row: one version of one media file of a show. */
public record Episode(
        long id,
        long showId,
        String showSlug,
        String sourceName,
        String baseName,
        int version,
        EpisodeState state,
        String stateDetail,
        String contentHash,
        long sizeBytes,
        String mediaPath,
        MediaInfo media,
        String title,
        String description,
        Instant publishAt,
        String destinations,
        String transcriptFormat,
        int transcriptSegments,
        int attempts,
        Instant processAfter,
        Instant createdAt,
        Instant updatedAt,
        String category,
        Instant metadataUpdatedAt) {
}
