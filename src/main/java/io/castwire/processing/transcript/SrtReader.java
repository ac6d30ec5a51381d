package io.castwire.processing.transcript;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SubRip (.srt) captions: an optional caption number, a timing line, text lines, a blank line.
 * <p>
 * Broken timing lines are rejected with their line number, because guessing times would publish wrong
 * captions. Layout problems seen in hand-edited files (a blank line inside a caption, a missing blank
 * line between captions) are tolerated.
 */
final class SrtReader {

    private static final String TIME = Timecodes.HOURS_MINUTES_SECONDS;
    // anything after the end time (old X1:/Y1: position boxes) is ignored
    private static final Pattern TIMING = Pattern.compile("\\s*" + TIME + "\\s*-->\\s*" + TIME + "(?:\\s.*)?");
    private static final Pattern CAPTION_NUMBER = Pattern.compile("\\d+");
    private static final Pattern MARKUP = Pattern.compile(
            "</?(?:i|b|u|s|font|span)(?:\\s[^>]*)?>" // the HTML subset players understand
                    + "|\\{\\\\[^}]*}",             // ASS overrides such as {\an8}
            Pattern.CASE_INSENSITIVE);

    private SrtReader() {
    }

    /** Reads all captions, in file order. */
    static List<RawCue> read(Reader reader) throws IOException, TranscriptParseException {
        NumberedLines lines = new NumberedLines(reader);
        List<RawCue> cues = new ArrayList<>();
        PendingCue cue = null;
        String captionNumber = null; // set while the timing line after a caption number is due
        boolean inBlock = false;     // false at the start and after a blank line

        for (String line = lines.next(); line != null; line = lines.next()) {
            String s = line.strip();
            if (captionNumber != null) {
                if (s.isEmpty()) {
                    throw missingTiming(lines.number(), captionNumber);
                }
                cue = start(s, lines.number(), captionNumber, cue, cues);
                captionNumber = null;
                inBlock = true;
            } else if (s.isEmpty()) {
                inBlock = false;
            } else if (!inBlock && CAPTION_NUMBER.matcher(s).matches()) {
                captionNumber = s;
            } else if (inBlock ? Timecodes.startsNextCue(s) : Timecodes.looksLikeTiming(s)) {
                if (inBlock) {
                    cue.dropTrailingCaptionNumber();
                }
                cue = start(s, lines.number(), null, cue, cues);
                inBlock = true;
            } else if (cue != null) {
                // also text that follows a stray blank line inside a caption
                cue.addLine(s);
                inBlock = true;
            } else {
                throw invalidTiming(lines.number(), s);
            }
        }
        if (captionNumber != null) {
            throw missingTiming(lines.number(), captionNumber);
        }
        finish(cue, cues);
        return cues;
    }

    private static PendingCue start(String timing, int lineNumber, String captionNumber,
                                    PendingCue previous, List<RawCue> cues) throws TranscriptParseException {
        Matcher m = TIMING.matcher(timing);
        if (!m.matches()) {
            throw invalidTiming(lineNumber, timing);
        }
        finish(previous, cues);
        String label = captionNumber == null
                ? "caption at line " + lineNumber
                : "caption " + captionNumber + " (line " + lineNumber + ")";
        return new PendingCue(Timecodes.millis(m, 1), Timecodes.millis(m, 5), label);
    }

    private static void finish(PendingCue cue, List<RawCue> cues) {
        if (cue != null) {
            cues.add(cue.toCue(MARKUP.matcher(cue.rawText()).replaceAll(""), null));
        }
    }

    private static TranscriptParseException missingTiming(int lineNumber, String captionNumber) {
        return new TranscriptParseException("line " + lineNumber + ": caption " + captionNumber
                + " has no timing line (expected HH:MM:SS,mmm --> HH:MM:SS,mmm)");
    }

    private static TranscriptParseException invalidTiming(int lineNumber, String line) {
        return new TranscriptParseException("line " + lineNumber + ": " + Text.quote(line)
                + " is not a valid SRT timing line (expected HH:MM:SS,mmm --> HH:MM:SS,mmm)");
    }
}
