package io.castwire.operations.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castwire.common.CastwireProperties;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.EpisodeState;
import io.castwire.episode.MediaInfo;
import io.castwire.episode.NewEpisode;
import io.castwire.episode.Priority;
import io.castwire.episode.ShowRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Job control against a real database: concurrency permits shared by two "replicas" (two
 * JobLimits on one database, as two processes would be), abandoned permits taken over, due work
 * ordered by priority, cancel recorded with who and when.
 */
abstract class JobControlContract {

    protected abstract DataSource dataSource();

    private NamedParameterJdbcTemplate jdbc;
    private EpisodeRepository episodes;
    private QueueRepository queue;
    private long show;
    private final AtomicInteger hashes = new AtomicInteger();

    @BeforeEach
    void repositories() {
        jdbc = new NamedParameterJdbcTemplate(dataSource());
        episodes = new EpisodeRepository(jdbc, Clock.systemUTC());
        queue = new QueueRepository(jdbc, episodes, Clock.systemUTC());
        show = new ShowRepository(jdbc, Clock.systemUTC()).findOrCreate("jobs-" + System.nanoTime());
    }

    private JobLimits replica(String instance, int ffmpegLimit, Duration lease) {
        CastwireProperties hub = new CastwireProperties();
        hub.setInstanceId(instance);
        JobControlProperties p = new JobControlProperties();
        p.getLimits().setFfmpeg(ffmpegLimit);
        p.getLimits().setLease(lease);
        p.getLimits().setPoll(Duration.ofMillis(20));
        return new JobLimits(new PermitStore(jdbc, Clock.systemUTC()), new RunningJobs(Clock.systemUTC()), p, hub);
    }

    @Test
    void twoReplicasTogetherNeverRunMoreThanTheLimitAndReachIt() throws Exception {
        // a kind of its own per run, so the two database tests never share slots
        int limit = 3;
        JobLimits a = replica("replica-a-" + System.nanoTime(), limit, Duration.ofSeconds(30));
        JobLimits b = replica("replica-b-" + System.nanoTime(), limit, Duration.ofSeconds(30));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        int jobs = 24;
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            JobLimits replica = i % 2 == 0 ? a : b;
            done.add(pool.submit(() -> {
                go.await();
                return replica.run(JobLimits.FFMPEG, null, () -> {
                    int now = running.incrementAndGet();
                    max.accumulateAndGet(now, Math::max);
                    // a job that takes a while, so the others really wait for it
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(60);
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    running.decrementAndGet();
                    return null;
                });
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(max.get()).as("most jobs running at once, limit %d over two replicas", limit).isEqualTo(limit);
        assertThat(new PermitStore(jdbc, Clock.systemUTC()).heldByKind()).doesNotContainKey(JobLimits.FFMPEG);
    }

    @Test
    void aPermitOfAReplicaThatDiedIsTakenOverAfterItsLease() throws Exception {
        PermitStore store = new PermitStore(jdbc, Clock.systemUTC());
        String kind = "upload.dead-" + System.nanoTime();
        PermitStore.Slot held = store.tryTake(kind, 1, "gone/1", null, Duration.ofMillis(300));
        assertThat(held).isNotNull();
        assertThat(store.tryTake(kind, 1, "alive/1", null, Duration.ofSeconds(30))).as("held, lease running").isNull();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> store.tryTake(kind, 1, "alive/1", null, Duration.ofSeconds(30)) != null);
        assertThat(store.renew(held, "gone/1", Duration.ofSeconds(30))).as("the dead holder lost it").isFalse();
    }

    @Test
    void aJobWaitingForAPermitNeverStartsOnceItsEpisodeIsCancelled() throws Exception {
        JobLimits limits = replica("replica-c-" + System.nanoTime(), 1, Duration.ofSeconds(30));
        RunningJobs jobs = (RunningJobs) readField(limits, "jobs");
        try (JobLimits.Permit busy = limits.acquire(JobLimits.FFMPEG, 1L)) {
            Future<?> waiting = Executors.newSingleThreadExecutor().submit(() -> limits.run(JobLimits.FFMPEG, 2L, () -> "ran"));
            org.awaitility.Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                    .until(() -> !waiting.isDone());
            jobs.cancel(2L);
            assertThatThrownBy(() -> waiting.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(JobCancelledException.class);
            assertThat(busy.job().stopped()).isFalse();
        }
    }

    private static Object readField(Object o, String name) throws Exception {
        var f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }

    private long insert(String base, Priority p) {
        int n = hashes.incrementAndGet();
        String hash = String.format("%064x", (long) n * 7919 + System.nanoTime() % 100000);
        long id = episodes.insert(new NewEpisode(show, base + ".mp3", base, hash, 1234, "media/x/" + hash + ".mp3",
                new MediaInfo(MediaInfo.AUDIO, "mp3", 10_000L, "mp3", null, 44100, 2, null, null, 128)),
                Instant.now().minusSeconds(1), "test");
        if (p != Priority.NORMAL) {
            queue.setInitialPriority(id, p);
        }
        return id;
    }

    @Test
    void dueWorkIsUrgentFirstThenOldestFirstEvenBehindManyBulkItems() {
        List<Long> bulk = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            bulk.add(insert("bulk-" + i, Priority.BULK));
        }
        long normal = insert("normal", Priority.NORMAL);
        long urgent = insert("urgent", Priority.URGENT);
        List<Long> due = episodes.dueIds(5).stream().filter(id -> id >= bulk.get(0)).toList();
        assertThat(due).startsWith(urgent, normal, bulk.get(0), bulk.get(1));
        assertThat(queue.waitingByPriority()).containsEntry("bulk", (long) queue.waitingByPriority().get("bulk"))
                .satisfies(m -> assertThat(m.get("bulk")).isGreaterThanOrEqualTo(200L));
    }

    @Test
    void priorityChangesOnlyWhileWaitingAndCancelRecordsWhoAndWhen() {
        long id = insert("ep", Priority.NORMAL);
        assertThat(queue.changePriority(id, Priority.URGENT, "admin")).isTrue();
        assertThat(queue.priorityOf(id)).isEqualTo(Priority.URGENT);
        assertThat(queue.cancel(id, "admin")).isTrue();
        assertThat(episodes.findById(id).orElseThrow().state()).isEqualTo(EpisodeState.CANCELLED);
        assertThat(queue.cancellation(id).orElseThrow()).containsEntry("cancelledBy", "admin")
                .hasEntrySatisfying("cancelledAt", at -> assertThat(at).isNotNull());
        assertThat(episodes.timeline(id)).anySatisfy(ev -> {
            assertThat(ev.event()).isEqualTo("cancelled");
            assertThat(ev.detail()).isEqualTo("cancelled by admin");
        });
        assertThat(queue.cancel(id, "admin")).as("already cancelled").isFalse();
        assertThat(queue.changePriority(id, Priority.BULK, "admin")).as("not waiting").isFalse();
        assertThat(episodes.retry(id, "admin")).as("a cancelled episode can be run again").isTrue();
        assertThat(episodes.findById(id).orElseThrow().state()).isEqualTo(EpisodeState.RECEIVED);
    }
}
