package io.castwire.processing;

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
import io.castwire.support.MutableClock;
import io.castwire.support.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The processing loop on a real (H2) database with steps the test controls and a clock it moves. */
class EpisodeProcessorTest {

    private HikariDataSource ds;
    private MutableClock clock;
    private EpisodeRepository episodes;
    private EpisodeOutbox outbox;
    private CastwireProperties properties;
    private final List<String> ran = new ArrayList<>();
    private RuntimeException failWith;
    private long show;

    @BeforeEach
    void setUp() {
        ds = TestDatabases.h2();
        clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(ds);
        episodes = new EpisodeRepository(jdbc, clock);
        show = new ShowRepository(jdbc, clock).findOrCreate("p");
        properties = new CastwireProperties();
        properties.setInstanceId("node-a");
        properties.getProcessing().setMaxAttempts(3);
        properties.getProcessing().setRetryBackoff(Duration.ofSeconds(10));
        outbox = new EpisodeOutbox(episodes, properties, clock);
    }

    @AfterEach
    void tearDown() {
        ds.close();
    }

    private EpisodeProcessor processor() {
        ProcessingStep step = new ProcessingStep() {
            public String name() { return "test-step"; }
            public int order() { return 0; }
            public String run(Episode e) {
                ran.add("run " + e.id());
                if (failWith != null) {
                    throw failWith;
                }
                return "fine";
            }
        };
        DeadLetters deadLetters = new DeadLetters(new NamedParameterJdbcTemplate(ds), episodes, new SimpleMeterRegistry(), clock);
        return new EpisodeProcessor(episodes, outbox, List.of(step), properties, new SimpleMeterRegistry(), deadLetters);
    }

    private long episode() {
        MediaInfo m = new MediaInfo(MediaInfo.AUDIO, "mp3", 1000L, "mp3", null, 44100, 1, null, null, 64);
        return episodes.insert(new NewEpisode(show, "e.mp3", "e", "%064x".formatted(System.nanoTime()), 1, "media/x.mp3", m),
                clock.instant(), "t");
    }

    private List<String> events(long id) {
        return episodes.timeline(id).stream().map(EpisodeEvent::event).toList();
    }

    @Test
    void aDueEpisodeIsProcessedOnceAndASecondCallDoesNothing() {
        long id = episode();
        assertThat(processor().process(id)).isTrue();
        assertThat(processor().process(id)).isFalse();
        assertThat(ran).hasSize(1);
        Episode e = episodes.findById(id).orElseThrow();
        assertThat(e.state()).isEqualTo(EpisodeState.PROCESSED);
        assertThat(e.stateDetail()).isEqualTo("test-step: fine");
    }

    @Test
    void aFailingStepIsRetriedWithGrowingBackoffThenFailed() {
        long id = episode();
        failWith = new IllegalStateException("disk on fire");
        EpisodeProcessor p = processor();
        p.process(id);
        assertThat(episodes.findById(id).orElseThrow().state()).isEqualTo(EpisodeState.RECEIVED);
        assertThat(p.process(id)).as("not due during the backoff").isFalse();
        clock.advance(Duration.ofSeconds(11));
        p.process(id);
        clock.advance(Duration.ofSeconds(11));
        assertThat(p.process(id)).as("second backoff is 20 s").isFalse();
        clock.advance(Duration.ofSeconds(10));
        p.process(id);
        Episode e = episodes.findById(id).orElseThrow();
        assertThat(e.state()).isEqualTo(EpisodeState.FAILED);
        assertThat(e.stateDetail()).contains("test-step failed: disk on fire").contains("after 3 attempts");
        assertThat(ran).hasSize(3);
        assertThat(events(id)).containsSubsequence("retry-scheduled", "retry-scheduled", "failed");
        var letters = new NamedParameterJdbcTemplate(ds).queryForList(
                "SELECT route_id, episode_id, cause, attempts FROM dead_letters", java.util.Map.of());
        assertThat(letters).singleElement().satisfies(row -> {
            assertThat(row.get("route_id")).isEqualTo("processing-episode-run");
            assertThat(((Number) row.get("episode_id")).longValue()).isEqualTo(id);
            assertThat((String) row.get("cause")).contains("disk on fire");
            assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(3);
        });

        // an admin fixes the cause and retries: fresh attempts, processed this time
        assertThat(episodes.retry(id, "admin")).isTrue();
        assertThat(episodes.retry(id, "admin")).as("only FAILED episodes").isFalse();
        failWith = null;
        assertThat(p.process(id)).isTrue();
        assertThat(episodes.findById(id).orElseThrow().state()).isEqualTo(EpisodeState.PROCESSED);
        assertThat(events(id)).contains("retry-requested");
    }

    @Test
    void anEpisodeWhoseWorkerKeepsDyingIsGivenUpInsteadOfLooping() {
        long id = episode();
        for (int i = 0; i < 3; i++) {
            // a worker claims it and the process dies before finishing; the restart expires its lease
            assertThat(episodes.claim(id, "node-a", Duration.ofMinutes(5))).isTrue();
            episodes.expireLeasesOf("node-a");
        }
        assertThat(processor().process(id)).isFalse();
        assertThat(ran).isEmpty();
        Episode e = episodes.findById(id).orElseThrow();
        assertThat(e.state()).isEqualTo(EpisodeState.FAILED);
        assertThat(e.stateDetail()).contains("gave up after 3 attempts");
    }

    @Test
    void theOutboxOffersEachDueIdOnceAndAgainAfterAStaleHandOff() {
        long id = episode();
        assertThat(outbox.due()).containsExactly(id);
        assertThat(outbox.due()).as("already handed off").isEmpty();
        clock.advance(properties.getProcessing().getLease().plusSeconds(1));
        assertThat(outbox.due()).as("the hand-off never reached a worker").containsExactly(id);
        outbox.done(id);
        assertThat(outbox.queuedCount()).isZero();
    }

    @Test
    void theOutboxKeepsAtMostQueueSizeIdsInMemory() {
        properties.getProcessing().setQueueSize(2);
        episode();
        episode();
        episode();
        assertThat(outbox.due()).hasSize(2);
        assertThat(outbox.due()).isEmpty();
        assertThat(outbox.queuedCount()).isEqualTo(2);
    }
}
