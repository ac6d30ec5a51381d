package io.castwire.processing.captions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an SCC file back for assertions: its lines, and the captions its EOC codes show, with the
 * rows built by plain basic-set text (enough for tests whose text is ASCII).
 */
final class SccFile {

    record Line(long frame, List<String> words) {
    }

    record Caption(long frame, Map<Integer, String> rows) {
    }

    static List<Line> lines(String scc) {
        List<Line> lines = new ArrayList<>();
        for (String line : scc.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                lines.add(new Line(DropFrameTimecode.frames(line.substring(0, tab)), List.of(line.substring(tab + 1).split(" "))));
            }
        }
        return lines;
    }

    static List<Caption> captions(String scc) {
        List<Caption> captions = new ArrayList<>();
        Map<Integer, StringBuilder> rows = new LinkedHashMap<>();
        StringBuilder current = null;
        for (Line line : lines(scc)) {
            for (int i = 0; i < line.words().size(); i++) {
                int code = Integer.parseInt(line.words().get(i), 16) & 0x7f7f;
                if (code >> 8 >= 0x10 && code >> 8 < 0x20) {
                    i++; // control codes are doubled
                }
                if (code == Cea608.EOC) {
                    Map<Integer, String> text = new LinkedHashMap<>();
                    rows.forEach((r, b) -> text.put(r, b.toString()));
                    captions.add(new Caption(line.frame() + i - 1, text));
                } else if (code == Cea608.ENM) {
                    rows.clear();
                } else if (Cea608.pacRow(code) > 0) {
                    current = rows.computeIfAbsent(Cea608.pacRow(code), r -> new StringBuilder());
                } else if (code >> 8 >= 0x20) {
                    current.append((char) (code >> 8));
                    if ((code & 0xff) != 0) {
                        current.append((char) (code & 0xff));
                    }
                }
            }
        }
        return captions;
    }

    private SccFile() {
    }
}
