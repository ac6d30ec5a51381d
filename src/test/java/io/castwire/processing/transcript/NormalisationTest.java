package io.castwire.processing.transcript;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.castwire.processing.transcript.TranscriptFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NormalisationTest {

    private final TranscriptParser parser = new TranscriptParser();

    @TempDir
    Path dir;

    @Test
    void dropsEmptyCuesWithACountedWarning() throws Exception {
        Path file = write(dir, "empty-cues.srt", """
                1
                00:00:01,000 --> 00:00:02,000
                <i> </i>

                2
                00:00:03,000 --> 00:00:04,000

                3
                00:00:05,000 --> 00:00:06,000
                Kept
                """);

        Transcript transcript = parser.parse(file);

        assertThat(transcript.segments()).containsExactly(new TranscriptSegment(0, 5_000, 6_000, "Kept", null));
        assertThat(transcript.warnings()).containsExactly("dropped 2 empty cues");
    }

    @Test
    void rejectsTranscriptWhoseCuesAreAllEmpty() throws Exception {
        Path file = write(dir, "blank.transcript.json", "[{\"start\": 0, \"end\": 1, \"text\": \"  \"}]");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessageContaining("contains no captions/segments");
    }

    @Test
    void sortsUnsortedCuesByStartAndReindexes() throws Exception {
        Path file = write(dir, "unsorted.transcript.json", """
                [
                  {"start": 5, "end": 6, "text": "third"},
                  {"start": 1, "end": 2, "text": "first"},
                  {"start": 3, "end": 4, "text": "second"}
                ]
                """);

        Transcript transcript = parser.parse(file);

        assertThat(transcript.segments()).containsExactly(
                new TranscriptSegment(0, 1_000, 2_000, "first", null),
                new TranscriptSegment(1, 3_000, 4_000, "second", null),
                new TranscriptSegment(2, 5_000, 6_000, "third", null));
        assertThat(transcript.warnings()).containsExactly("cues were not in time order; sorted them by start time");
    }

    @Test
    void keepsOverlappingCuesWithAWarning() throws Exception {
        Path file = write(dir, "overlap.srt", """
                1
                00:00:01,000 --> 00:00:05,000
                Long one

                2
                00:00:02,000 --> 00:00:03,000
                Inside it

                3
                00:00:04,000 --> 00:00:06,000
                Still inside the first
                """);

        Transcript transcript = parser.parse(file);

        assertThat(transcript.segments()).extracting(TranscriptSegment::text)
                .containsExactly("Long one", "Inside it", "Still inside the first");
        assertThat(transcript.warnings()).containsExactly("2 cues overlap earlier cues; kept as they are");
    }

    @Test
    void rejectsCueEndingBeforeItStartsNamingTheCue() throws Exception {
        Path file = write(dir, "backwards.srt", """
                1
                00:00:01,000 --> 00:00:02,000
                Fine

                2
                00:00:05,000 --> 00:00:04,000
                Backwards
                """);

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessage("caption 2 (line 6) ends at 00:00:04.000, before it starts at 00:00:05.000");
    }

    @Test
    void rejectsJsonSegmentEndingBeforeItStarts() throws Exception {
        Path file = write(dir, "backwards.transcript.json", "[{\"start\": 3, \"end\": 2.5, \"text\": \"a\"}]");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessage("segment 1 (line 1) ends at 00:00:02.500, before it starts at 00:00:03.000");
    }
}
