package io.castwire.processing.captions;

import java.util.List;

/**
 * One caption as it is written: times relative to the start of the output (episode or clip), and
 * the text already wrapped into the lines or rows the format allows.
 *
 * @param speaker who speaks, or {@code null}
 */
record TimedCue(long startMillis, long endMillis, List<String> lines, String speaker) {

    TimedCue {
        lines = List.copyOf(lines);
    }

    /** The lines joined with single spaces, which is the text a reader sees. */
    String text() {
        return String.join(" ", lines);
    }
}
