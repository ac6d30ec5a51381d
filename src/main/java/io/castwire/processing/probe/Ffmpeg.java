package io.castwire.processing.probe;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.operations.queue.JobCancelledException;
import io.castwire.operations.queue.JobContext;
import io.castwire.operations.queue.JobLimits;
import io.castwire.operations.queue.RunningJobs;
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
 * once below {@code castwire.home/work/tools}. In the hub every run holds an {@code ffmpeg} permit
 * ({@link JobLimits}, {@code castwire.limits.ffmpeg}) and is filed under the episode of its thread
 * ({@link JobContext}), so a cancel of that episode kills the process.
 */
@Component
public class Ffmpeg {

    private static final Logger LOG = LoggerFactory.getLogger(Ffmpeg.class);
    static final String BUNDLED = "ws/schild/jave/nativebin/ffmpeg-amd64";
    private static final int KEEP_STDERR = 64 * 1024;

    private final CastwireProperties properties;
    private final HubPaths paths;
    private final JobLimits limits;
    private volatile Path binary;

    /** An ffmpeg runner without concurrency limits (tools and tests outside the hub). */
    public Ffmpeg(CastwireProperties properties, HubPaths paths) {
        this(properties, paths, null);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public Ffmpeg(CastwireProperties properties, HubPaths paths, JobLimits limits) {
        this.properties = properties;
        this.paths = paths;
        this.limits = limits;
    }

    /** The result of one run: exit code, stdout, and the tail of stderr. */
    public record Result(int exitCode, String stdout, String stderr, boolean timedOut) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }
    }

    /**
     * Prepares the binary when the hub starts (copying the bundled one takes seconds), so the first
     * file dropped into the inbox is not delayed by it. A platform without one is reported on first use.
     */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    public void prepare() {
        try {
            binary();
        } catch (RuntimeException e) {
            LOG.warn("ffmpeg is not ready: {}", e.getMessage());
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

    /** Runs ffmpeg that writes {@code expectedOutputMs} of media, with the configured timeout (progress in queue stats). */
    public Result run(List<String> args, long expectedOutputMs) throws IOException {
        return run(args, properties.getFfmpeg().getTimeout(), expectedOutputMs);
    }

    /** Runs ffmpeg with these arguments; the process is killed when it outlives {@code timeout}. */
    public Result run(List<String> args, Duration timeout) throws IOException {
        return run(args, timeout, null);
    }

    /**
     * Runs ffmpeg that writes {@code expectedOutputMs} of media, reporting its progress in percent
     * to queue stats (read from ffmpeg's {@code -progress} output).
     *
     * @throws JobCancelledException when the episode is cancelled while ffmpeg waits or runs (the process is killed)
     */
    public Result run(List<String> args, Duration timeout, Long expectedOutputMs) throws IOException {
        return run(JobLimits.FFMPEG, args, timeout, expectedOutputMs);
    }

    /**
     * Runs ffmpeg under a permit of another kind: the ingest probe uses {@code probe}
     * ({@code castwire.limits.probe}), so registering new media never queues behind long cuts.
     */
    public Result run(String kind, List<String> args) throws IOException {
        return run(kind, args, properties.getFfmpeg().getTimeout(), null);
    }

    private Result run(String kind, List<String> args, Duration timeout, Long expectedOutputMs) throws IOException {
        if (limits == null) {
            return execute(args, timeout, expectedOutputMs, null);
        }
        try (JobLimits.Permit permit = limits.acquire(kind, JobContext.episodeId())) {
            return execute(args, timeout, expectedOutputMs, permit.job());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for an ffmpeg permit", e);
        }
    }

    private Result execute(List<String> args, Duration timeout, Long expectedOutputMs, RunningJobs.Job job)
            throws IOException {
        List<String> command = new ArrayList<>(args.size() + 4);
        command.add(binary().toString());
        Path progress = null;
        if (job != null && expectedOutputMs != null && expectedOutputMs > 0) {
            progress = Files.createTempFile(paths.work(), "ffmpeg-", ".progress");
            command.addAll(List.of("-progress", "file:" + progress.toAbsolutePath()));
            Path file = progress;
            job.progress(() -> FfmpegProgress.percent(file, expectedOutputMs));
        }
        command.addAll(args);
        Path out = Files.createTempFile(paths.work(), "ffmpeg-", ".out");
        Path err = Files.createTempFile(paths.work(), "ffmpeg-", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (job != null) {
                job.onStop(() -> {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                });
            }
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
            if (job != null && job.stopped()) {
                waitQuietly(process);
                throw new JobCancelledException(job.episodeId() == null ? -1 : job.episodeId());
            }
            return new Result(finished ? process.exitValue() : -1, tail(out, KEEP_STDERR), tail(err, KEEP_STDERR), !finished);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            if (progress != null) {
                Files.deleteIfExists(progress);
            }
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
