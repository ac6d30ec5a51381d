package io.castwire.publishing.youtube;

import io.castwire.processing.probe.Ffmpeg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Turns audio into a video YouTube takes: the show cover (or a plain background) with the audio's
 * waveform over it, H.264 + AAC in MP4, rendered by ffmpeg from file to file (nothing in the heap).
 */
@Component
public class Audiogram {

    private final Ffmpeg ffmpeg;

    public Audiogram(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /**
     * Renders {@code audio} over {@code cover} (null: a plain background) at {@code width}×{@code height}
     * into {@code target}, which appears only when complete.
     *
     * @throws IOException when ffmpeg fails
     */
    public void render(Path audio, Path cover, int width, int height, int fps, Path target) throws IOException {
        int w = even(width);
        int h = even(height);
        int waveH = even(Math.max(2, h / 3));
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), ".audiogram-", ".mp4");
        try {
            List<String> args = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-v", "error",
                    "-protocol_whitelist", "file,lavfi"));
            if (cover != null) {
                args.addAll(List.of("-loop", "1", "-framerate", Integer.toString(fps), "-i", "file:" + cover.toAbsolutePath()));
            } else {
                args.addAll(List.of("-f", "lavfi", "-i", "color=c=0x1f3a5f:s=" + w + "x" + h + ":r=" + fps));
            }
            args.addAll(List.of("-i", "file:" + audio.toAbsolutePath(),
                    "-filter_complex", "[0:v]scale=" + w + ":" + h + ":force_original_aspect_ratio=increase,crop=" + w + ":" + h
                            + ",setsar=1[bg];[1:a]showwaves=s=" + w + "x" + waveH + ":mode=cline:colors=white:rate=" + fps
                            + "[wave];[bg][wave]overlay=0:" + (h - waveH) / 2 + ":shortest=1,format=yuv420p[v]",
                    "-map", "[v]", "-map", "1:a", "-map_metadata", "-1",
                    "-c:v", "libx264", "-preset", "veryfast", "-tune", "stillimage", "-crf", "28", "-r", Integer.toString(fps),
                    "-c:a", "aac", "-b:a", "128k", "-shortest", "-movflags", "+faststart", "-f", "mp4",
                    "file:" + partial.toAbsolutePath()));
            Ffmpeg.Result r = ffmpeg.run(args);
            if (!r.ok()) {
                throw new IOException("ffmpeg could not render the audiogram" + (r.timedOut() ? " in time" : "") + ": "
                        + r.stderr().strip());
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static int even(int n) {
        return Math.max(2, n - n % 2);
    }
}
