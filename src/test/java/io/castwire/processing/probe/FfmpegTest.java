package io.castwire.processing.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegTest {

    @TempDir
    Path home;

    private CastwireProperties properties() {
        CastwireProperties properties = new CastwireProperties();
        properties.setHome(home);
        return properties;
    }

    private Ffmpeg ffmpeg(CastwireProperties properties) {
        return new Ffmpeg(properties, new HubPaths(properties));
    }

    // -re reads the input at its native rate: without it ffmpeg renders 600 s of sine in a tenth of a second
    @Test
    void timeoutKillsALongRun() throws Exception {
        Ffmpeg ffmpeg = ffmpeg(properties());
        Path binary = ffmpeg.binary(); // extraction is not part of the timed run
        long start = System.nanoTime();

        Ffmpeg.Result result = ffmpeg.run(List.of("-hide_banner", "-nostdin", "-re", "-f", "lavfi", "-i", "sine=duration=600",
                "-f", "null", "-"), Duration.ofMillis(300));

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(result.timedOut()).isTrue();
        assertThat(result.ok()).isFalse();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(elapsed).isLessThan(Duration.ofSeconds(10));
        // killed and reaped, not left running: the binary lives in this test's own home, so any child using it is ours
        assertThat(runningChildrenOf(binary)).isEmpty();
    }

    private static List<ProcessHandle> runningChildrenOf(Path binary) {
        return ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> Path.of(c).equals(binary)).orElse(false))
                .toList();
    }

    @Test
    void configuredTimeoutIsUsedByRun() throws Exception {
        CastwireProperties properties = properties();
        properties.getFfmpeg().setTimeout(Duration.ofMillis(300));
        Ffmpeg ffmpeg = ffmpeg(properties);
        ffmpeg.binary();
        long start = System.nanoTime();

        Ffmpeg.Result result = ffmpeg.run(List.of("-hide_banner", "-nostdin", "-re", "-f", "lavfi", "-i", "sine=duration=600",
                "-f", "null", "-"));

        assertThat(result.timedOut()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void successfulRunReportsExitCodeStdoutAndStderrAndCleansUp() throws Exception {
        Ffmpeg ffmpeg = ffmpeg(properties());

        Ffmpeg.Result result = ffmpeg.run(List.of("-hide_banner", "-nostdin", "-f", "lavfi", "-i", "sine=duration=1",
                "-f", "null", "-progress", "pipe:1", "-"));

        assertThat(result.ok()).isTrue();
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("progress=end");
        assertThat(result.stderr()).contains("Input #0, lavfi");
        try (Stream<Path> left = Files.list(home.resolve("work"))) {
            assertThat(left).noneMatch(p -> p.getFileName().toString().startsWith("ffmpeg-"));
        }
    }

    @Test
    void failingRunIsNotOk() throws Exception {
        Ffmpeg.Result result = ffmpeg(properties()).run(List.of("-hide_banner", "-nostdin", "-i",
                home.resolve("missing.mp3").toString(), "-f", "null", "-"));

        assertThat(result.ok()).isFalse();
        assertThat(result.timedOut()).isFalse();
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("No such file or directory");
    }

    @Test
    void configuredPathThatIsNotExecutableIsRefusedNamingTheKey() throws Exception {
        Path notExecutable = Files.writeString(home.resolve("ffmpeg.txt"), "#!/bin/sh\n");
        CastwireProperties properties = properties();
        properties.getFfmpeg().setPath(notExecutable.toString());
        Ffmpeg ffmpeg = ffmpeg(properties);

        assertThatThrownBy(ffmpeg::binary)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("castwire.ffmpeg.path")
                .hasMessageContaining(notExecutable.toString());
        assertThatThrownBy(() -> ffmpeg.run(List.of("-version")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("castwire.ffmpeg.path");
    }

    @Test
    void configuredPathThatDoesNotExistIsRefused() {
        CastwireProperties properties = properties();
        properties.getFfmpeg().setPath(home.resolve("no-such-ffmpeg").toString());

        assertThatThrownBy(ffmpeg(properties)::binary)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("castwire.ffmpeg.path");
    }

    @Test
    void bundledBinaryIsExtractedOnceAndReusedByASecondInstance() throws Exception {
        CastwireProperties properties = properties();
        Path first = ffmpeg(properties).binary();
        Object firstFile = Files.readAttributes(first, BasicFileAttributes.class).fileKey();

        Path second = ffmpeg(properties).binary();

        assertThat(first).startsWith(home.resolve("work").resolve("tools"));
        assertThat(Files.isExecutable(first)).isTrue();
        assertThat(second).isEqualTo(first);
        // same inode: the second instance did not copy the binary again
        assertThat(Files.readAttributes(second, BasicFileAttributes.class).fileKey()).isEqualTo(firstFile);
        try (Stream<Path> tools = Files.list(home.resolve("work").resolve("tools"))) {
            assertThat(tools).containsExactly(first);
        }
    }
}
