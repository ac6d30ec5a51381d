package io.castwire.processing.metadata;

import java.util.List;

/**
 * Title, description, tags and chapters made for an episode, by an LLM or by the extractive path.
 * Any field may be null (an LLM answer that left it out); lists are never null.
 */
public record GeneratedMetadata(String title, String description, List<String> tags, List<GeneratedChapter> chapters) {

    public GeneratedMetadata {
        tags = tags == null ? List.of() : List.copyOf(tags);
        chapters = chapters == null ? List.of() : List.copyOf(chapters);
    }
}
