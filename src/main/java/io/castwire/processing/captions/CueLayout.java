package io.castwire.processing.captions;

import io.castwire.processing.transcript.TranscriptSegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Turns transcript segments into captions that fit a format: wraps the text, splits a segment that
 * needs more lines than one caption holds into several captions whose durations follow the amount of
 * text in each, and cuts the result to a window of the media.
 */
final class CueLayout {

    private CueLayout() {
    }

    /**
     * Lays out {@code segments} for the window {@code [offsetMillis, clipEndMillis]}: captions outside it
     * are dropped, captions across an edge are cut at it, and all times are shifted by {@code -offsetMillis}.
     * Segments are split before they are cut, so a clip edge falling inside a long segment keeps only
     * the part of the text that belongs to the clip's time.
     *
     * @param prepare turns a segment's text into the characters the format can show, before wrapping
     */
    static List<TimedCue> layout(List<TranscriptSegment> segments, long offsetMillis, long clipEndMillis,
            int width, int maxLines, UnaryOperator<String> prepare) {
        checkWindow(offsetMillis, clipEndMillis);
        List<TranscriptSegment> sorted = new ArrayList<>(segments);
        sorted.sort(Comparator.comparingLong(TranscriptSegment::startMillis).thenComparingInt(TranscriptSegment::index));
        List<TimedCue> cues = new ArrayList<>();
        for (TranscriptSegment segment : sorted) {
            String text = collapse(prepare.apply(segment.text()));
            if (text.isEmpty()) {
                continue;
            }
            List<List<String>> pages = pages(wrap(text, width), maxLines);
            long[] bounds = proportionalBounds(segment.startMillis(), segment.endMillis(), pages);
            for (int i = 0; i < pages.size(); i++) {
                long start = Math.max(bounds[i], offsetMillis);
                long end = Math.min(bounds[i + 1], clipEndMillis);
                // a zero-length caption cannot be seen; one outside the window does not belong to it
                if (end > start) {
                    cues.add(new TimedCue(start - offsetMillis, end - offsetMillis, pages.get(i), blankToNull(segment.speaker())));
                }
            }
        }
        return cues;
    }

    static void checkWindow(long offsetMillis, long clipEndMillis) {
        if (offsetMillis < 0 || clipEndMillis <= offsetMillis) {
            throw new IllegalArgumentException("invalid caption window: " + offsetMillis + " -> " + clipEndMillis);
        }
    }

    /**
     * Greedy word wrap to at most {@code width} characters a line. A word longer than a line is cut
     * into pieces, since a caption row cannot grow.
     */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : collapse(text).split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            while (word.length() > width) {
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                lines.add(word.substring(0, width));
                word = word.substring(width);
            }
            if (line.isEmpty()) {
                line.append(word);
            } else if (line.length() + 1 + word.length() <= width) {
                line.append(' ').append(word);
            } else {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static List<List<String>> pages(List<String> lines, int maxLines) {
        List<List<String>> pages = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += maxLines) {
            pages.add(lines.subList(i, Math.min(lines.size(), i + maxLines)));
        }
        return pages;
    }

    /** Page boundaries from the running character count, so rounding never drifts past the segment's end. */
    private static long[] proportionalBounds(long start, long end, List<List<String>> pages) {
        long[] weights = new long[pages.size()];
        long total = 0;
        for (int i = 0; i < pages.size(); i++) {
            weights[i] = String.join(" ", pages.get(i)).length();
            total += weights[i];
        }
        long[] bounds = new long[pages.size() + 1];
        bounds[0] = start;
        long running = 0;
        long duration = end - start;
        for (int i = 0; i < pages.size(); i++) {
            running += weights[i];
            bounds[i + 1] = start + (duration * running + total / 2) / total;
        }
        bounds[pages.size()] = end;
        return bounds;
    }

    static String collapse(String text) {
        return text == null ? "" : text.replaceAll("[\\s\\p{Z}]+", " ").strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : collapse(s);
    }
}
