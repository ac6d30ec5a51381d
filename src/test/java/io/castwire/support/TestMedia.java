package io.castwire.support;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.processing.probe.Ffmpeg;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real media for tests, made with the same bundled ffmpeg the hub uses. Each call gives
 * different content (a different tone), so the hub's content-hash dedup sees distinct episodes.
 */
public final class TestMedia {

    private static final AtomicInteger TONE = new AtomicInteger(300);
    private static final Path DIR = Path.of("target", "test-media").toAbsolutePath();
    private static Ffmpeg ffmpeg;

    private TestMedia() {
    }

    public static synchronized Ffmpeg ffmpeg() {
        if (ffmpeg == null) {
            CastwireProperties p = new CastwireProperties();
            p.setHome(DIR.resolve("home"));
            ffmpeg = new Ffmpeg(p, new HubPaths(p));
        }
        return ffmpeg;
    }

    /** A mono 64 kb/s MP3 tone of this many seconds. */
    public static Path mp3(double seconds) {
        return make("mp3", List.of("-f", "lavfi", "-i", "sine=frequency=" + TONE.incrementAndGet() + ":duration=" + seconds,
                "-c:a", "libmp3lame", "-b:a", "64k"));
    }

    /** A small H.264 + AAC MP4 of this many seconds. */
    public static Path mp4(double seconds) {
        return make("mp4", List.of("-f", "lavfi", "-i", "testsrc=size=160x120:rate=15:duration=" + seconds,
                "-f", "lavfi", "-i", "sine=frequency=" + TONE.incrementAndGet() + ":duration=" + seconds,
                "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest"));
    }

    /** A small H.264 MP4 with no audio stream at all. */
    public static Path silentMp4(double seconds) {
        return make("mp4", List.of("-f", "lavfi", "-i", "testsrc=size=160x120:rate=15:duration=" + seconds,
                "-c:v", "libx264", "-preset", "ultrafast", "-an"));
    }

    private static Path make(String ext, List<String> input) {
        try {
            Files.createDirectories(DIR);
            Path out = Files.createTempFile(DIR, "media-", "." + ext);
            List<String> args = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-v", "error"));
            args.addAll(input);
            args.add(out.toString());
            Ffmpeg.Result r = ffmpeg().run(args);
            if (!r.ok()) {
                throw new IllegalStateException("ffmpeg could not make test media: " + r.stderr());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String srtTime(long ms) {
        return String.format("%02d:%02d:%02d,%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    }

    /** An SRT with {@code n} cues, one every two seconds, each 1.5 s long. */
    public static String srt(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i + 1).append('\n')
                    .append(srtTime(i * 2000L)).append(" --> ").append(srtTime(i * 2000L + 1500)).append('\n')
                    .append("Line number ").append(i + 1).append(" of the talk.\n\n");
        }
        return b.toString();
    }
}
