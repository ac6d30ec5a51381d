package io.castwire.processing.transcript;

import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Parses transcript and caption files (SRT, WebVTT, Whisper JSON, castwire JSON) into timed segments.
 * Stateless and thread-safe.
 */
@Component
public class TranscriptParser {

    /** Larger files are refused before any byte is read. */
    public static final long MAX_BYTES = 20L * 1024 * 1024;

    /**
     * Parses a transcript file. The format comes from the file name (see
     * {@link TranscriptFormat#fromFileName}); for JSON files the content decides between Whisper and
     * castwire JSON.
     *
     * @param file the transcript file
     * @return the segments sorted by start and indexed from 0, with warnings about anything repaired
     * @throws TranscriptParseException when the file cannot be used; the message is meant for the producer
     * @throws IOException when the file cannot be read
     */
    public Transcript parse(Path file) throws TranscriptParseException, IOException {
        Objects.requireNonNull(file, "file");
        Path name = file.getFileName();
        TranscriptFormat byName = TranscriptFormat.fromFileName(name == null ? null : name.toString())
                .orElseThrow(() -> new TranscriptParseException(Text.quote(String.valueOf(name))
                        + " is not a transcript file name (expected .srt, .vtt or .transcript.json)"));

        TranscriptFile source = TranscriptFile.read(file, MAX_BYTES);
        TranscriptFormat format = byName;
        List<RawCue> cues;
        try (Reader reader = source.reader()) {
            switch (byName) {
                case SRT -> cues = SrtReader.read(reader);
                case VTT -> cues = VttReader.read(reader);
                default -> {
                    JsonTranscriptReader.Result json = JsonTranscriptReader.read(reader);
                    format = json.format();
                    cues = json.cues();
                }
            }
        }
        List<String> warnings = new ArrayList<>(source.warnings());
        List<TranscriptSegment> segments = CueNormaliser.normalise(cues, warnings);
        return new Transcript(format, segments, warnings);
    }
}
