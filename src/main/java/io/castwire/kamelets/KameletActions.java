package io.castwire.kamelets;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.HubPaths;
import io.castwire.episode.MediaInfo;
import io.castwire.ingest.IngestRejection;
import io.castwire.processing.clipping.ClipCutter;
import io.castwire.processing.probe.MediaProbe;
import io.castwire.processing.scoring.ClipProfile;
import io.castwire.processing.scoring.ClipScorer;
import io.castwire.processing.scoring.ScoredClip;
import io.castwire.processing.transcript.Transcript;
import io.castwire.processing.transcript.TranscriptParseException;
import io.castwire.processing.transcript.TranscriptParser;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.file.GenericFile;
import org.springframework.stereotype.Component;

/**
 * The action Kamelets: {@code castwire-score-action} runs castwire's clip scorer on a transcript,
 * {@code castwire-clip-action} cuts a clip out of a media file with castwire's ffmpeg cutter. Both
 * stream their input to and from files; no media is held in memory.
 */
@Component("kameletActions")
public class KameletActions {

    private final TranscriptParser parser;
    private final ClipScorer scorer;
    private final MediaProbe probe;
    private final ClipCutter cutter;
    private final HubPaths paths;
    private final ObjectMapper json;

    public KameletActions(TranscriptParser parser, ClipScorer scorer, MediaProbe probe, ClipCutter cutter, HubPaths paths,
                          ObjectMapper json) {
        this.parser = parser;
        this.scorer = scorer;
        this.probe = probe;
        this.cutter = cutter;
        this.paths = paths;
        this.json = json;
    }

    /**
     * Scores the transcript in the body (SRT, WebVTT, castwire or Whisper JSON, as {@code format}
     * says) and leaves the best non-overlapping windows for the profile as a JSON array in the body:
     * start and end in milliseconds, score, feature breakdown, reason and text. Called by
     * {@code castwire-score-action}.
     *
     * @param format {@code srt}, {@code vtt} or {@code json}
     * @throws IllegalArgumentException when the profile or format is unknown or the transcript unusable
     */
    public String score(Exchange exchange, String format, String profile, int top) throws IOException {
        ClipProfile p = ClipProfile.defaults().get(profile);
        if (p == null) {
            throw new IllegalArgumentException("unknown clip profile '" + profile + "', expected one of "
                    + ClipProfile.defaults().keySet());
        }
        if (top < 1 || top > 100) {
            throw new IllegalArgumentException("top must be between 1 and 100, not " + top);
        }
        String suffix = switch (format.toLowerCase(Locale.ROOT)) {
            case "srt" -> ".srt";
            case "vtt" -> ".vtt";
            case "json" -> ".transcript.json";
            default -> throw new IllegalArgumentException("unknown transcript format '" + format + "' (srt, vtt or json)");
        };
        Path dir = Files.createTempDirectory(work(), "kamelet-score-");
        Path file = dir.resolve("transcript" + suffix);
        try {
            try (InputStream body = exchange.getMessage().getMandatoryBody(InputStream.class)) {
                // the parser's own limit, checked before the copy fills the disk
                Files.copy(limited(body, TranscriptParser.MAX_BYTES + 1), file);
            } catch (org.apache.camel.InvalidPayloadException e) {
                throw new IllegalArgumentException("the message body is not a transcript: " + e.getMessage(), e);
            }
            Transcript transcript;
            try {
                transcript = parser.parse(file);
            } catch (TranscriptParseException e) {
                throw new IllegalArgumentException("the transcript cannot be used: " + e.getMessage(), e);
            }
            List<ScoredClip> clips = scorer.topClips(transcript.segments(), p, top);
            String out = json.writeValueAsString(clips);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setBody(out);
            return out;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Cuts {@code [start, end)} (seconds) out of the media file in the body into a new file in
     * {@code outputDirectory} (castwire's work folder when empty) and leaves its absolute path in the
     * body. Audio is stream-copied, video re-encoded to H.264/AAC MP4, as for the hub's own clips.
     * Called by {@code castwire-clip-action}.
     *
     * @throws IllegalArgumentException when the body is not a readable media file, or the times are wrong
     */
    public String clip(Exchange exchange, double start, double end, String outputDirectory) throws IOException {
        if (!(start >= 0) || !(end > start)) {
            throw new IllegalArgumentException("a clip needs 0 <= start < end, not " + start + " .. " + end);
        }
        Path source = mediaFile(exchange.getMessage());
        MediaInfo media;
        try {
            media = probe.probe(source).media();
        } catch (IngestRejection e) {
            throw new IllegalArgumentException("not a media file castwire can cut: " + e.getMessage(), e);
        }
        long startMs = Math.round(start * 1000);
        long endMs = Math.round(end * 1000);
        if (media.durationMs() != null && startMs >= media.durationMs()) {
            throw new IllegalArgumentException("the clip starts at " + startMs + " ms, after the media ends ("
                    + media.durationMs() + " ms)");
        }
        String name = source.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = cutter.extensionFor(media, dot > 0 ? name.substring(dot + 1) : "");
        String stem = dot > 0 ? name.substring(0, dot) : name;
        Path dir = outputDirectory == null || outputDirectory.isBlank() ? work().resolve("kamelet-clips")
                : Path.of(outputDirectory);
        Files.createDirectories(dir);
        Path target = dir.resolve(stem + "-" + startMs + "-" + endMs + "." + ext).toAbsolutePath();
        cutter.cut(source, media, startMs, endMs, target);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, target.getFileName().toString());
        exchange.getMessage().setBody(target.toString());
        return target.toString();
    }

    private Path work() throws IOException {
        return Files.createDirectories(paths.work());
    }

    private static Path mediaFile(Message in) {
        Object body = in.getBody();
        Path path;
        if (body instanceof GenericFile<?> f) {
            path = Path.of(f.getAbsoluteFilePath());
        } else if (body instanceof File f) {
            path = f.toPath();
        } else if (body instanceof Path p) {
            path = p;
        } else if (body instanceof String s && !s.isBlank()) {
            path = Path.of(s.strip());
        } else {
            throw new IllegalArgumentException("the clip action needs a media file (a path, File or file message) as the body");
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no such media file: " + path);
        }
        return path.toAbsolutePath();
    }

    private static InputStream limited(InputStream in, long max) {
        return new java.io.FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                count(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                count(Math.max(0, n));
                return n;
            }

            private void count(long n) throws IOException {
                read += n;
                if (read > max) {
                    throw new IllegalArgumentException("the transcript is larger than " + (max - 1) + " bytes");
                }
            }
        };
    }
}
