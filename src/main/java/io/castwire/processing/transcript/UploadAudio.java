package io.castwire.processing.transcript;

import io.castwire.processing.probe.Ffmpeg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file sent to the transcription service: the stored media itself when it is a plain audio file
 * within the upload limit, otherwise its first audio track reduced to mono 16 kHz 32 kb/s MP3 in
 * {@code castwire.home/work}. Whisper hears 16 kHz mono anyway, so nothing it uses is lost, and an
 * hour of speech is about 14 MB, under the 25 MB that hosted services accept.
 */
final class UploadAudio implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UploadAudio.class);

    /** Sent as they are: formats both hosted services and whisper.cpp's server decode. */
    private static final Map<String, String> AS_IS = Map.of(
            "mp3", "audio/mpeg",
            "wav", "audio/wav",
            "flac", "audio/flac");
    static final String REDUCED = "mono 16 kHz 32 kb/s MP3";

    final Path file;
    final String fileName;
    final String contentType;
    private final boolean temporary;

    private UploadAudio(Path file, String fileName, String contentType, boolean temporary) {
        this.file = file;
        this.fileName = fileName;
        this.contentType = contentType;
        this.temporary = temporary;
    }

    /**
     * Picks or makes the file to upload for {@code media}.
     *
     * @throws TranscriptionException permanent when the media has no usable audio or is too large
     *                                even when reduced; retryable when the disk or ffmpeg ran out of time
     */
    static UploadAudio prepare(Path media, long maxBytes, Ffmpeg ffmpeg, Path workDir) throws TranscriptionException {
        long size;
        try {
            size = Files.size(media);
        } catch (IOException e) {
            throw TranscriptionException.retryable("cannot read the stored media: " + e.getMessage(), e);
        }
        String name = String.valueOf(media.getFileName());
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = AS_IS.get(ext);
        if (type != null && size <= maxBytes) {
            // a fixed name: the service needs the extension, not the producer's file name
            return new UploadAudio(media, "audio." + ext, type, false);
        }
        Path reduced = reduce(media, ffmpeg, workDir);
        long reducedSize;
        try {
            reducedSize = Files.size(reduced);
        } catch (IOException e) {
            delete(reduced);
            throw TranscriptionException.retryable("cannot read the extracted audio: " + e.getMessage(), e);
        }
        LOG.info("Reduced {} ({} bytes) to {} bytes of {} for transcription", name, size, reducedSize, REDUCED);
        if (reducedSize > maxBytes) {
            delete(reduced);
            throw TranscriptionException.permanent("the audio is too large for the transcription service even as "
                    + REDUCED + ": " + human(reducedSize) + ", above castwire.transcription.max-upload-size ("
                    + human(maxBytes) + ")");
        }
        return new UploadAudio(reduced, "audio.mp3", "audio/mpeg", true);
    }

    private static Path reduce(Path media, Ffmpeg ffmpeg, Path workDir) throws TranscriptionException {
        Path out;
        try {
            out = Files.createTempFile(workDir, "transcription-", ".mp3");
        } catch (IOException e) {
            throw TranscriptionException.retryable("cannot create a work file: " + e.getMessage(), e);
        }
        try {
            // first audio track only: no cover art, no video, no tags sent to a third party
            Ffmpeg.Result r = ffmpeg.run(List.of("-hide_banner", "-nostdin", "-y", "-v", "error",
                    "-i", media.toString(), "-map", "0:a:0", "-map_metadata", "-1",
                    "-ac", "1", "-ar", "16000", "-c:a", "libmp3lame", "-b:a", "32k", "-f", "mp3", out.toString()));
            if (r.timedOut()) {
                throw new TranscriptionException("extracting the audio for transcription took longer than"
                        + " castwire.ffmpeg.timeout", false, (Throwable) null);
            }
            if (!r.ok()) {
                throw TranscriptionException.permanent("could not extract the audio for transcription: "
                        + (r.stderr().contains("matches no streams") ? "the media has no audio track"
                                : lastLine(r.stderr()).replace(media.toString(), String.valueOf(media.getFileName()))));
            }
            return out;
        } catch (IOException e) {
            delete(out);
            throw TranscriptionException.retryable("could not run ffmpeg to extract the audio: " + e.getMessage(), e);
        } catch (TranscriptionException e) {
            delete(out);
            throw e;
        }
    }

    /** ffmpeg ends with its verdict on the input ("…: Invalid data found when processing input"). */
    private static String lastLine(String stderr) {
        List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "ffmpeg failed without a message" : lines.get(lines.size() - 1);
    }

    static String human(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("Could not delete work file {}: {}", p, e.getMessage());
        }
    }

    /** True when the file is a reduced copy, not the stored media. */
    boolean reduced() {
        return temporary;
    }

    @Override
    public void close() {
        if (temporary) {
            delete(file);
        }
    }
}
