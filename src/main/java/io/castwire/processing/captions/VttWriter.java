package io.castwire.processing.captions;

import io.castwire.processing.transcript.TranscriptSegment;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * WebVTT captions: {@code HH:MM:SS.mmm} times, a {@code <v Speaker>} voice span when the speaker is
 * known, text escaped so a transcript's {@code <}, {@code >} and {@code &} are shown, not parsed.
 */
@Component
public class VttWriter implements CaptionFormatWriter {

    static final int LINE_WIDTH = 42;
    static final int MAX_LINES = 2;

    /** Writes WebVTT captions for the window; see {@link CaptionFormatWriter}. */
    @Override
    public void write(List<TranscriptSegment> segments, long offsetMillis, long clipEndMillis, Writer out) throws IOException {
        List<TimedCue> cues = CueLayout.layout(segments, offsetMillis, clipEndMillis, LINE_WIDTH, MAX_LINES, t -> t);
        out.write("WEBVTT\n\n");
        for (TimedCue cue : cues) {
            out.write(time(cue.startMillis()) + " --> " + time(cue.endMillis()) + "\n");
            // the voice span needs no end tag: it runs to the end of the cue, across its lines
            String voice = cue.speaker() == null ? "" : "<v " + escape(cue.speaker()) + ">";
            StringBuilder text = new StringBuilder(voice);
            for (int i = 0; i < cue.lines().size(); i++) {
                text.append(i == 0 ? "" : "\n").append(escape(cue.lines().get(i)));
            }
            out.write(text + "\n\n");
        }
    }

    static String time(long millis) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d",
                millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60, millis % 1000);
    }

    /** Escapes the three characters WebVTT cue text gives a meaning ({@code -->} cannot survive either). */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
