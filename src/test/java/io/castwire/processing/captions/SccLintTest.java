package io.castwire.processing.captions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SccLintTest {

    private final SccLint lint = new SccLint();

    private static final String VALID = """
            Scenarist_SCC V1.0

            00:00:00;23\t94ae 94ae 9420 9420 94e0 94e0 c8e9

            00:00:01;00\t942f 942f

            00:00:02;00\t942c 942c
            """;

    @Test
    void acceptsAValidFileAndWhatTheWriterWrites() {
        assertThat(lint.check(VALID)).isEmpty();
        String written = new SccWriter().render(Segments.transcript()
                .add(59_000, 61_000, "Across a minute: Ça va? ♪ Ünïcödé {x} ~ * ok")
                .add(61_010, 64_000, "Wide rows of exactly thirty-two characters each: 0123456789abcdefghijklmnopqrstuv"
                        + " and then some more words so that more than four rows are needed for this one segment")
                .add(599_000, 600_500, "Across a tenth minute.")
                .list());
        assertThat(lint.check(written)).isEmpty();
    }

    @Test
    void catchesAByteWithEvenParity() {
        // 0x48 'H' has two ones: it must go out as 0xc8
        List<String> problems = lint.check(VALID.replace("c8e9", "48e9"));

        assertThat(problems).singleElement().asString()
                .contains("line 3").contains("byte 48").contains("odd parity");
    }

    @Test
    void catchesAControlCodeThatIsNotSentTwice() {
        List<String> problems = lint.check(VALID.replace("942f 942f", "942f"));

        assertThat(problems).singleElement().asString().contains("line 5").contains("942f").contains("not sent twice");
    }

    @Test
    void catchesARowOfThirtyThreeCharacters() {
        String row = "6161 ".repeat(16) + "6180"; // 33 times 'a' (0x61 already has odd parity)
        String scc = "Scenarist_SCC V1.0\n\n00:00:00;00\t94ae 94ae 9420 9420 94e0 94e0 " + row
                + "\n\n00:00:01;00\t942f 942f\n";

        assertThat(lint.check(scc)).singleElement().asString().contains("row 15").contains("longer than 32");
        assertThat(lint.check(scc.replace(" 6180", ""))).isEmpty();
    }

    @Test
    void catchesAFrameLabelThatDropFrameTimeSkips() {
        List<String> problems = lint.check(VALID.replace("00:00:02;00", "00:01:00;00"));

        assertThat(problems).singleElement().asString().contains("line 7").contains("00:01:00;00").contains("does not exist");
        assertThat(lint.check(VALID.replace("00:00:02;00", "00:10:00;00"))).isEmpty();
        assertThat(lint.check(VALID.replace("00:00:02;00", "00:00:02:00"))).singleElement().asString()
                .contains("not a drop-frame timecode");
    }

    @Test
    void catchesMoreThanFourRowsInOneCaption() {
        String scc = "Scenarist_SCC V1.0\n\n00:00:00;00\t94ae 94ae 9420 9420 "
                + "9140 9140 c180 1340 1340 c180 13e0 13e0 c180 9440 9440 c180 94e0 94e0 c180"
                + "\n\n00:00:01;00\t942f 942f\n";

        assertThat(lint.check(scc)).singleElement().asString().contains("5 rows");
    }

    @Test
    void catchesLinesOutOfOrderAndBlocksThatOverlap() {
        String overlapping = VALID.replace("00:00:01;00", "00:00:00;29"); // the 7 words of line 3 run to ;29
        assertThat(lint.check(overlapping)).singleElement().asString()
                .contains("line 5").contains("still being sent").contains("00:00:01;00");

        String backwards = VALID.replace("00:00:02;00", "00:00:00;20");
        assertThat(lint.check(backwards)).singleElement().asString().contains("line 7").contains("is not after");
    }

    @Test
    void catchesAMissingHeaderAndStrayText() {
        assertThat(lint.check(VALID.replace("Scenarist_SCC V1.0", "Scenarist SCC")))
                .singleElement().asString().contains("line 1");
        assertThat(lint.check(VALID.replace("94e0 94e0 c8e9", "c8e9 94e0 94e0")))
                .singleElement().asString().contains("text before a row address");
        assertThat(lint.check(VALID.replace("942c 942c", "1c2c 1c2c")))
                .singleElement().asString().contains("channel 2");
    }
}
