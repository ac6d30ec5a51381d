package io.castwire.processing.captions;

import io.castwire.processing.transcript.TranscriptSegment;
import java.util.ArrayList;
import java.util.List;

/** Builds small transcripts for the caption tests. */
final class Segments {

    private final List<TranscriptSegment> segments = new ArrayList<>();

    static Segments transcript() {
        return new Segments();
    }

    Segments add(long startMillis, long endMillis, String text) {
        return add(startMillis, endMillis, text, null);
    }

    Segments add(long startMillis, long endMillis, String text, String speaker) {
        segments.add(new TranscriptSegment(segments.size(), startMillis, endMillis, text, speaker));
        return this;
    }

    List<TranscriptSegment> list() {
        return List.copyOf(segments);
    }
}
