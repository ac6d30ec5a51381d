package io.castwire.episode;

/** What ingest knows about media when it registers it. */
public record NewEpisode(
        long showId,
        String sourceName,
        String baseName,
        String contentHash,
        long sizeBytes,
        String mediaPath,
        MediaInfo media) {
}
