package io.castwire.processing.transcript;

import static io.castwire.processing.transcript.FakeTranscriptionService.Reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
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
import io.castwire.support.MutableClock;
import io.castwire.support.TestDatabases;
import io.castwire.support.TestMedia;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The transcription step on a real (H2) database with real stored media, the real processing loop
 * and a fake OpenAI-compatible service.
 */
class TranscriptionStepTest {

    private static final String KEY = "sk-step-9c1e5a27";
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static Path mp3;

    @TempDir
    Path home;
    private HikariDataSource ds;
    private NamedParameterJdbcTemplate jdbc;
    private MutableClock clock;
    private EpisodeRepository episodes;
    private CastwireProperties hub;
    private HubPaths paths;
    private TranscriptionProperties properties;
    private FakeTranscriptionService fake;
    private long show;

    @BeforeAll
    static void media() {
        mp3 = TestMedia.mp3(3);
    }

    @BeforeEach
    void setUp() throws IOException {
        ds = TestDatabases.h2();
        clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
        jdbc = new NamedParameterJdbcTemplate(ds);
        episodes = new EpisodeRepository(jdbc, clock);
        show = new ShowRepository(jdbc, clock).findOrCreate("p");
        hub = new CastwireProperties();
        hub.setHome(home);
        hub.setInstanceId("node-a");
        hub.getProcessing().setMaxAttempts(3);
        hub.getProcessing().setRetryBackoff(Duration.ofSeconds(10));
        paths = new HubPaths(hub);
        fake = new FakeTranscriptionService(KEY);
        properties = new TranscriptionProperties();
        properties.setUrl(fake.baseUrl());
        properties.setApiKey(KEY);
    }

    @AfterEach
    void tearDown() {
        fake.close();
        ds.close();
    }

    private TranscriptionStep step() {
        return new TranscriptionStep(new TranscriptionClient(properties, new TranscriptParser(), TestMedia.ffmpeg(), paths, clock),
                episodes, paths, hub, new io.castwire.operations.budget.Budget() {
                    // affordable: TranscriptionBudgetTest runs this step against the real ledger
                    @Override
                    public void authorize(long episodeId, io.castwire.operations.budget.PaidUse use) {
                    }

                    @Override
                    public void record(long episodeId, io.castwire.operations.budget.PaidUse use) {
                    }
                });
    }

    /** The real loop with this step and, after it, one that reads the transcript the way scoring does. */
    private EpisodeProcessor processor() {
        ProcessingStep scoring = new ProcessingStep() {
            public String name() { return "scoring"; }
            public int order() { return 20; }
            public String run(Episode e) {
                int n = episodes.segments(e.id()).size();
                return n == 0 ? "no clips: the episode has no transcript" : "clips from " + n + " segments";
            }
        };
        DeadLetters deadLetters = new DeadLetters(jdbc, episodes, new SimpleMeterRegistry(), clock);
        return new EpisodeProcessor(episodes, new EpisodeOutbox(episodes, hub, clock), List.of(scoring, step()), hub,
                new SimpleMeterRegistry(), deadLetters);
    }

    private long episode() throws IOException {
        Path stored = paths.media().resolve("p/e" + NAMES.incrementAndGet() + ".mp3");
        Files.createDirectories(stored.getParent());
        Files.copy(mp3, stored);
        MediaInfo m = new MediaInfo(MediaInfo.AUDIO, "mp3", 3000L, "mp3", null, 44100, 1, null, null, 64);
        return episodes.insert(new NewEpisode(show, stored.getFileName().toString(), "e", FakeTranscriptionService.sha256(stored),
                Files.size(stored), paths.relativize(stored), m), clock.instant(), "t");
    }

    /** The episode as a worker holds it while it runs the steps. */
    private Episode claimed(long id) {
        assertThat(episodes.claim(id, hub.getInstanceId(), hub.getProcessing().getLease())).isTrue();
        return episodes.findById(id).orElseThrow();
    }

    private List<String> events(long id) {
        return episodes.timeline(id).stream().map(EpisodeEvent::event).toList();
    }

    private String detail(long id, String event) {
        return episodes.timeline(id).stream().filter(e -> e.event().equals(event)).map(EpisodeEvent::detail)
                .reduce((a, b) -> b).orElseThrow();
    }

    private void assertNoKeyAnywhere(long id) {
        assertThat(episodes.timeline(id)).extracting(EpisodeEvent::detail)
                .allSatisfy(d -> assertThat(String.valueOf(d)).doesNotContain(KEY).doesNotContain("sk-wrong"));
        assertThat(String.valueOf(episodes.findById(id).orElseThrow().stateDetail())).doesNotContain(KEY).doesNotContain("sk-wrong");
    }

    @Test
    void anEpisodeWithoutATranscriptIsTranscribedAndTheSegmentsStored() throws Exception {
        long id = episode();

        String summary = step().run(claimed(id));

        assertThat(summary).isEqualTo("transcribed: 2 segments by " + fake.hostAndPort());
        assertThat(episodes.segments(id)).extracting(s -> s.startMillis() + "-" + s.endMillis() + " " + s.text())
                .containsExactly("0-2500 Hello", "2500-5200 and welcome to the show.");
        Episode e = episodes.findById(id).orElseThrow();
        assertThat(e.transcriptFormat()).isEqualTo("WHISPER_JSON");
        assertThat(e.transcriptSegments()).isEqualTo(2);
        assertThat(detail(id, "transcribed")).isEqualTo("2 segments by " + fake.hostAndPort());
        assertThat(fake.received().get(0).fileSha256()).isEqualTo(e.contentHash());
    }

    @Test
    void anEpisodeThatHasATranscriptIsNotSent() throws Exception {
        long id = episode();
        episodes.replaceSegments(id, "SRT", List.of(new TranscriptSegment(0, 0, 1000, "From the producer.", null)));

        String summary = step().run(claimed(id));

        assertThat(summary).isEqualTo("transcript present (1 segments)");
        assertThat(fake.requests()).isZero();
        assertThat(episodes.segments(id)).extracting(TranscriptSegment::text).containsExactly("From the producer.");
        assertThat(episodes.findById(id).orElseThrow().transcriptFormat()).isEqualTo("SRT");
    }

    @Test
    void withoutAServiceTheEpisodeIsProcessedWithoutClipsAndSaysWhy() throws Exception {
        properties.setUrl("");
        long id = episode();

        assertThat(processor().process(id)).isTrue();

        Episode e = episodes.findById(id).orElseThrow();
        assertThat(e.state()).isEqualTo(EpisodeState.PROCESSED);
        assertThat(e.stateDetail()).isEqualTo("transcription: no transcript and no transcription service configured"
                + " (castwire.transcription.url): no clips or captions; scoring: no clips: the episode has no transcript");
        assertThat(fake.requests()).isZero();
        assertThat(events(id)).doesNotContain("transcribed", "transcription-failed");
    }

    @Test
    void mediaWithoutAnAudioTrackIsNotSent() throws Exception {
        Path stored = paths.media().resolve("p/silent.mp4");
        Files.createDirectories(stored.getParent());
        Files.copy(TestMedia.silentMp4(2), stored);
        MediaInfo m = new MediaInfo(MediaInfo.VIDEO, "mp4", 2000L, null, "h264", null, null, 160, 120, 100);
        long id = episodes.insert(new NewEpisode(show, "silent.mp4", "silent", FakeTranscriptionService.sha256(stored),
                Files.size(stored), paths.relativize(stored), m), clock.instant(), "t");

        assertThat(step().run(claimed(id))).isEqualTo("no transcript: the media has no audio track to transcribe");
        assertThat(fake.requests()).isZero();
    }

    @Test
    void aRefusedKeyDoesNotFailTheEpisode() throws Exception {
        properties.setApiKey("sk-wrong-5d0e11aa");
        long id = episode();

        assertThat(processor().process(id)).isTrue();

        Episode e = episodes.findById(id).orElseThrow();
        assertThat(e.state()).isEqualTo(EpisodeState.PROCESSED);
        assertThat(e.stateDetail()).startsWith("transcription: transcription failed: the transcription service refused"
                + " the API key (HTTP 401); check CASTWIRE_TRANSCRIPTION_API_KEY; processed without clips; ")
                .endsWith("scoring: no clips: the episode has no transcript");
        assertThat(detail(id, "transcription-failed")).startsWith("the transcription service refused the API key");
        assertThat(episodes.segments(id)).isEmpty();
        assertNoKeyAnywhere(id);
    }

    @Test
    void aServiceOutageFailsTheStepAsRetryableAndTheNextRunTranscribes() throws Exception {
        fake.answer(Reply.of(503, FakeTranscriptionService.error("The server is overloaded", "server_error", null, null)));
        long id = episode();
        Episode e = claimed(id);
        TranscriptionStep step = step();

        TranscriptionException first = catchThrowableOfType(() -> step.run(e), TranscriptionException.class);
        assertThat(first.permanent()).isFalse();
        assertThat(episodes.segments(id)).isEmpty();

        assertThat(step.run(e)).isEqualTo("transcribed: 2 segments by " + fake.hostAndPort());
        assertThat(episodes.segments(id)).hasSize(2);
        assertThat(fake.requests()).isEqualTo(2);
    }

    @Test
    void theProcessorRetriesAnOutageWithBackoffAndThenPublishesTheTranscript() throws Exception {
        fake.answer(Reply.of(503, FakeTranscriptionService.error("The server is overloaded", "server_error", null, null)));
        long id = episode();
        EpisodeProcessor processor = processor();

        assertThat(processor.process(id)).isFalse();
        Episode waiting = episodes.findById(id).orElseThrow();
        assertThat(waiting.state()).isEqualTo(EpisodeState.RECEIVED);
        assertThat(waiting.stateDetail()).startsWith("transcription failed: the transcription service at "
                + fake.hostAndPort() + " answered HTTP 503: 'The server is overloaded'; attempt 1");

        clock.advance(Duration.ofSeconds(11));
        assertThat(processor.process(id)).isTrue();
        Episode done = episodes.findById(id).orElseThrow();
        assertThat(done.state()).isEqualTo(EpisodeState.PROCESSED);
        assertThat(done.stateDetail()).isEqualTo("transcription: transcribed: 2 segments by " + fake.hostAndPort()
                + "; scoring: clips from 2 segments");
        assertThat(events(id)).containsSubsequence("retry-scheduled", "processing-started", "transcribed", "processed");
        assertNoKeyAnywhere(id);
    }

    @Test
    void onTheLastAttemptAnOutageNoLongerHoldsTheEpisodeBack() throws Exception {
        hub.getProcessing().setMaxAttempts(2);
        Reply down = Reply.of(502, "<html>Bad gateway</html>");
        fake.answer(down, down);
        long id = episode();
        EpisodeProcessor processor = processor();

        assertThat(processor.process(id)).isFalse();
        clock.advance(Duration.ofSeconds(11));
        assertThat(processor.process(id)).isTrue();

        Episode e = episodes.findById(id).orElseThrow();
        assertThat(e.state()).isEqualTo(EpisodeState.PROCESSED);
        assertThat(e.stateDetail()).startsWith("transcription: transcription failed: the transcription service at "
                + fake.hostAndPort() + " answered HTTP 502 (attempt 2 of 2); processed without clips");
        assertThat(detail(id, "transcription-failed")).endsWith("(attempt 2 of 2)");
    }

    @Test
    void aRateLimitReachesTheProcessorWithItsRetryAfter() throws Exception {
        fake.answer(Reply.of(429, FakeTranscriptionService.error("Rate limit reached", "requests", null, "rate_limit_exceeded"))
                .withHeader("Retry-After", "30"));
        long id = episode();

        TranscriptionException e = catchThrowableOfType(() -> step().run(claimed(id)), TranscriptionException.class);

        assertThat(e.permanent()).isFalse();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void aStalledServiceIsRetryable() throws Exception {
        properties.setTimeout(Duration.ofMillis(300));
        fake.stall();
        long id = episode();

        TranscriptionException e = catchThrowableOfType(() -> step().run(claimed(id)), TranscriptionException.class);

        assertThat(e.permanent()).isFalse();
        assertThat(e.getMessage()).startsWith("no answer from the transcription service");
        assertThat(events(id)).doesNotContain("transcription-failed");
    }

    @Test
    void theLeaseIsRenewedWhileTheServiceWorks() throws Exception {
        hub.getProcessing().setLease(Duration.ofMillis(300));
        long id = episode();
        Episode e = claimed(id);
        OffsetDateTime claimedUntil = leaseUntil(id);
        fake.onRequest(() -> {
            // time passes on the hub's clock while the service works; the answer waits for a renewal
            clock.advance(Duration.ofMinutes(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> leaseUntil(id).isAfter(claimedUntil.plusSeconds(59)));
        });

        assertThat(step().run(e)).startsWith("transcribed: 2 segments");
        assertThat(leaseUntil(id)).isAfter(claimedUntil);
    }

    @Test
    void aTranscriptThatArrivesDuringTranscriptionIsKept() throws Exception {
        long id = episode();
        Episode e = claimed(id);
        fake.onRequest(() -> episodes.replaceSegments(id, "VTT",
                List.of(new TranscriptSegment(0, 0, 1000, "The producer's own words.", null))));

        assertThat(step().run(e)).isEqualTo("transcript present (1 segments, arrived during transcription)");
        assertThat(episodes.segments(id)).extracting(TranscriptSegment::text).containsExactly("The producer's own words.");
        assertThat(events(id)).contains("transcription-discarded").doesNotContain("transcribed");
    }

    private OffsetDateTime leaseUntil(long id) {
        return jdbc.queryForObject("SELECT lease_until FROM episodes WHERE id = :id", Map.of("id", id), OffsetDateTime.class);
    }
}
