package io.castwire.episode;

import java.time.Instant;
import java.util.List;

/**
 * What a {@code <name>.meta.json} sidecar may set on an episode. Null fields are left alone.
 * {@code priority} is {@code urgent}, {@code normal} or {@code bulk} ({@link Priority}).
 */
public record EpisodeMetadata(String title, String description, Instant publishAt, List<String> destinations,
                              String priority) {

    public EpisodeMetadata(String title, String description, Instant publishAt, List<String> destinations) {
        this(title, description, publishAt, destinations, null);
    }
}
