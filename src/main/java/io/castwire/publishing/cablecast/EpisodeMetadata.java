package io.castwire.publishing.cablecast;

import io.castwire.episode.EpisodeRepository;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The episode metadata that syncs with Cablecast: title (the file's base name when it has none),
 * description, category, and when castwire's copy last changed ({@code metadata_updated_at}, else
 * the row's creation). Reads and writes go through {@link EpisodeRepository}.
 */
@Component
public class EpisodeMetadata {

    /** One episode's synced fields. */
    public record Values(long episodeId, String title, String description, String category, Instant changedAt) {
    }

    private final EpisodeRepository episodes;

    public EpisodeMetadata(EpisodeRepository episodes) {
        this.episodes = episodes;
    }

    public Optional<Values> of(long episodeId) {
        return episodes.findById(episodeId).map(e -> new Values(e.id(), e.title() != null ? e.title() : e.baseName(),
                e.description() == null ? "" : e.description().strip(), e.category(),
                e.metadataUpdatedAt() != null ? e.metadataUpdatedAt() : e.createdAt()));
    }

    /** Takes Cablecast's values into castwire; returns the new metadata_updated_at. */
    public Instant update(long episodeId, String title, String description, String category) {
        return episodes.replaceMetadata(episodeId, title, description, category);
    }
}
