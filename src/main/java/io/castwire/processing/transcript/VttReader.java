package io.castwire.processing.transcript;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads WebVTT (.vtt) captions: the WEBVTT header, then blocks separated by blank lines, each either a
 * NOTE/STYLE/REGION block (skipped) or a cue with an optional identifier, a timing line and text.
 */
final class VttReader {

    private static final String TIME = "(?:(\\d{1,2}):)?([0-5]?\\d):([0-5]?\\d)[.,](\\d{1,3})";
    // cue settings such as "align:start position:10%" may follow the end time
    private static final Pattern TIMING = Pattern.compile("\\s*" + TIME + "\\s*-->\\s*" + TIME + "(?:\\s.*)?");
    private static final Pattern SKIPPED_BLOCK = Pattern.compile("(?:NOTE|STYLE|REGION)(?:\\s.*)?");
    private static final Pattern VOICE = Pattern.compile("<v(?:\\.[^\\s>]*)?\\s+([^>]*)>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(amp|lt|gt|quot|apos|nbsp|lrm|rlm|#\\d{1,7}|#[xX][0-9a-fA-F]{1,6});");
    private static final Map<String, String> NAMED_ENTITIES = Map.of(
            "amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", " ", "lrm", "", "rlm", "");

    private VttReader() {
    }

    /** Reads all cues, in file order. */
    static List<RawCue> read(Reader reader) throws IOException, TranscriptParseException {
        NumberedLines lines = new NumberedLines(reader);
        requireHeader(lines.next());
        skipUntilBlank(lines); // the rest of the header block, e.g. "Kind: captions"

        List<RawCue> cues = new ArrayList<>();
        PendingCue cue = null;
        String identifier = null;  // first line of a block that was not a timing line
        int identifierLine = 0;
        boolean inBlock = false;
        boolean skipping = false;  // inside a NOTE, STYLE or REGION block

        for (String line = lines.next(); line != null; line = lines.next()) {
            String s = line.strip();
            if (s.isEmpty()) {
                if (identifier != null) {
                    addOrphan(identifier, null, identifierLine, cue);
                    identifier = null;
                }
                inBlock = false;
                skipping = false;
            } else if (skipping) {
                // the rest of a NOTE, STYLE or REGION block carries no captions
            } else if (identifier != null) {
                if (s.contains("-->")) {
                    cue = start(s, lines.number(), identifier, cue, cues);
                } else {
                    addOrphan(identifier, s, lines.number(), cue);
                }
                identifier = null;
            } else if (!inBlock) {
                inBlock = true;
                if (SKIPPED_BLOCK.matcher(s).matches()) {
                    skipping = true;
                } else if (Timecodes.looksLikeTiming(s)) {
                    cue = start(s, lines.number(), null, cue, cues);
                } else {
                    identifier = s;
                    identifierLine = lines.number();
                }
            } else if (Timecodes.startsNextCue(s)) {
                cue = start(s, lines.number(), null, cue, cues); // blank line before it is missing
            } else {
                cue.addLine(s);
            }
        }
        if (identifier != null) {
            addOrphan(identifier, null, identifierLine, cue);
        }
        finish(cue, cues);
        return cues;
    }

    private static void requireHeader(String first) throws TranscriptParseException {
        boolean valid = first != null && first.startsWith("WEBVTT")
                && (first.length() == 6 || first.charAt(6) == ' ' || first.charAt(6) == '\t');
        if (!valid) {
            throw new TranscriptParseException("line 1: a WebVTT file must start with 'WEBVTT', found "
                    + Text.quote(first == null ? "" : first));
        }
    }

    private static void skipUntilBlank(NumberedLines lines) throws IOException {
        for (String line = lines.next(); line != null && !line.isBlank(); line = lines.next()) {
            // header metadata carries no captions
        }
    }

    /**
     * A block whose first line was not followed by a timing line. After a cue it is read as more text of
     * that cue (a stray blank line inside a caption); before any cue there is nothing it could belong to.
     *
     * @param lineNumber the line of {@code second}, or of {@code first} when there is no second line
     */
    private static void addOrphan(String first, String second, int lineNumber, PendingCue cue)
            throws TranscriptParseException {
        if (cue == null || (second != null && Timecodes.looksLikeTiming(second))) {
            throw invalidTiming(lineNumber, second == null ? first : second);
        }
        cue.addLine(first);
        if (second != null) {
            cue.addLine(second);
        }
    }

    private static PendingCue start(String timing, int lineNumber, String identifier,
                                    PendingCue previous, List<RawCue> cues) throws TranscriptParseException {
        Matcher m = TIMING.matcher(timing);
        if (!m.matches()) {
            throw invalidTiming(lineNumber, timing);
        }
        finish(previous, cues);
        String label = identifier == null
                ? "cue at line " + lineNumber
                : "cue " + Text.quote(identifier) + " (line " + lineNumber + ")";
        return new PendingCue(Timecodes.millis(m, 1), Timecodes.millis(m, 5), label);
    }

    private static void finish(PendingCue cue, List<RawCue> cues) {
        if (cue == null) {
            return;
        }
        String raw = cue.rawText();
        Matcher voice = VOICE.matcher(raw);
        // a cue with several voices keeps the first speaker; the text of all of them is kept
        String speaker = voice.find() ? decodeEntities(voice.group(1)) : null;
        cues.add(cue.toCue(decodeEntities(TAG.matcher(raw).replaceAll("")), speaker));
    }

    private static String decodeEntities(String text) {
        return ENTITY.matcher(text).replaceAll(m -> Matcher.quoteReplacement(decode(m.group(1), m.group())));
    }

    private static String decode(String entity, String original) {
        if (!entity.startsWith("#")) {
            return NAMED_ENTITIES.get(entity);
        }
        boolean hex = entity.length() > 1 && (entity.charAt(1) == 'x' || entity.charAt(1) == 'X');
        int codePoint = Integer.parseInt(entity.substring(hex ? 2 : 1), hex ? 16 : 10);
        return Character.isValidCodePoint(codePoint) ? Character.toString(codePoint) : original;
    }

    private static TranscriptParseException invalidTiming(int lineNumber, String line) {
        return new TranscriptParseException("line " + lineNumber + ": " + Text.quote(line)
                + " is not a valid WebVTT timing line (expected [HH:]MM:SS.mmm --> [HH:]MM:SS.mmm)");
    }
}
