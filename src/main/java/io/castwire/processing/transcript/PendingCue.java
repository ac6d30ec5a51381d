package io.castwire.processing.transcript;

import java.util.ArrayList;
import java.util.List;

/** A caption whose timing line has been read and whose text lines are still coming in. */
final class PendingCue {

    private final long startMillis;
    private final long endMillis;
    private final String label;
    private final List<String> lines = new ArrayList<>();

    PendingCue(long startMillis, long endMillis, String label) {
        this.startMillis = startMillis;
        this.endMillis = endMillis;
        this.label = label;
    }

    void addLine(String line) {
        lines.add(line);
    }

    /**
     * Drops the last text line if it is only digits: when the blank line before a caption is missing, its
     * caption number ends up as the last text line of the previous caption.
     */
    void dropTrailingCaptionNumber() {
        if (!lines.isEmpty() && lines.get(lines.size() - 1).chars().allMatch(Character::isDigit)) {
            lines.remove(lines.size() - 1);
        }
    }

    /** The text lines joined by single spaces, markup still in place. */
    String rawText() {
        return String.join(" ", lines);
    }

    RawCue toCue(String text, String speaker) {
        return new RawCue(startMillis, endMillis, text, speaker, label);
    }
}
