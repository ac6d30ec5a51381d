package io.castwire.processing.clipping;

import io.castwire.episode.MediaInfo;
import io.castwire.processing.probe.Ffmpeg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Cuts a clip out of an episode with ffmpeg, streaming file to file (no media bytes in the heap).
 * Audio is cut by stream copy, which is exact to the codec frame (about 26 ms for MP3, 23 ms for
 * AAC) and costs no quality. Video is re-encoded (H.264 + AAC in MP4) so the cut lands on the asked
 * frame instead of the nearest keyframe. The output appears under its final name only when complete.
 */
@Component
public class ClipCutter {

    /** Audio containers whose streams can be copied into the same container. */
    private static final Set<String> COPYABLE_AUDIO = Set.of("mp3", "m4a", "wav", "flac", "ogg");

    private final Ffmpeg ffmpeg;

    public ClipCutter(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /** The file extension a clip of this media gets. */
    public String extensionFor(MediaInfo media, String sourceExtension) {
        String ext = sourceExtension.toLowerCase(Locale.ROOT);
        if (MediaInfo.VIDEO.equals(media.kind())) {
            return "mp4";
        }
        return COPYABLE_AUDIO.contains(ext) ? ext : "m4a";
    }

    /**
     * Cuts {@code [startMs, endMs)} of {@code source} into {@code target}.
     *
     * @throws IOException when ffmpeg fails or times out; no partial file is left at {@code target}
     * @throws io.castwire.operations.queue.JobCancelledException when the episode is cancelled during the cut
     *         (ffmpeg is killed, its partial file removed)
     */
    public void cut(Path source, MediaInfo media, long startMs, long endMs, Path target) throws IOException {
        if (endMs <= startMs) {
            throw new IllegalArgumentException("clip end " + endMs + " ms is not after its start " + startMs + " ms");
        }
        Files.createDirectories(target.getParent());
        String ext = target.getFileName().toString().substring(target.getFileName().toString().lastIndexOf('.') + 1);
        Path partial = Files.createTempFile(target.getParent(), ".clip-", "." + ext);
        try {
            List<String> args = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-v", "error",
                    "-protocol_whitelist", "file",
                    "-ss", seconds(startMs), "-i", "file:" + source.toAbsolutePath(), "-t", seconds(endMs - startMs),
                    "-map", "0:a?", "-map", "0:V?", "-map_metadata", "-1"));
            if (MediaInfo.VIDEO.equals(media.kind())) {
                args.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
                        "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart"));
            } else if (ext.equals("m4a") && !"aac".equals(media.audioCodec())) {
                args.addAll(List.of("-vn", "-c:a", "aac", "-b:a", "128k"));
            } else {
                args.addAll(List.of("-vn", "-c:a", "copy"));
            }
            args.add("file:" + partial.toAbsolutePath());
            Ffmpeg.Result r = ffmpeg.run(args, endMs - startMs);
            if (!r.ok()) {
                throw new IOException(r.timedOut() ? "ffmpeg took longer than castwire.ffmpeg.timeout to cut the clip"
                        : "ffmpeg could not cut the clip: " + lastLine(r.stderr()));
            }
            if (Files.size(partial) == 0) {
                throw new IOException("ffmpeg wrote an empty clip");
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    static String seconds(long ms) {
        return String.format(Locale.ROOT, "%d.%03d", ms / 1000, ms % 1000);
    }

    private static String lastLine(String err) {
        String[] lines = err.strip().split("\\R");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }
}
