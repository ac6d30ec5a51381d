package io.castwire.processing.synthesis;

import io.castwire.processing.probe.Ffmpeg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        List<String> inputs = new ArrayList<>();
        int n = 0;
        for (Path p : new Path[] {intro, episode, outro}) {
            if (p != null) {
                inputs.addAll(List.of("-i", "file:" + p.toAbsolutePath()));
                n++;
            }
        }
        String loudnorm = loudnorm();
        if (properties.getStitching().isTwoPass()) {
            // first pass: measure the concatenation, so the second applies one linear gain and hits the target
            List<String> measure = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-nostats", "-protocol_whitelist", "file"));
            measure.addAll(inputs);
            measure.addAll(List.of("-filter_complex", filter(n, channels, loudnorm + ":print_format=json"), "-map", "[out]",
                    "-f", "null", "-"));
            Ffmpeg.Result r = ffmpeg.run(measure);
            Map<String, String> m = measured(r.stderr());
            if (!r.ok() || m == null) {
                throw new IOException("ffmpeg could not measure the loudness of the stitched episode"
                        + (r.timedOut() ? " within castwire.ffmpeg.timeout" : ": " + tail(r.stderr())));
            }
            loudnorm += String.format(Locale.ROOT, ":measured_I=%s:measured_TP=%s:measured_LRA=%s:measured_thresh=%s:offset=%s"
                    + ":linear=true", m.get("input_i"), m.get("input_tp"), m.get("input_lra"), m.get("input_thresh"),
                    m.get("target_offset"));
        }
        List<String> args = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-v", "error",
                "-protocol_whitelist", "file"));
        args.addAll(inputs);
        args.addAll(List.of("-filter_complex", filter(n, channels, loudnorm), "-map", "[out]", "-vn",
                "-c:a", "libmp3lame", "-b:a", properties.getStitching().getBitrate()));
        Path tmp = Files.createTempFile(work, "stitch-", ".mp3");
        try {
            args.add("file:" + tmp.toAbsolutePath());
            Ffmpeg.Result r = ffmpeg.run(args);
            if (!r.ok()) {
                throw new IOException("ffmpeg could not stitch intro and outro onto the episode"
                        + (r.timedOut() ? " within castwire.ffmpeg.timeout" : ": " + tail(r.stderr())));
            }
            Files.createDirectories(target.getParent());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static final Pattern FIELD = Pattern.compile("\"(input_i|input_tp|input_lra|input_thresh|target_offset)\"\\s*:\\s*\"(-?[\\d.]+|-?inf)\"");

    /** The first pass's measurements (loudnorm's JSON at the end of stderr), or null. */
    static Map<String, String> measured(String stderr) {
        int start = stderr.lastIndexOf('{');
        if (start < 0) {
            return null;
        }
        Map<String, String> values = new HashMap<>();
        Matcher m = FIELD.matcher(stderr.substring(start));
        while (m.find()) {
            values.put(m.group(1), m.group(2));
        }
        // silence measures as -inf: nothing to normalize against
        return values.size() == 5 && !values.containsValue("-inf") ? values : null;
    }

    private String loudnorm() {
        SynthesisProperties.Stitching s = properties.getStitching();
        return String.format(Locale.ROOT, "loudnorm=I=%.1f:TP=%.1f:LRA=%.1f", s.getLoudness(), s.getTruePeak(),
                s.getLoudnessRange());
    }

    private static String tail(String stderr) {
        String t = stderr.strip();
        return t.length() > 500 ? t.substring(t.length() - 500) : t;
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
        return filter(inputs, channels, loudnorm());
    }

    private static String filter(int inputs, int channels, String loudnorm) {
        String layout = channels == 1 ? "mono" : "stereo";
        StringBuilder f = new StringBuilder();
        for (int i = 0; i < inputs; i++) {
            f.append('[').append(i).append(":a:0]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=")
                    .append(layout).append("[a").append(i).append("];");
        }
        for (int i = 0; i < inputs; i++) {
            f.append("[a").append(i).append(']');
        }
        f.append("concat=n=").append(inputs).append(":v=0:a=1,").append(loudnorm).append(",aresample=44100,aformat=channel_layouts=")
                .append(layout).append("[out]");
        return f.toString();
    }
}
