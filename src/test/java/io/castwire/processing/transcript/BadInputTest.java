package io.castwire.processing.transcript;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static io.castwire.processing.transcript.TranscriptFiles.write;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Broken files must end in a TranscriptParseException with a message, never in a raw runtime exception. */
class BadInputTest {

    private final TranscriptParser parser = new TranscriptParser();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            x.transcript.json | `{`
            x.transcript.json | `[1, 2]`
            x.transcript.json | `"just a string"`
            x.transcript.json | `{"segments": {}}`
            x.transcript.json | `{"segments": [{"start": 1}]}`
            x.transcript.json | `{"segments": [{"start": 1, "end": 2, "text": {"a": 1}}]}`
            x.transcript.json | `{"segments": [{"start": 1, "end": 2, "text": "a", "speaker": 7}]}`
            x.transcript.json | `{"transcription": [{"offsets": 5, "text": "a"}]}`
            x.transcript.json | `{"transcription": [{"timestamps": {"from": "soon", "to": 1}}]}`
            x.transcript.json | `[{"start": 1, "end": 99999999999999999999999999, "text": "a"}]`
            x.transcript.json | `[] []`
            x.transcript.json | `   `
            x.srt             | `1`
            x.srt             | `00:00:01,000 --> 00:00:02,000 --> 00:00:03,000`
            x.srt             | `99:99:99,999 --> 00:00:01,000`
            x.vtt             | `WEBVTT`
            x.vtt             | `WEBVTT\n\nid only`
            x.vtt             | `WEBVTT\n\n00:01.000 --> 00:00.000\nbackwards`
            x.vtt             | `WEBVTT\n\n00:01.000 --> 00:02.000\n&#99999999; &#x110000;\n\nx\n00:03.000 -> 4`
            """)
    void failsWithParseException(String name, String content) throws Exception {
        Path file = write(dir, name, content.replace("\\n", "\n"));

        assertThatThrownBy(() -> parser.parse(file))
                .isExactlyInstanceOf(TranscriptParseException.class)
                .message().isNotBlank();
    }
}
