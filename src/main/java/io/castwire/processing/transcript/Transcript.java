package io.castwire.processing.transcript;

import java.util.List;
import java.util.Objects;

/**
 * A parsed transcript.
 *
 * @param format   the format the file turned out to be
 * @param segments the segments, sorted by start time and indexed from 0
 * @param warnings things that were repaired or worth telling the producer; empty when the file was clean
 */
public record Transcript(TranscriptFormat format, List<TranscriptSegment> segments, List<String> warnings) {

    public Transcript {
        Objects.requireNonNull(format, "format");
        segments = List.copyOf(segments);
        warnings = List.copyOf(warnings);
    }
}
