package io.castwire.processing.captions;

import io.castwire.processing.transcript.TranscriptSegment;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * SubRip captions: numbered cues, {@code HH:MM:SS,mmm} times, at most two lines of about 42 characters.
 * SubRip has no speaker markup, so speakers are left out.
 */
@Component
public class SrtWriter implements CaptionFormatWriter {

    static final int LINE_WIDTH = 42;
    static final int MAX_LINES = 2;

    /** Writes SubRip captions for the window; see {@link CaptionFormatWriter}. */
    @Override
    public void write(List<TranscriptSegment> segments, long offsetMillis, long clipEndMillis, Writer out) throws IOException {
        int number = 1;
        for (TimedCue cue : CueLayout.layout(segments, offsetMillis, clipEndMillis, LINE_WIDTH, MAX_LINES, t -> t)) {
            out.write(number++ + "\n");
            out.write(time(cue.startMillis()) + " --> " + time(cue.endMillis()) + "\n");
            out.write(String.join("\n", cue.lines()) + "\n\n");
        }
    }

    static String time(long millis) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d,%03d",
                millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60, millis % 1000);
    }
}
