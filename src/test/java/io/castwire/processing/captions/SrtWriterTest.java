package io.castwire.processing.captions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class SrtWriterTest {

    private final SrtWriter writer = new SrtWriter();

    @Test
    void writesNumberedCuesWithCommaMillisecondsAndNoSpeaker() throws Exception {
        StringWriter out = new StringWriter();

        writer.write(Segments.transcript()
                .add(1_000, 3_500, "Hello and welcome.", "Alice")
                .add(4_000, 6_250, "This is castwire.")
                .add(3_723_004, 3_725_000, "An hour later.")
                .list(), 0, CaptionFormatWriter.EPISODE_END, out);

        assertThat(out.toString()).isEqualTo("""
                1
                00:00:01,000 --> 00:00:03,500
                Hello and welcome.

                2
                00:00:04,000 --> 00:00:06,250
                This is castwire.

                3
                01:02:03,004 --> 01:02:05,000
                An hour later.

                """);
    }

    @Test
    void clipShiftsCuesByTheOffsetCutsThemAtTheEdgesAndDropsTheRest() {
        String srt = writer.render(Segments.transcript()
                .add(0, 900, "Before the clip.")
                .add(2_000, 3_000, "Ends where the clip starts.")
                .add(1_000, 3_500, "Across the start.")
                .add(4_000, 6_250, "Inside.")
                .add(8_000, 9_000, "Across the end.")
                .add(8_500, 9_500, "Starts where the clip ends.")
                .add(9_000, 10_000, "After the clip.")
                .list(), 3_000, 8_500);

        assertThat(srt).isEqualTo("""
                1
                00:00:00,000 --> 00:00:00,500
                Across the start.

                2
                00:00:01,000 --> 00:00:03,250
                Inside.

                3
                00:00:05,000 --> 00:00:05,500
                Across the end.

                """);
    }

    @Test
    void wrapsAtFortyTwoAndSplitsACueNeedingMoreThanTwoLinesByTextLength() {
        String text = "Castwire wraps every caption line at forty-two characters, and a cue that needs more "
                + "than two lines becomes two cues.";

        String srt = writer.render(Segments.transcript().add(10_000, 22_000, text).list());

        // lines of 36, 42 (exactly the width) and 37 characters; the first cue holds lines 1-2, 79 of
        // the 116 characters counting the space that joins them, so it gets 12 s * 79/116 = 8.172 s
        assertThat(srt).isEqualTo("""
                1
                00:00:10,000 --> 00:00:18,172
                Castwire wraps every caption line at
                forty-two characters, and a cue that needs

                2
                00:00:18,172 --> 00:00:22,000
                more than two lines becomes two cues.

                """);
        assertThat(srt.lines()).allMatch(l -> l.length() <= 42);
    }

    @Test
    void refusesAnEmptyOrNegativeWindow() {
        List<io.castwire.processing.transcript.TranscriptSegment> none = List.of();
        assertThatThrownBy(() -> writer.render(none, 5_000, 5_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.render(none, -1, 5_000)).isInstanceOf(IllegalArgumentException.class);
        assertThat(writer.render(none)).isEmpty();
    }
}
