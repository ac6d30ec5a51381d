package io.castwire.processing.captions;

import io.castwire.processing.captions.Cea608.Unit;
import io.castwire.processing.transcript.TranscriptSegment;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Scenarist SCC captions: CEA-608 channel 1 pop-on captions at 29.97 fps drop-frame.
 *
 * <p>Every caption is loaded into the decoder's hidden memory and then flipped on screen:
 * <pre>
 *   show - n   ENM ENM RCL RCL PAC PAC text... (PAC PAC text...)   n words, one per frame
 *   show       EOC EOC                                             the caption appears
 *   end        EDM EDM                                             the screen is cleared
 * </pre>
 * The end-of-caption code gets a line of its own at the display time, so the caption appears at the
 * frame its timecode names whatever a decoder does with the time inside a line (ffmpeg stamps a whole
 * line with its first frame). When the previous caption must be cleared while the next one is still
 * loading, the erase goes between two words of the loading block at its own time; the block then
 * starts two frames earlier. A caption whose block cannot start after the previous caption's data
 * is shown later, and the shift is reported.
 *
 * <p>Rows are at most 32 characters, a caption at most 4 rows, placed at the bottom (rows 12-15); a
 * segment that needs more rows becomes several captions sharing its time by text length.
 */
@Component
public class SccWriter implements CaptionFormatWriter {

    private static final Logger LOG = LoggerFactory.getLogger(SccWriter.class);
    static final String HEADER = "Scenarist_SCC V1.0";
    static final int MAX_ROWS = 4;
    /** A caption's EOC pair takes its display frame and the next one. */
    private static final int CODE_FRAMES = 2;

    private final SccLint lint;

    public SccWriter() {
        this(new SccLint());
    }

    SccWriter(SccLint lint) {
        this.lint = lint;
    }

    /** Writes SCC captions for the window; see {@link CaptionFormatWriter}. Shifted captions are logged. */
    @Override
    public void write(List<TranscriptSegment> segments, long offsetMillis, long clipEndMillis, Writer out) throws IOException {
        SccCaptions captions = captions(segments, offsetMillis, clipEndMillis);
        if (!captions.shifts().isEmpty()) {
            LOG.info("{} of the SCC captions appear later than the transcript says, the largest by {} ms",
                    captions.shifts().size(),
                    captions.shifts().stream().mapToLong(s -> s.shownMillis() - s.wantedMillis()).max().orElse(0));
        }
        out.write(captions.text());
    }

    /**
     * The SCC file for the window and the captions that had to be shown late.
     *
     * @throws IllegalStateException when the file would not pass {@link SccLint}; castwire never writes one
     */
    public SccCaptions captions(List<TranscriptSegment> segments, long offsetMillis, long clipEndMillis) {
        List<TimedCue> cues = CueLayout.layout(segments, offsetMillis, clipEndMillis, Cea608.COLUMNS, MAX_ROWS,
                Cea608::displayable);
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        List<SccCaptions.Shift> shifts = new ArrayList<>();
        long free = 0;          // first frame no line has taken yet
        long pendingClear = -1; // when the caption on screen should be erased; -1: nothing on screen
        for (int i = 0; i < cues.size(); i++) {
            TimedCue cue = cues.get(i);
            List<Unit> load = loadingBlock(cue.lines());
            int frames = load.stream().mapToInt(Unit::frames).sum();
            long wanted = DropFrameTimecode.framesFromMillis(cue.startMillis());
            long show = wanted;
            boolean clear;
            boolean clearInside;
            long start;
            while (true) {
                // a caption that follows within a frame replaces the previous one without an erase
                clear = pendingClear >= 0 && show >= pendingClear + CODE_FRAMES;
                clearInside = clear && pendingClear + CODE_FRAMES > show - frames;
                start = show - frames - (clearInside ? CODE_FRAMES : 0);
                if (start >= free) {
                    break;
                }
                show += free - start;
            }
            if (clear && !clearInside) {
                line(text, pendingClear, List.of(Unit.control(Cea608.EDM)));
                line(text, start, load);
            } else if (clearInside) {
                // cut the block at the first unit boundary at or after the erase time: the two copies
                // of a code stay together, and the previous caption stays at most a frame longer
                int cut = 0;
                long at = start;
                while (at < pendingClear) {
                    at += load.get(cut++).frames();
                }
                line(text, start, load.subList(0, cut));
                line(text, at, List.of(Unit.control(Cea608.EDM)));
                line(text, at + CODE_FRAMES, load.subList(cut, load.size()));
            } else {
                line(text, start, load);
            }
            line(text, show, List.of(Unit.control(Cea608.EOC)));
            if (show != wanted) {
                shifts.add(new SccCaptions.Shift(i, cue.startMillis(), DropFrameTimecode.millisFromFrames(show), cue.text()));
            }
            free = show + CODE_FRAMES;
            pendingClear = Math.max(DropFrameTimecode.framesFromMillis(cue.endMillis()), free);
        }
        if (pendingClear >= 0) {
            line(text, pendingClear, List.of(Unit.control(Cea608.EDM)));
        }
        String scc = text.toString();
        List<String> problems = lint.check(scc);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("castwire wrote an invalid SCC file: " + String.join("; ", problems));
        }
        return new SccCaptions(scc, shifts);
    }

    /** Erase the hidden memory, enter pop-on loading, then each row bottom-aligned with its address. */
    static List<Unit> loadingBlock(List<String> rows) {
        List<Unit> units = new ArrayList<>();
        units.add(Unit.control(Cea608.ENM));
        units.add(Unit.control(Cea608.RCL));
        int firstRow = Cea608.ROWS - rows.size() + 1;
        for (int r = 0; r < rows.size(); r++) {
            Cea608.encodeRow(firstRow + r, rows.get(r), units);
        }
        return units;
    }

    private static void line(StringBuilder text, long frame, List<Unit> units) {
        if (units.isEmpty()) {
            return;
        }
        String words = units.stream()
                .map(u -> u.doubled() ? Cea608.hex(u.word()) + " " + Cea608.hex(u.word()) : Cea608.hex(u.word()))
                .collect(Collectors.joining(" "));
        // SCC separates its lines with a blank line
        text.append('\n').append(DropFrameTimecode.label(frame)).append('\t').append(words).append('\n');
    }
}
