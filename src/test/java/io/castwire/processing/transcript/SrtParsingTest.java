package io.castwire.processing.transcript;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.castwire.processing.transcript.TranscriptFiles.fixture;
import static io.castwire.processing.transcript.TranscriptFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SrtParsingTest {

    private final TranscriptParser parser = new TranscriptParser();

    @TempDir
    Path dir;

    @Test
    void parsesSrtWithMarkupMultiLineTextAndShortMilliseconds() throws Exception {
        Transcript transcript = parser.parse(fixture("sample.srt"));

        assertThat(transcript.format()).isEqualTo(TranscriptFormat.SRT);
        assertThat(transcript.segments()).containsExactly(
                new TranscriptSegment(0, 1_000, 4_500, "Welcome to the show.", null),
                new TranscriptSegment(1, 5_000, 7_250, "Today: cafés", null),
                // "00:01:02.5": a dot separator and one digit meaning half a second
                new TranscriptSegment(2, 62_500, 65_000, "Last line", null));
        assertThat(transcript.warnings()).isEmpty();
    }

    @Test
    void reportsMalformedTimingLineWithItsLineNumber() throws Exception {
        Path file = write(dir, "bad.srt", """
                1
                00:00:01,000 --> 00:00:02,000
                Hello
                there

                2
                00:01:xx,000 --> 00:01:05,000
                Again
                """);

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessage("line 7: '00:01:xx,000 --> 00:01:05,000' is not a valid SRT timing line"
                        + " (expected HH:MM:SS,mmm --> HH:MM:SS,mmm)");
    }

    @Test
    void rejectsMinutesAbove59() throws Exception {
        Path file = write(dir, "bad.srt", "1\n00:61:00,000 --> 00:61:01,000\nHi\n");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessageStartingWith("line 2: '00:61:00,000 --> 00:61:01,000' is not a valid SRT timing line");
    }

    @Test
    void rejectsCaptionNumberWithoutTimingLine() throws Exception {
        Path file = write(dir, "bad.srt", "1\nHello\n");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessageStartingWith("line 2: 'Hello' is not a valid SRT timing line");
    }

    @Test
    void rejectsTextBeforeTheFirstCaption() throws Exception {
        Path file = write(dir, "bad.srt", "Subtitles by someone\n\n1\n00:00:01,000 --> 00:00:02,000\nHi\n");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessageStartingWith("line 1: 'Subtitles by someone' is not a valid SRT timing line");
    }

    @Test
    void acceptsCaptionsWithoutNumbersAndTrailingPositionInfo() throws Exception {
        Path file = write(dir, "plain.srt", """
                00:00:01,000 --> 00:00:02,000 X1:40 X2:600 Y1:20 Y2:50
                One

                00:00:03,000-->00:00:04,000
                Two
                """);

        assertThat(parser.parse(file).segments()).containsExactly(
                new TranscriptSegment(0, 1_000, 2_000, "One", null),
                new TranscriptSegment(1, 3_000, 4_000, "Two", null));
    }

    @Test
    void toleratesMissingBlankLineBetweenCaptions() throws Exception {
        Path file = write(dir, "squashed.srt", """
                1
                00:00:01,000 --> 00:00:02,000
                One
                2
                00:00:03,000 --> 00:00:04,000
                Two
                """);

        assertThat(parser.parse(file).segments()).containsExactly(
                new TranscriptSegment(0, 1_000, 2_000, "One", null),
                new TranscriptSegment(1, 3_000, 4_000, "Two", null));
    }

    @Test
    void keepsTextAfterAStrayBlankLineInsideACaption() throws Exception {
        Path file = write(dir, "gap.srt", """
                1
                00:00:01,000 --> 00:00:02,000
                First half

                second half

                2
                00:00:03,000 --> 00:00:04,000
                Next
                """);

        assertThat(parser.parse(file).segments()).extracting(TranscriptSegment::text)
                .containsExactly("First half second half", "Next");
    }

    @Test
    void stripsAssOverridesAndFontTagsButKeepsOtherAngleBrackets() throws Exception {
        Path file = write(dir, "tags.srt",
                "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}{\\i1}<FONT face=\"Arial\">x < y</FONT> <u>and</u> a>b\n");

        assertThat(parser.parse(file).segments().get(0).text()).isEqualTo("x < y and a>b");
    }

    @Test
    void acceptsCarriageReturnOnlyLineEndings() throws Exception {
        Path file = write(dir, "mac.srt", "1\r00:00:01,000 --> 00:00:02,000\rOne\rline\r\r2\r00:00:03,000 --> 00:00:04,000\rTwo\r");

        assertThat(parser.parse(file).segments()).containsExactly(
                new TranscriptSegment(0, 1_000, 2_000, "One line", null),
                new TranscriptSegment(1, 3_000, 4_000, "Two", null));
    }
}
