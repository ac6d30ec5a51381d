package io.castwire.processing.metadata;

import java.util.Objects;

/**
 * A chapter of generated metadata: a range of the media and its title.
 *
 * @param startMillis where it starts; after the grounding guard, the start of a transcript segment (0 for the first)
 * @param endMillis   where it ends; after the guard, the end of a transcript segment
 * @param title       a short title
 */
public record GeneratedChapter(long startMillis, long endMillis, String title) {

    public GeneratedChapter {
        Objects.requireNonNull(title, "title");
    }
}
