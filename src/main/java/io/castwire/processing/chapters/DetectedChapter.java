package io.castwire.processing.chapters;

import java.util.List;
import java.util.Objects;

/**
 * A chapter found in a transcript by {@link ChapterDetector}.
 *
 * @param startMillis where the chapter starts: 0 for the first chapter, otherwise the start of a transcript segment
 * @param title       a short human title, never blank, at most {@value ChapterTitles#MAX_TITLE_LENGTH} characters
 * @param keywords    the chapter's most distinctive words, most distinctive first, lower case; may be empty
 */
public record DetectedChapter(long startMillis, String title, List<String> keywords) {

    public DetectedChapter {
        if (startMillis < 0) {
            throw new IllegalArgumentException("startMillis must not be negative: " + startMillis);
        }
        Objects.requireNonNull(title, "title");
        if (title.isBlank()) {
            throw new IllegalArgumentException("title must not be blank");
        }
        keywords = List.copyOf(keywords);
    }
}
