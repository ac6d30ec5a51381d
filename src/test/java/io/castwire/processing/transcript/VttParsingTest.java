package io.castwire.processing.transcript;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.castwire.processing.transcript.TranscriptFiles.fixture;
import static io.castwire.processing.transcript.TranscriptFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VttParsingTest {

    private final TranscriptParser parser = new TranscriptParser();

    @TempDir
    Path dir;

    @Test
    void parsesVttWithSpeakersTagsSkippedBlocksAndCueSettings() throws Exception {
        Transcript transcript = parser.parse(fixture("sample.vtt"));

        assertThat(transcript.format()).isEqualTo(TranscriptFormat.VTT);
        assertThat(transcript.segments()).containsExactly(
                new TranscriptSegment(0, 500, 3_000, "Hello and welcome", "Ana Lima"),
                new TranscriptSegment(1, 3_000, 6_000, "It's great to be here & more", "Bo"),
                new TranscriptSegment(2, 3_600_000, 3_602_125, "No speaker here", null));
        assertThat(transcript.warnings()).isEmpty();
    }

    @Test
    void rejectsFileWithoutWebvttHeader() throws Exception {
        Path file = write(dir, "nohead.vtt", "00:00.000 --> 00:01.000\nHi\n");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessage("line 1: a WebVTT file must start with 'WEBVTT', found '00:00.000 --> 00:01.000'");
    }

    @Test
    void rejectsHeaderThatOnlyStartsWithTheWord() throws Exception {
        Path file = write(dir, "nohead.vtt", "WEBVTTX\n\n00:00.000 --> 00:01.000\nHi\n");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessageStartingWith("line 1: a WebVTT file must start with 'WEBVTT'");
    }

    @Test
    void acceptsHeaderAfterByteOrderMark() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] content = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, content, 0, bom.length);
        System.arraycopy(body, 0, content, bom.length, body.length);

        assertThat(parser.parse(write(dir, "bom.vtt", content)).segments())
                .containsExactly(new TranscriptSegment(0, 1_000, 2_000, "Hi", null));
    }

    @Test
    void reportsMalformedTimingLineWithItsLineNumber() throws Exception {
        Path file = write(dir, "bad.vtt", """
                WEBVTT

                00:00.000 --> 00:01.000
                Hi

                00:02.000 -> 00:03.000
                There
                """);

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessage("line 6: '00:02.000 -> 00:03.000' is not a valid WebVTT timing line"
                        + " (expected [HH:]MM:SS.mmm --> [HH:]MM:SS.mmm)");
    }

    @Test
    void reportsMalformedTimingAfterCueIdentifier() throws Exception {
        Path file = write(dir, "bad.vtt", "WEBVTT\n\nintro\n00:00.000 --> 00:61.000\nHi\n");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessageStartingWith("line 4: '00:00.000 --> 00:61.000' is not a valid WebVTT timing line");
    }

    @Test
    void rejectsCueIdentifierWithoutTimingBeforeAnyCue() throws Exception {
        Path file = write(dir, "bad.vtt", "WEBVTT\n\nintro\nHello\n");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessageStartingWith("line 4: 'Hello' is not a valid WebVTT timing line");
    }

    @Test
    void keepsFirstSpeakerAndAllTextWhenACueHasSeveralVoices() throws Exception {
        Path file = write(dir, "voices.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>Hi</v>\n<v Bo>Hello</v>\n");

        assertThat(parser.parse(file).segments())
                .containsExactly(new TranscriptSegment(0, 1_000, 2_000, "Hi Hello", "Ana"));
    }
}
