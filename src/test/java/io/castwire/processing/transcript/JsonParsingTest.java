package io.castwire.processing.transcript;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.castwire.processing.transcript.TranscriptFiles.fixture;
import static io.castwire.processing.transcript.TranscriptFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonParsingTest {

    private final TranscriptParser parser = new TranscriptParser();

    @TempDir
    Path dir;

    @Test
    void parsesWhisperVerboseJson() throws Exception {
        Transcript transcript = parser.parse(fixture("whisper-verbose.transcript.json"));

        assertThat(transcript.format()).isEqualTo(TranscriptFormat.WHISPER_JSON);
        assertThat(transcript.segments()).containsExactly(
                new TranscriptSegment(0, 0, 2_500, "Hi there.", null),
                new TranscriptSegment(1, 2_500, 8_470, "This is castwire.", null));
        assertThat(transcript.warnings()).isEmpty();
    }

    @Test
    void parsesWhisperCppJson() throws Exception {
        Transcript transcript = parser.parse(fixture("whisper-cpp.transcript.json"));

        assertThat(transcript.format()).isEqualTo(TranscriptFormat.WHISPER_JSON);
        assertThat(transcript.segments()).containsExactly(
                new TranscriptSegment(0, 0, 2_500, "And so my fellow Americans,", null),
                new TranscriptSegment(1, 2_500, 11_000, "ask not what your country can do for you.", null));
        assertThat(transcript.warnings()).isEmpty();
    }

    @Test
    void readsWhisperCppTimestampsWhenOffsetsAreMissing() throws Exception {
        Path file = write(dir, "cpp.transcript.json", """
                {"transcription": [
                  {"timestamps": {"from": "00:00:01,250", "to": "01:02:03,004"}, "text": " hi"}
                ]}
                """);

        Transcript transcript = parser.parse(file);

        assertThat(transcript.format()).isEqualTo(TranscriptFormat.WHISPER_JSON);
        assertThat(transcript.segments()).containsExactly(new TranscriptSegment(0, 1_250, 3_723_004, "hi", null));
    }

    @Test
    void rejectsWhisperJsonWithOnlyPlainText() throws Exception {
        Path file = write(dir, "plain.transcript.json", "{\"text\": \"Hi there. This is castwire.\"}");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessageContaining("has no timed segments");
    }

    @Test
    void parsesCastwireJsonObject() throws Exception {
        Transcript transcript = parser.parse(fixture("castwire.transcript.json"));

        assertThat(transcript.format()).isEqualTo(TranscriptFormat.CASTWIRE_JSON);
        assertThat(transcript.segments()).containsExactly(
                new TranscriptSegment(0, 1_500, 3_000, "Olá a todos", "Ana"),
                new TranscriptSegment(1, 3_250, 5_000, "Hi there", "Bo"),
                new TranscriptSegment(2, 6_000, 9_750, "No speaker on this one", null));
        assertThat(transcript.warnings()).isEmpty();
    }

    @Test
    void parsesCastwireJsonTopLevelArray() throws Exception {
        Path file = write(dir, "array.transcript.json", """
                [
                  {"start": 0.25, "end": 1, "text": "One", "speaker": " Ana "},
                  {"start": 1, "end": 2.0005, "text": "Two"}
                ]
                """);

        Transcript transcript = parser.parse(file);

        assertThat(transcript.format()).isEqualTo(TranscriptFormat.CASTWIRE_JSON);
        assertThat(transcript.segments()).containsExactly(
                new TranscriptSegment(0, 250, 1_000, "One", "Ana"),
                new TranscriptSegment(1, 1_000, 2_001, "Two", null));
    }

    @Test
    void detectsWhisperBySegmentFields() throws Exception {
        Path file = write(dir, "w.transcript.json",
                "{\"segments\": [{\"start\": 0, \"end\": 1, \"text\": \"a\", \"avg_logprob\": -0.2}]}");

        assertThat(parser.parse(file).format()).isEqualTo(TranscriptFormat.WHISPER_JSON);
    }

    @Test
    void detectsWhisperByTopLevelLanguageAndText() throws Exception {
        Path file = write(dir, "w.transcript.json",
                "{\"language\": \"en\", \"text\": \"a\", \"segments\": [{\"start\": 0, \"end\": 1, \"text\": \"a\"}]}");

        assertThat(parser.parse(file).format()).isEqualTo(TranscriptFormat.WHISPER_JSON);
    }

    @Test
    void reportsMalformedJsonWithLineAndColumn() throws Exception {
        Path file = write(dir, "broken.transcript.json", """
                {
                  "segments": [
                    {"start": 1.0 "end": 2.0, "text": "a"}
                  ]
                }
                """);

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessageStartingWith("line 3, column 19: the JSON is malformed (");
    }

    @Test
    void keepsJacksonSourceDetailsOutOfTheMessage() throws Exception {
        Path file = write(dir, "cut.transcript.json", "{\"segments\": [");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessageStartingWith("line 1, column 15: the JSON is malformed (Unexpected end-of-input")
                .message().doesNotContain("Source").doesNotContain("[");
    }

    @Test
    void rejectsNegativeTimeNamingTheSegment() throws Exception {
        Path file = write(dir, "neg.transcript.json", """
                [
                  {"start": 0, "end": 1, "text": "a"},
                  {"start": -1.5, "end": 1, "text": "b"}
                ]
                """);

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessage("segment 2 (line 3): 'start' is negative (-1.5)");
    }

    @Test
    void rejectsTimeTooLargeToBeFinite() throws Exception {
        Path file = write(dir, "inf.transcript.json", "[{\"start\": 0, \"end\": 1e400, \"text\": \"a\"}]");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessageStartingWith("segment 1 (line 1): 'end' is not a usable time");
    }

    @Test
    void rejectsTimeGivenAsText() throws Exception {
        Path file = write(dir, "str.transcript.json", "[{\"start\": \"1.5\", \"end\": 2, \"text\": \"a\"}]");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessage("segment 1 (line 1): 'start' must be a number, found '\"1.5\"'");
    }

    @Test
    void rejectsSegmentWithoutEnd() throws Exception {
        Path file = write(dir, "noend.transcript.json", "{\"segments\": [{\"start\": 1, \"text\": \"a\"}]}");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessage("segment 1 (line 1) has no 'end' time");
    }

    @Test
    void rejectsJsonWithoutSegmentList() throws Exception {
        Path file = write(dir, "other.transcript.json", "{\"title\": \"Episode 12\"}");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessageContaining("contains no captions/segments");
    }
}
