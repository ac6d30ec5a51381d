package io.castwire.processing.transcript;

import java.util.Locale;
import java.util.regex.Pattern;

/** Small text helpers shared by the readers. */
final class Text {

    // \p{Z} adds the no-break and other Unicode spaces that \s misses; caption files are full of them
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]+");
    private static final int EXCERPT_LENGTH = 80;

    private Text() {
    }

    /** Trims and collapses every run of whitespace to one space; {@code null} becomes "". */
    static String collapse(String text) {
        return text == null ? "" : WHITESPACE.matcher(text).replaceAll(" ").strip();
    }

    /** Quotes a piece of the input for a message, cut short so a huge line cannot flood a log or an e-mail. */
    static String quote(String text) {
        String shown = text.length() <= EXCERPT_LENGTH ? text : text.substring(0, EXCERPT_LENGTH - 3) + "...";
        return "'" + shown + "'";
    }

    /** Formats milliseconds as HH:MM:SS.mmm for messages. */
    static String time(long millis) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d",
                millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60, millis % 1000);
    }

    /** "1 cue", "2 cues". */
    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
