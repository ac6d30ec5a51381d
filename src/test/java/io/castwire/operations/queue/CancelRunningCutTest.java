package io.castwire.operations.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.episode.MediaInfo;
import io.castwire.processing.clipping.ClipCutter;
import io.castwire.processing.probe.Ffmpeg;
import io.castwire.support.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Cancel of a running cut with the real bundled ffmpeg: a long video cut is under way (its
 * progress visible), the episode is cancelled, and the ffmpeg process is gone, no partial clip
 * file is left, the permit is free again.
 */
class CancelRunningCutTest {

    private static HikariDataSource ds;

    @BeforeAll
    static void start() {
        ds = TestDatabases.h2();
    }

    @AfterAll
    static void stop() {
        ds.close();
    }

    @Test
    void cancellingAnEpisodeKillsItsRunningCutAndLeavesNoPartialFile(@TempDir Path home) throws Exception {
        CastwireProperties hub = new CastwireProperties();
        hub.setHome(home);
        HubPaths paths = new HubPaths(hub);
        Files.createDirectories(paths.work());
        JobControlProperties control = new JobControlProperties();
        RunningJobs jobs = new RunningJobs(Clock.systemUTC());
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(ds);
        PermitStore permits = new PermitStore(jdbc, Clock.systemUTC());
        Ffmpeg ffmpeg = new Ffmpeg(hub, paths, new JobLimits(permits, jobs, control, hub));
        // two minutes of 640x360 video: re-encoding it takes seconds, plenty of time to cancel
        Path source = home.resolve("long.mp4");
        Ffmpeg.Result made = ffmpeg.run(List.of("-hide_banner", "-nostdin", "-y", "-v", "error",
                "-f", "lavfi", "-i", "testsrc=size=640x360:rate=30:duration=120",
                "-f", "lavfi", "-i", "sine=frequency=440:duration=120",
                "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", source.toString()));
        assertThat(made.ok()).as(made.stderr()).isTrue();
        MediaInfo video = new MediaInfo(MediaInfo.VIDEO, "mp4", 120_000L, "aac", "h264", 44100, 1, 640, 360, 500);
        Path clips = home.resolve("media/show/clips/42");
        Path target = clips.resolve("default-1-0-120000.mp4");
        long episode = 42;

        ExecutorService worker = Executors.newSingleThreadExecutor();
        Future<?> cut = worker.submit(() -> {
            try (JobContext.Scope scope = JobContext.forEpisode(episode)) {
                new ClipCutter(ffmpeg).cut(source, video, 0, 120_000, target);
            }
            return null;
        });
        // the cut runs: filed under the episode, with progress from ffmpeg's -progress output
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> jobs.running().stream()
                .anyMatch(j -> j.episodeId() == episode && j.percent() != null && j.percent() > 0));
        ProcessHandle process = ffmpegChild().orElseThrow();
        assertThat(jobs.running()).singleElement().satisfies(j -> assertThat(j.kind()).isEqualTo(JobLimits.FFMPEG));
        try (Stream<Path> files = Files.list(clips)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("the partial clip while it is cut")
                    .anyMatch(n -> n.startsWith(".clip-"));
        }

        assertThat(jobs.cancel(episode)).isEqualTo(1);

        try {
            cut.get(60, TimeUnit.SECONDS);
            throw new AssertionError("the cut finished although it was cancelled");
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(JobCancelledException.class);
        }
        worker.shutdown();
        assertThat(process.isAlive()).as("ffmpeg process %d", process.pid()).isFalse();
        try (Stream<Path> files = Files.list(clips)) {
            assertThat(files).as("no partial or finished clip is left").isEmpty();
        }
        assertThat(jobs.running()).isEmpty();
        assertThat(permits.heldByKind()).doesNotContainKey(JobLimits.FFMPEG);
    }

    /** The ffmpeg this JVM started for the cut (its output is a hidden partial clip). */
    private static Optional<ProcessHandle> ffmpegChild() {
        return ProcessHandle.current().children().filter(p -> p.info().arguments()
                .map(args -> String.join(" ", args).contains(".clip-")).orElse(false)).findFirst();
    }
}
