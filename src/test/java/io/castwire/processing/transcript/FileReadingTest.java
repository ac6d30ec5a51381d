package io.castwire.processing.transcript;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static io.castwire.processing.transcript.TranscriptFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileReadingTest {

    private static final String ONE_CAPTION = "1\r\n00:00:01,000 --> 00:00:02,000\r\n";

    private final TranscriptParser parser = new TranscriptParser();

    @TempDir
    Path dir;

    @Test
    void readsUtf8WithByteOrderMarkAndCrlf() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write((ONE_CAPTION + "Olá\r\nmundo\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nFim\r\n")
                .getBytes(StandardCharsets.UTF_8));

        Transcript transcript = parser.parse(write(dir, "bom.srt", bytes.toByteArray()));

        assertThat(transcript.segments()).containsExactly(
                new TranscriptSegment(0, 1_000, 2_000, "Olá mundo", null),
                new TranscriptSegment(1, 3_000, 4_000, "Fim", null));
        assertThat(transcript.warnings()).isEmpty();
    }

    @Test
    void readsWindows1252WhenBytesAreNotUtf8() throws Exception {
        // the euro sign and en dash exist in Windows-1252 but not in ISO-8859-1
        byte[] bytes = (ONE_CAPTION + "Caf\u00e9 cr\u00e8me \u2013 \u20ac5\r\n").getBytes(Charset.forName("windows-1252"));

        Transcript transcript = parser.parse(write(dir, "legacy.srt", bytes));

        assertThat(transcript.segments()).containsExactly(
                new TranscriptSegment(0, 1_000, 2_000, "Caf\u00e9 cr\u00e8me \u2013 \u20ac5", null));
        assertThat(transcript.warnings()).containsExactly("not UTF-8; read as Windows-1252");
    }

    @Test
    void rejectsFileAboveTheSizeLimitWithoutReadingIt() throws Exception {
        Path file = dir.resolve("huge.srt");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(TranscriptParser.MAX_BYTES + 1);
        }

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessage("transcript is 20.1 MB, above the 20 MB limit");
    }

    @Test
    void acceptsFileOfExactlyTheSizeLimit() throws Exception {
        byte[] bytes = new byte[(int) TranscriptParser.MAX_BYTES];
        byte[] caption = (ONE_CAPTION + "Hi\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        Arrays.fill(bytes, (byte) ' ');
        System.arraycopy(caption, 0, bytes, 0, caption.length);
        Path file = write(dir, "limit.srt", bytes);
        assertThat(Files.size(file)).isEqualTo(TranscriptParser.MAX_BYTES);

        assertThat(parser.parse(file).segments()).containsExactly(new TranscriptSegment(0, 1_000, 2_000, "Hi", null));
    }

    @Test
    void rejectsEmptyFile() throws Exception {
        Path file = write(dir, "empty.vtt", new byte[0]);

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessage("the file is empty: it contains no captions/segments");
    }

    @Test
    void rejectsFileWithOnlyBlankLines() throws Exception {
        Path file = write(dir, "blank.srt", "\r\n  \r\n\r\n");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessage("the transcript contains no captions/segments");
    }

    @Test
    void rejectsFileNameThatIsNotATranscript() throws Exception {
        Path file = write(dir, "notes.txt", "hello");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(TranscriptParseException.class)
                .hasMessage("'notes.txt' is not a transcript file name (expected .srt, .vtt or .transcript.json)");
    }
}
