package io.castwire.processing.captions;

import static io.castwire.processing.captions.DropFrameTimecode.framesFromMillis;
import static io.castwire.processing.captions.DropFrameTimecode.label;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SccWriterTest {

    private final SccWriter writer = new SccWriter();

    @Test
    void writesAPopOnCaptionWhoseLoadingEndsWhereItShows() {
        String scc = writer.render(Segments.transcript().add(1_000, 2_000, "Hi").list());

        // 7 words load the caption in frames 23-29, so EOC lands on frame 30 = 1001 ms
        assertThat(scc).isEqualTo("""
                Scenarist_SCC V1.0

                00:00:00;23\t94ae 94ae 9420 9420 94e0 94e0 c8e9

                00:00:01;00\t942f 942f

                00:00:02;00\t942c 942c
                """);
    }

    @Test
    void everyByteHasOddParityAndEveryControlCodeIsSentTwice() {
        String scc = writer.render(Segments.transcript()
                .add(1_000, 3_000, "Hello, World! Café ÉCOLE ♪ 100% {ok} Straße.")
                .add(3_000, 5_000, "Back to back with the first.")
                .add(5_100, 9_000, "A gap of a hundred milliseconds, then a long caption that wraps over rows.")
                .list());

        List<SccFile.Line> lines = SccFile.lines(scc);
        assertThat(lines).hasSizeGreaterThan(6);
        int controls = 0;
        for (SccFile.Line line : lines) {
            List<String> words = line.words();
            for (int i = 0; i < words.size(); i++) {
                int word = Integer.parseInt(words.get(i), 16);
                assertThat(Integer.bitCount(word >> 8) % 2).as("%s in %s", words.get(i), line).isOne();
                assertThat(Integer.bitCount(word & 0xff) % 2).as("%s in %s", words.get(i), line).isOne();
                int hi = word >> 8 & 0x7f;
                if (hi >= 0x10 && hi < 0x20) {
                    assertThat(i + 1).as("control %s is doubled in %s", words.get(i), line).isLessThan(words.size());
                    assertThat(words.get(i + 1)).isEqualTo(words.get(i));
                    i++;
                    controls++;
                }
            }
        }
        assertThat(controls).isGreaterThan(20);
    }

    @Test
    void wrapsRowsAtThirtyTwoAndSplitsACaptionNeedingMoreThanFourRows() {
        String text = "Castwire turns every episode into captions that broadcasters accept, because each row holds "
                + "at most thirty-two characters and each caption at most four rows, so longer speech is split over time.";

        SccCaptions captions = writer.captions(Segments.transcript().add(10_000, 30_000, text).list(), 0,
                CaptionFormatWriter.EPISODE_END);

        List<SccFile.Caption> shown = SccFile.captions(captions.text());
        assertThat(shown).hasSize(2);
        assertThat(shown.get(0).rows()).isEqualTo(Map.of(
                12, "Castwire turns every episode",
                13, "into captions that broadcasters",
                14, "accept, because each row holds",
                15, "at most thirty-two characters"));
        // bottom-aligned: three rows take 13-15
        assertThat(shown.get(1).rows()).isEqualTo(Map.of(
                13, "and each caption at most four",
                14, "rows, so longer speech is split",
                15, "over time."));
        assertThat(shown.get(0).frame()).isEqualTo(framesFromMillis(10_000));
        // the second gets the time of its share of the text: 72 of 193 characters, from 10 s + 20 s * 121/193
        assertThat(shown.get(1).frame()).isEqualTo(framesFromMillis(22_539));
        assertThat(captions.shifts()).isEmpty();
    }

    @Test
    void clearsThePreviousCaptionInsideTheNextLoadingBlockWhenTheGapIsShort() {
        String scc = writer.render(Segments.transcript()
                .add(1_000, 3_000, "First caption")
                .add(3_100, 5_000, "Second caption here")
                .list());

        List<SccFile.Line> lines = SccFile.lines(scc);
        long firstEnd = framesFromMillis(3_000);
        long secondShow = framesFromMillis(3_100);
        // load 1, EOC 1, load 2 (part), EDM at the first caption's end, load 2 (rest), EOC 2, EDM
        assertThat(lines).extracting(l -> l.words().get(0))
                .containsExactly("94ae", "942f", "94ae", "942c", lines.get(4).words().get(0), "942f", "942c");
        SccFile.Line edm = lines.get(3);
        assertThat(edm.frame()).isBetween(firstEnd, firstEnd + 1);
        SccFile.Line rest = lines.get(4);
        assertThat(rest.frame()).isEqualTo(edm.frame() + 2);
        assertThat(rest.frame() + rest.words().size()).isEqualTo(secondShow);
        assertThat(lines.get(5).frame()).isEqualTo(secondShow);
        // together the two parts are the whole block: 2 ENM, 2 RCL, 2 PAC, 10 text words
        assertThat(lines.get(2).words().size() + rest.words().size()).isEqualTo(16);
    }

    @Test
    void aCaptionFollowingWithinAFrameReplacesThePreviousOneWithoutAnErase() {
        String scc = writer.render(Segments.transcript()
                .add(1_000, 3_000, "First caption")
                .add(3_020, 5_000, "Second caption")
                .list());

        assertThat(SccFile.lines(scc)).extracting(l -> l.words().get(0))
                .containsExactly("94ae", "942f", "94ae", "942f", "942c");
    }

    @Test
    void showsACaptionLateWhenItsBlockCannotBeSentInTimeAndSaysSo() {
        SccCaptions captions = writer.captions(Segments.transcript()
                .add(0, 2_000, "At zero")
                .add(400, 2_400, "Too close to load thirty-two characters")
                .list(), 0, CaptionFormatWriter.EPISODE_END);

        assertThat(captions.shifts()).hasSize(2);
        SccCaptions.Shift first = captions.shifts().get(0);
        // 6 code words and 4 text words cannot be sent before frame 0
        assertThat(first.wantedMillis()).isZero();
        assertThat(first.shownMillis()).isEqualTo(DropFrameTimecode.millisFromFrames(10));
        SccCaptions.Shift second = captions.shifts().get(1);
        assertThat(second.caption()).isEqualTo(1);
        assertThat(second.shownMillis()).isGreaterThan(second.wantedMillis());
        assertThat(second.text()).isEqualTo("Too close to load thirty-two characters");
        assertThat(new SccLint().check(captions.text())).isEmpty();
    }

    @Test
    void clipCaptionsAreTimedFromTheClipStart() {
        String scc = writer.render(Segments.transcript()
                .add(58_000, 59_000, "Before")
                .add(61_000, 62_000, "In the clip")
                .list(), 60_000, 90_000);

        List<SccFile.Caption> shown = SccFile.captions(scc);
        assertThat(shown).hasSize(1);
        assertThat(label(shown.get(0).frame())).isEqualTo("00:00:01;00");
        assertThat(shown.get(0).rows()).containsExactly(Map.entry(15, "In the clip"));
    }

    @Test
    void refusesToReturnAFileItsLintRejects() {
        SccWriter strict = new SccWriter(new SccLint() {
            @Override
            public List<String> check(String scc) {
                return List.of("line 3: planted problem");
            }
        });

        assertThatThrownBy(() -> strict.render(Segments.transcript().add(1_000, 2_000, "Hi").list()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("planted problem");
    }

    @Test
    void anEmptyTranscriptIsJustTheHeader() {
        assertThat(writer.render(List.of())).isEqualTo("Scenarist_SCC V1.0\n");
        assertThat(new SccLint().check("Scenarist_SCC V1.0\n")).isEmpty();
    }
}
