package io.castwire.processing.captions;

import io.castwire.processing.transcript.TranscriptSegment;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes captions in one format for an episode or for a clip of it.
 *
 * <p>The window is {@code [offsetMillis, clipEndMillis]} in the episode's time: captions outside it are
 * dropped, captions across an edge are cut, and every time is shifted by {@code -offsetMillis} so the
 * clip starts at zero. The whole episode is offset {@code 0} and end {@link #EPISODE_END}.
 */
public interface CaptionFormatWriter {

    /** The clip end that means "to the end of the episode". */
    long EPISODE_END = Long.MAX_VALUE;

    /** Writes the captions of the window to {@code out}; does not close it. */
    void write(List<TranscriptSegment> segments, long offsetMillis, long clipEndMillis, Writer out) throws IOException;

    /** The captions of the window as text. */
    default String render(List<TranscriptSegment> segments, long offsetMillis, long clipEndMillis) {
        StringWriter out = new StringWriter();
        try {
            write(segments, offsetMillis, clipEndMillis, out);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return out.toString();
    }

    /** The captions of the whole episode as text. */
    default String render(List<TranscriptSegment> segments) {
        return render(segments, 0, EPISODE_END);
    }
}
