package io.castwire.processing.probe;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs ffmpeg as a process with an argument list (never through a shell). The binary is
 * {@code castwire.ffmpeg.path} when set, else the one shipped in the jave-nativebin jar, copied
 * once below {@code castwire.home/work/tools}.
 */
@Component
public class Ffmpeg {

    private static final Logger LOG = LoggerFactory.getLogger(Ffmpeg.class);
    static final String BUNDLED = "ws/schild/jave/nativebin/ffmpeg-amd64";
    private static final int KEEP_STDERR = 64 * 1024;

    private final CastwireProperties properties;
    private final HubPaths paths;
    private volatile Path binary;

    public Ffmpeg(CastwireProperties properties, HubPaths paths) {
        this.properties = properties;
        this.paths = paths;
    }

    /** The result of one run: exit code, stdout, and the tail of stderr. */
    public record Result(int exitCode, String stdout, String stderr, boolean timedOut) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }
    }

    /** The ffmpeg executable, extracting the bundled one on first use. */
    public Path binary() {
        Path b = binary;
        if (b == null) {
            synchronized (this) {
                if (binary == null) {
                    binary = locate();
                }
                b = binary;
            }
        }
        return b;
    }

    /** Runs ffmpeg with these arguments and the configured timeout. */
    public Result run(List<String> args) throws IOException {
        return run(args, properties.getFfmpeg().getTimeout());
    }

    /** Runs ffmpeg with these arguments; the process is killed when it outlives {@code timeout}. */
    public Result run(List<String> args, Duration timeout) throws IOException {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(binary().toString());
        command.addAll(args);
        Path out = Files.createTempFile(paths.work(), "ffmpeg-", ".out");
        Path err = Files.createTempFile(paths.work(), "ffmpeg-", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while ffmpeg was running", e);
            }
            if (!finished) {
                process.destroyForcibly();
                waitQuietly(process);
            }
            return new Result(finished ? process.exitValue() : -1, tail(out, KEEP_STDERR), tail(err, KEEP_STDERR), !finished);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void waitQuietly(Process process) {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path file, int max) throws IOException {
        long size = Files.size(file);
        try (var channel = Files.newByteChannel(file)) {
            channel.position(Math.max(0, size - max));
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(size, max));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read until the buffer is full
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        }
    }

    private Path locate() {
        String configured = properties.getFfmpeg().getPath();
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException("castwire.ffmpeg.path=" + configured + " is not an executable file");
            }
            return p;
        }
        try (InputStream in = Ffmpeg.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("no bundled ffmpeg for this platform; set castwire.ffmpeg.path");
            }
            Path tools = Files.createDirectories(paths.work().resolve("tools"));
            // the resource URL names the jar and its version, so a new jar gets a new copy
            String key = Integer.toHexString(Ffmpeg.class.getClassLoader().getResource(BUNDLED).toString().hashCode());
            Path target = tools.resolve("ffmpeg-jave-" + key);
            if (Files.isExecutable(target)) {
                return target;
            }
            Path tmp = Files.createTempFile(tools, "ffmpeg-", ".tmp");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            if (!tmp.toFile().setExecutable(true, true)) {
                throw new IOException("cannot make " + tmp + " executable");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("Using the bundled ffmpeg at {}", target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the bundled ffmpeg", e);
        }
    }

}
