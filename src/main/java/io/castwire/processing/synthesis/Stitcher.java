package io.castwire.processing.synthesis;

import io.castwire.processing.probe.Ffmpeg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Puts intro + episode + outro together in one ffmpeg run: every part resampled to one format,
 * concatenated, and loudness-normalized ({@code loudnorm}, EBU R128) to the configured target, so
 * a quiet synthetic voice does not jump out next to the episode. ffmpeg streams from disk to disk;
 * the result is written to a work file and moved into place complete.
 */
@Component
public class Stitcher {

    private final Ffmpeg ffmpeg;
    private final SynthesisProperties properties;

    public Stitcher(Ffmpeg ffmpeg, SynthesisProperties properties) {
        this.ffmpeg = ffmpeg;
        this.properties = properties;
    }

    /**
     * Writes {@code target} (MP3): the parts that are not null, in order.
     *
     * @param channels 1 for a mono result, else stereo
     * @throws IOException when ffmpeg fails
     */
    public void stitch(Path intro, Path episode, Path outro, int channels, Path work, Path target) throws IOException {
        List<String> args = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-v", "error",
                "-protocol_whitelist", "file"));
        List<Path> parts = new ArrayList<>();
        for (Path p : new Path[] {intro, episode, outro}) {
            if (p != null) {
                parts.add(p);
                args.addAll(List.of("-i", "file:" + p.toAbsolutePath()));
            }
        }
        args.addAll(List.of("-filter_complex", filter(parts.size(), channels), "-map", "[out]", "-vn",
                "-c:a", "libmp3lame", "-b:a", properties.getStitching().getBitrate()));
        Path tmp = Files.createTempFile(work, "stitch-", ".mp3");
        try {
            args.add("file:" + tmp.toAbsolutePath());
            Ffmpeg.Result r = ffmpeg.run(args);
            if (!r.ok()) {
                throw new IOException("ffmpeg could not stitch intro and outro onto the episode"
                        + (r.timedOut() ? " within castwire.ffmpeg.timeout" : ": " + r.stderr().strip()));
            }
            Files.createDirectories(target.getParent());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Encodes one synthesized WAV as MP3 (a teaser to publish), written complete under its final name. */
    public void toMp3(Path wav, Path work, Path target) throws IOException {
        Path tmp = Files.createTempFile(work, "teaser-", ".mp3");
        try {
            Ffmpeg.Result r = ffmpeg.run(List.of("-hide_banner", "-nostdin", "-y", "-v", "error", "-protocol_whitelist", "file",
                    "-i", "file:" + wav.toAbsolutePath(), "-c:a", "libmp3lame", "-b:a", "64k", "file:" + tmp.toAbsolutePath()));
            if (!r.ok()) {
                throw new IOException("ffmpeg could not encode a teaser: " + r.stderr().strip());
            }
            Files.createDirectories(target.getParent());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The filter graph: normalize each input's format, concat, loudnorm, back to 44.1 kHz. */
    String filter(int inputs, int channels) {
        String layout = channels == 1 ? "mono" : "stereo";
        StringBuilder f = new StringBuilder();
        for (int i = 0; i < inputs; i++) {
            f.append('[').append(i).append(":a:0]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=")
                    .append(layout).append("[a").append(i).append("];");
        }
        for (int i = 0; i < inputs; i++) {
            f.append("[a").append(i).append(']');
        }
        SynthesisProperties.Stitching s = properties.getStitching();
        f.append("concat=n=").append(inputs).append(":v=0:a=1,")
                .append(String.format(Locale.ROOT, "loudnorm=I=%.1f:TP=%.1f:LRA=%.1f", s.getLoudness(), s.getTruePeak(),
                        s.getLoudnessRange()))
                .append(",aresample=44100[out]");
        return f.toString();
    }
}
