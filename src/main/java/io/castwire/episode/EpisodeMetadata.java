package io.castwire.episode;

import java.time.Instant;
import java.util.List;

/** What a {@code <name>.meta.json} sidecar may set on an episode. Null fields are left alone. */
public record EpisodeMetadata(String title, String description, Instant publishAt, List<String> destinations) {
}
