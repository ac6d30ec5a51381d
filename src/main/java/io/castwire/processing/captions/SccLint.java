package io.castwire.processing.captions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a Scenarist SCC file of CEA-608 CC1 pop-on captions: the header, drop-frame timecodes that
 * exist, lines in time order whose data does not overlap (a line of N words takes N frames from its
 * timecode), odd parity on every byte, control codes sent twice, and captions of at most 4 rows of at
 * most 32 characters. It follows the caption memories the way a decoder does, so a row is measured
 * where it is built, even across lines.
 */
public class SccLint {

    private static final Pattern WORD = Pattern.compile("[0-9a-fA-F]{4}");

    /** The problems found, each naming its line; empty when the file is valid. */
    public List<String> check(String scc) {
        List<String> problems = new ArrayList<>();
        String[] lines = scc.split("\r?\n", -1);
        if (!lines[0].equals(SccWriter.HEADER)) {
            problems.add("line 1: the file must start with '" + SccWriter.HEADER + "'");
        }
        if (lines.length > 1 && !lines[1].isEmpty()) {
            problems.add("line 2: a blank line must follow the header");
        }
        Decoder decoder = new Decoder(problems);
        long previous = -1;
        long free = 0;
        String previousLabel = null;
        for (int i = 2; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            String where = "line " + (i + 1);
            int tab = line.indexOf('\t');
            if (tab < 0) {
                problems.add(where + ": expected 'HH:MM:SS;FF<TAB>words'");
                continue;
            }
            String label = line.substring(0, tab);
            String timeProblem = DropFrameTimecode.problem(label);
            if (timeProblem != null) {
                problems.add(where + ": " + timeProblem);
            }
            String[] words = line.substring(tab + 1).split(" ", -1);
            if (timeProblem == null) {
                long frame = DropFrameTimecode.frames(label);
                if (frame <= previous) {
                    problems.add(where + ": " + label + " is not after the previous line's " + previousLabel);
                } else if (frame < free) {
                    problems.add(where + ": " + label + " starts while the previous line is still being sent (until "
                            + DropFrameTimecode.label(free) + ")");
                }
                previous = frame;
                previousLabel = label;
                free = frame + words.length;
            }
            decoder.line(where, label, words);
        }
        return problems;
    }

    /** Just enough of a CEA-608 decoder to measure the captions that pop-on loading builds. */
    private static final class Decoder {

        private final List<String> problems;
        private Map<Integer, Integer> hidden = new LinkedHashMap<>();   // row -> characters
        private Map<Integer, Integer> shown = new LinkedHashMap<>();
        private final Set<Integer> reportedRows = new HashSet<>();
        private boolean popOn;
        private int row;
        private int column;
        private String where;

        Decoder(List<String> problems) {
            this.problems = problems;
        }

        void line(String where, String label, String[] words) {
            this.where = where;
            int[] codes = new int[words.length];
            for (int w = 0; w < words.length; w++) {
                if (!WORD.matcher(words[w]).matches()) {
                    problems.add(where + ": '" + words[w] + "' is not a word of four hex digits");
                    return;
                }
                int word = Integer.parseInt(words[w], 16);
                for (int b : new int[] {word >> 8, word & 0xff}) {
                    if (!Cea608.oddParity(b)) {
                        problems.add(where + ": byte " + String.format(java.util.Locale.ROOT, "%02x", b) + " of word " + (w + 1) + " ("
                                + words[w] + ") does not have odd parity");
                    }
                }
                codes[w] = word & 0x7f7f;
            }
            for (int w = 0; w < codes.length; w++) {
                int hi = codes[w] >> 8;
                int lo = codes[w] & 0xff;
                if (hi >= 0x10 && hi <= 0x1f) {
                    if (w + 1 < codes.length && words[w + 1].equalsIgnoreCase(words[w])) {
                        w++;
                    } else {
                        problems.add(where + ": control code " + words[w] + " (word " + (w + 1) + ") is not sent twice");
                    }
                    control(words[w], hi, lo);
                } else if (hi == 0) {
                    if (lo != 0) {
                        problems.add(where + ": word " + words[w] + " has data after a null byte");
                    }
                } else if (hi < 0x10) {
                    problems.add(where + ": word " + words[w] + " is extended data service, not caption text");
                } else {
                    character();
                    if (lo >= 0x20) {
                        character();
                    } else if (lo != 0) {
                        problems.add(where + ": word " + words[w] + " pairs a character with a control byte");
                    }
                }
            }
        }

        private void control(String word, int hi, int lo) {
            int code = hi << 8 | lo;
            if (hi >= 0x18) {
                problems.add(where + ": code " + word + " belongs to caption channel 2, not CC1");
            } else if (code == Cea608.RCL) {
                popOn = true;
            } else if (code == Cea608.ENM) {
                hidden.clear();
            } else if (code == Cea608.EDM) {
                shown.clear();
            } else if (code == Cea608.EOC) {
                if (hidden.size() > SccWriter.MAX_ROWS) {
                    problems.add(where + ": the caption shown here has " + hidden.size() + " rows, more than "
                            + SccWriter.MAX_ROWS);
                }
                Map<Integer, Integer> swap = shown;
                shown = hidden;
                hidden = swap;
                reportedRows.clear();
                row = 0;
            } else if (Cea608.pacRow(code) > 0) {
                row = Cea608.pacRow(code);
                column = Cea608.pacIndent(code);
            } else if (hi == 0x11 && lo >= 0x30 && lo <= 0x3f || hi == 0x11 && lo >= 0x20 && lo <= 0x2f) {
                character(); // a special character, or a mid-row style code that shows as a space
            } else if ((hi == 0x12 || hi == 0x13) && lo >= 0x20 && lo <= 0x3f) {
                column = Math.max(0, column - 1); // an extended character replaces the one before it
                character();
            } else if (hi == 0x17 && lo >= 0x21 && lo <= 0x23) {
                column += lo - 0x20;
            } else {
                problems.add(where + ": code " + word + " is not part of pop-on captioning");
            }
        }

        private void character() {
            if (!popOn || row == 0) {
                problems.add(where + ": text before " + (popOn ? "a row address (PAC)" : "pop-on loading (RCL)"));
                popOn = true; // report once, not for every following character
                row = Cea608.ROWS;
                return;
            }
            column++;
            hidden.merge(row, column, Math::max);
            if (column > Cea608.COLUMNS && reportedRows.add(row)) {
                problems.add(where + ": row " + row + " of the caption being loaded is longer than " + Cea608.COLUMNS
                        + " characters");
            }
        }
    }
}
