package io.castwire.processing.transcript;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the parts of an HH:MM:SS,mmm style timestamp into milliseconds. */
final class Timecodes {

    /**
     * HH:MM:SS,mmm (or with a dot), as four groups. Minutes and seconds above 59 do not match, which is
     * why {@link #millis} needs no range check.
     */
    static final String HOURS_MINUTES_SECONDS = "(\\d{1,2}):([0-5]?\\d):([0-5]?\\d)[,.](\\d{1,3})";

    /** Start of a line that is trying to be a timing line, even if it is broken. */
    static final Pattern LOOKS_LIKE_TIME = Pattern.compile("\\d{1,2}:\\d");

    private Timecodes() {
    }

    /**
     * Reads four consecutive groups (hours, minutes, seconds, fraction) starting at {@code firstGroup}.
     * Hours may be {@code null} for WebVTT's MM:SS.mmm.
     */
    static long millis(Matcher m, int firstGroup) {
        String hours = m.group(firstGroup);
        long h = hours == null ? 0 : Long.parseLong(hours);
        long minutes = Long.parseLong(m.group(firstGroup + 1));
        long seconds = Long.parseLong(m.group(firstGroup + 2));
        // the digits after the comma are a decimal fraction: ",5" is half a second, not 5 ms
        long fraction = Long.parseLong((m.group(firstGroup + 3) + "00").substring(0, 3));
        return ((h * 60 + minutes) * 60 + seconds) * 1000 + fraction;
    }

    /** Whether a caption line is an attempt at a timing line, so a broken one is reported rather than read as text. */
    static boolean looksLikeTiming(String line) {
        return line.contains("-->") || LOOKS_LIKE_TIME.matcher(line).lookingAt();
    }

    /**
     * Whether a line inside a caption's text starts the next caption because the blank line between
     * them is missing. Needs both the arrow and a leading time, so dialogue like "a --> b" stays text.
     */
    static boolean startsNextCue(String line) {
        return line.contains("-->") && LOOKS_LIKE_TIME.matcher(line).lookingAt();
    }
}
