package io.castwire.processing.transcript;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines one at a time and remembers the current line number for messages. Accepts LF, CRLF and
 * lone CR endings, as {@link BufferedReader#readLine()} does.
 */
final class NumberedLines {

    private final BufferedReader in;
    private int number;

    NumberedLines(Reader reader) {
        this.in = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
    }

    /** The next line without its line ending, or {@code null} at the end. */
    String next() throws IOException {
        String line = in.readLine();
        if (line != null) {
            number++;
        }
        return line;
    }

    /** The 1-based number of the line last returned by {@link #next()}. */
    int number() {
        return number;
    }
}
