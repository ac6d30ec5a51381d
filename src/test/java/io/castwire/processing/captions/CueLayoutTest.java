package io.castwire.processing.captions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CueLayoutTest {

    @Test
    void wrapsGreedilyAtTheWidth() {
        assertThat(CueLayout.wrap("aaa bbb ccc ddd", 7)).containsExactly("aaa bbb", "ccc ddd");
        assertThat(CueLayout.wrap("aaa bbb ccc ddd", 6)).containsExactly("aaa", "bbb", "ccc", "ddd");
        assertThat(CueLayout.wrap("  aaa \t bbb  ", 42)).containsExactly("aaa bbb");
    }

    @Test
    void cutsAWordLongerThanALine() {
        assertThat(CueLayout.wrap("go https://example.com/very/long x", 10))
                .containsExactly("go", "https://ex", "ample.com/", "very/long", "x");
    }

    @Test
    void splitsBySharesOfTextAndCutsSplitPiecesAtTheClipEdge() {
        // lines "aaaa bbbb" (9) | "cccc" (4) at 2 lines of 9: pages of 9 and 4 characters over 1300 ms
        List<TimedCue> all = CueLayout.layout(Segments.transcript().add(1_000, 2_300, "aaaa bbbb cccc").list(),
                0, Long.MAX_VALUE, 9, 1, t -> t);
        assertThat(all).containsExactly(
                new TimedCue(1_000, 1_900, List.of("aaaa bbbb"), null),
                new TimedCue(1_900, 2_300, List.of("cccc"), null));

        // a clip starting after the first piece keeps only the text spoken in it
        List<TimedCue> clip = CueLayout.layout(Segments.transcript().add(1_000, 2_300, "aaaa bbbb cccc").list(),
                2_000, Long.MAX_VALUE, 9, 1, t -> t);
        assertThat(clip).containsExactly(new TimedCue(0, 300, List.of("cccc"), null));
    }
}
