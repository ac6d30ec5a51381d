package io.castwire.processing.synthesis;

import io.castwire.processing.probe.Ffmpeg;
import io.castwire.support.TestMedia;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test (runs only with {@code -Dcastwire.bench=true}; see bench/README.md): the
 * hub's stitching ({@link Stitcher}: two ffmpeg passes through the {@link Ffmpeg} wrapper, work
 * files, the atomic move) against the same two ffmpeg commands started directly, and against a
 * plain concat without loudness normalization, on the same inputs, alternating, in one JVM.
 */
@EnabledIfSystemProperty(named = "castwire.bench", matches = "true")
class StitchingBenchTest {

    private static final int ROUNDS = Integer.getInteger("castwire.bench.rounds", 3);
    private static final double EPISODE_SECONDS = Double.parseDouble(System.getProperty("castwire.bench.episode-seconds", "600"));

    @Test
    void stitchingAgainstFfmpegAlone() throws Exception {
        try (SpeechFixture fx = new SpeechFixture()) {
            fx.provider("local", "local", "").setApiKeyEnv("");
            SpeechChain chain = fx.chain();
            Path intro = chain.speak(1, "bench", "Welcome to the benchmark show. This is the stitching episode.", "narrator").file();
            Path outro = chain.speak(1, "bench", "That was the benchmark show. Thanks for listening.", "narrator").file();
            Path episode = TestMedia.mp3(EPISODE_SECONDS);
            Stitcher stitcher = new Stitcher(fx.ffmpeg, fx.properties);
            String ff = fx.ffmpeg.binary().toString();
            long[] hub = new long[ROUNDS];
            long[] bare = new long[ROUNDS];
            long[] concat = new long[ROUNDS];
            for (int i = 0; i < ROUNDS; i++) {
                Path target = fx.paths.media().resolve("bench/stitched-" + i + ".mp3");
                long t0 = System.nanoTime();
                stitcher.stitch(intro, episode, outro, 1, fx.paths.work(), target);
                hub[i] = System.nanoTime() - t0;

                t0 = System.nanoTime();
                String loudnorm = "loudnorm=I=-16.0:TP=-1.5:LRA=11.0";
                String measure = run(ff, inputs(intro, episode, outro), "-filter_complex", graph(loudnorm + ":print_format=json"),
                        "-map", "[out]", "-f", "null", "-");
                Map<String, String> m = Stitcher.measured(measure);
                run(ff, inputs(intro, episode, outro), "-filter_complex", graph(loudnorm + ":measured_I=" + m.get("input_i")
                        + ":measured_TP=" + m.get("input_tp") + ":measured_LRA=" + m.get("input_lra") + ":measured_thresh="
                        + m.get("input_thresh") + ":offset=" + m.get("target_offset") + ":linear=true"),
                        "-map", "[out]", "-c:a", "libmp3lame", "-b:a", "128k", "-y", fx.paths.work().resolve("bare-" + i + ".mp3").toString());
                bare[i] = System.nanoTime() - t0;

                t0 = System.nanoTime();
                run(ff, inputs(intro, episode, outro), "-filter_complex", graph(null), "-map", "[out]", "-c:a", "libmp3lame",
                        "-b:a", "128k", "-y", fx.paths.work().resolve("concat-" + i + ".mp3").toString());
                concat[i] = System.nanoTime() - t0;
                System.out.printf("round %d: castwire %.2f s, ffmpeg alone (same two passes) %.2f s, concat only %.2f s%n", i,
                        hub[i] / 1e9, bare[i] / 1e9, concat[i] / 1e9);
            }
            double h = median(hub);
            double b = median(bare);
            double c = median(concat);
            System.out.printf("STITCHING BENCH (%.0f s episode, %d rounds, medians): castwire %.2f s; ffmpeg alone %.2f s"
                    + " (ratio %.2f); concat without loudnorm %.2f s (loudnorm costs %.1fx)%n", EPISODE_SECONDS, ROUNDS, h, b, h / b,
                    c, b / c);
        }
    }

    private static List<String> inputs(Path... files) {
        List<String> args = new ArrayList<>();
        for (Path f : files) {
            args.addAll(List.of("-i", f.toString()));
        }
        return args;
    }

    private static String graph(String loudnorm) {
        String parts = "[0:a:0]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=mono[a0];"
                + "[1:a:0]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=mono[a1];"
                + "[2:a:0]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=mono[a2];[a0][a1][a2]concat=n=3:v=0:a=1";
        return parts + (loudnorm == null ? "" : "," + loudnorm) + ",aresample=44100,aformat=channel_layouts=mono[out]";
    }

    private static String run(String ffmpeg, List<String> inputs, String... rest) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-nostats"));
        cmd.addAll(inputs);
        cmd.addAll(Arrays.asList(rest));
        File err = File.createTempFile("bench-", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(Files.readString(err.toPath()));
            }
            return Files.readString(err.toPath());
        } finally {
            err.delete();
        }
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1e9;
    }
}
