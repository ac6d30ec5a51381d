package io.castwire.operations.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.common.CastwireProperties;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeEvent;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.EpisodeState;
import io.castwire.episode.MediaInfo;
import io.castwire.episode.NewEpisode;
import io.castwire.episode.ShowRepository;
import io.castwire.operations.deadletter.DeadLetters;
import io.castwire.processing.EpisodeOutbox;
import io.castwire.processing.EpisodeProcessor;
import io.castwire.processing.ProcessingStep;
import io.castwire.support.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The processing loop when its episode is cancelled: the running step's cancel ends processing
 * without a retry or a dead letter, and no later step starts.
 */
class CancelledProcessingTest {

    private HikariDataSource ds;
    private EpisodeRepository episodes;
    private QueueRepository queue;
    private RunningJobs jobs;
    private EpisodeProcessor processor;
    private final List<String> ran = new ArrayList<>();
    private boolean throwAfterCancel;
    private long show;

    @BeforeEach
    void setUp() {
        ds = TestDatabases.h2();
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(ds);
        Clock clock = Clock.systemUTC();
        episodes = new EpisodeRepository(jdbc, clock);
        queue = new QueueRepository(jdbc, episodes, clock);
        jobs = new RunningJobs(clock);
        show = new ShowRepository(jdbc, clock).findOrCreate("c");
        CastwireProperties properties = new CastwireProperties();
        properties.setInstanceId("node-a");
        ProcessingStep cut = step("cut", 0, e -> {
            // an admin cancels while this step runs
            queue.cancel(e.id(), "admin");
            jobs.cancel(e.id());
            if (throwAfterCancel) {
                throw new JobCancelledException(e.id());
            }
        });
        ProcessingStep captions = step("captions", 1, e -> { });
        processor = new EpisodeProcessor(episodes, new EpisodeOutbox(episodes, properties, clock), List.of(cut, captions),
                properties, new SimpleMeterRegistry(),
                new DeadLetters(jdbc, episodes, new SimpleMeterRegistry(), clock),
                new io.castwire.operations.budget.BudgetBlocks(episodes, event -> { }, new SimpleMeterRegistry(), null, clock), jobs);
    }

    @AfterEach
    void tearDown() {
        ds.close();
    }

    private ProcessingStep step(String name, int order, java.util.function.Consumer<Episode> body) {
        return new ProcessingStep() {
            public String name() { return name; }
            public int order() { return order; }
            public String run(Episode e) {
                ran.add(name);
                body.accept(e);
                return "ok";
            }
        };
    }

    private long episode() {
        MediaInfo m = new MediaInfo(MediaInfo.AUDIO, "mp3", 1000L, "mp3", null, 44100, 1, null, null, 64);
        return episodes.insert(new NewEpisode(show, "e.mp3", "e", "%064x".formatted(System.nanoTime()), 1, "media/x.mp3", m),
                Instant.now().minusSeconds(1), "t");
    }

    private void assertStoppedCleanly(long id) {
        assertThat(processor.process(id)).isFalse();
        assertThat(ran).containsExactly("cut");
        assertThat(episodes.findById(id).orElseThrow().state()).isEqualTo(EpisodeState.CANCELLED);
        assertThat(episodes.timeline(id).stream().map(EpisodeEvent::event))
                .contains("cancelled").doesNotContain("retry-scheduled", "failed", "processed");
        assertThat(new NamedParameterJdbcTemplate(ds).queryForList("SELECT id FROM dead_letters", Map.of())).isEmpty();
        assertThat(processor.process(id)).as("a cancelled episode is not taken again").isFalse();
        assertThat(ran).hasSize(1);
    }

    @Test
    void aStepStoppedByTheCancelEndsProcessingWithoutRetry() {
        throwAfterCancel = true;
        assertStoppedCleanly(episode());
    }

    @Test
    void noFurtherStepStartsAfterACancelDuringTheStepBefore() {
        throwAfterCancel = false;
        assertStoppedCleanly(episode());
    }

    @Test
    void aRetryAfterACancelProcessesTheEpisodeNormally() {
        throwAfterCancel = true;
        long id = episode();
        processor.process(id);
        assertThat(episodes.retry(id, "admin")).isTrue();
        throwAfterCancel = false;
        ran.clear();
        // the step cancels again only when asked: this run goes through
        EpisodeProcessor plain = new EpisodeProcessor(episodes, new EpisodeOutbox(episodes, new CastwireProperties(),
                Clock.systemUTC()), List.of(step("cut", 0, e -> jobs.checkNotCancelled(e.id()))), new CastwireProperties(),
                new SimpleMeterRegistry(), new DeadLetters(new NamedParameterJdbcTemplate(ds), episodes,
                new SimpleMeterRegistry(), Clock.systemUTC()),
                new io.castwire.operations.budget.BudgetBlocks(episodes, event -> { }, new SimpleMeterRegistry(), null,
                        Clock.systemUTC()), jobs);
        assertThat(plain.process(id)).isTrue();
        assertThat(episodes.findById(id).orElseThrow().state()).isEqualTo(EpisodeState.PROCESSED);
    }
}
