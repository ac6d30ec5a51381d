package io.castwire.processing.transcript;

import java.util.Objects;

/**
 * One timed piece of a transcript.
 *
 * @param index       position in the transcript after sorting, from 0
 * @param startMillis start time in milliseconds from the beginning of the media
 * @param endMillis   end time in milliseconds, never before {@code startMillis}
 * @param text        the spoken text, trimmed, with whitespace collapsed and markup removed
 * @param speaker     who speaks, or {@code null} when the source does not say
 */
public record TranscriptSegment(int index, long startMillis, long endMillis, String text, String speaker) {

    public TranscriptSegment {
        Objects.requireNonNull(text, "text");
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative: " + index);
        }
        if (startMillis < 0 || endMillis < startMillis) {
            throw new IllegalArgumentException("invalid times: " + startMillis + " -> " + endMillis);
        }
    }
}
