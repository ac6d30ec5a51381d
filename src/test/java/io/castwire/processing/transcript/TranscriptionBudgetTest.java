package io.castwire.processing.transcript;

import static io.castwire.processing.transcript.FakeTranscriptionService.Reply;
import static org.assertj.core.api.Assertions.assertThat;

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
import io.castwire.operations.budget.BudgetBlocks;
import io.castwire.operations.budget.BudgetProperties;
import io.castwire.operations.budget.LedgerBudget;
import io.castwire.operations.budget.PriceTable;
import io.castwire.operations.budget.PricingProperties;
import io.castwire.operations.budget.ShowBudgets;
import io.castwire.operations.budget.SpendLedger;
import io.castwire.operations.budget.TierProperties;
import io.castwire.operations.budget.Tiers;
import io.castwire.operations.deadletter.DeadLetters;
import io.castwire.processing.EpisodeOutbox;
import io.castwire.processing.EpisodeProcessor;
import io.castwire.publishing.delivery.HubEvent;
import io.castwire.support.MutableClock;
import io.castwire.support.TestDatabases;
import io.castwire.support.TestMedia;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cloud transcription through the real budget guard and processing loop (H2, a fake
 * OpenAI-compatible service, real stored media). Whisper is priced at 2.00 a minute here, so the
 * 3-second episode costs 0.05 min x 2.00 = 0.10.
 */
class TranscriptionBudgetTest {

    private static final String KEY = "sk-budget-71f0";

    @TempDir
    Path home;
    private HikariDataSource ds;
    private EpisodeRepository episodes;
    private SpendLedger ledger;
    private ShowBudgets budgets;
    private EpisodeProcessor processor;
    private FakeTranscriptionService fake;
    private NamedParameterJdbcTemplate jdbc;
    private final List<HubEvent> alerts = new CopyOnWriteArrayList<>();
    private HubPaths paths;
    private long show;

    @BeforeEach
    void setUp() throws Exception {
        ds = TestDatabases.h2();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
        jdbc = new NamedParameterJdbcTemplate(ds);
        episodes = new EpisodeRepository(jdbc, clock);
        ShowRepository shows = new ShowRepository(jdbc, clock);
        show = shows.findOrCreate("paid");
        CastwireProperties hub = new CastwireProperties();
        hub.setHome(home);
        hub.setInstanceId("node-a");
        paths = new HubPaths(hub);
        fake = new FakeTranscriptionService(KEY);
        TranscriptionProperties properties = new TranscriptionProperties();
        properties.setUrl(fake.baseUrl());
        properties.setApiKey(KEY);

        PricingProperties pricing = new PricingProperties();
        pricing.getProviders().put("whisper-1", Map.of("transcription-minutes", new BigDecimal("2.00")));
        BudgetProperties budgetProperties = new BudgetProperties();
        Tiers tiers = new Tiers(new TierProperties(), budgetProperties);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        ledger = new SpendLedger(jdbc);
        LedgerBudget budget = new LedgerBudget(ledger, shows, new PriceTable(pricing), tiers, budgetProperties, tx, clock,
                new SimpleMeterRegistry());
        BudgetBlocks blocks = new BudgetBlocks(episodes, e -> alerts.add((HubEvent) e), new SimpleMeterRegistry(), jdbc, clock);
        budgets = new ShowBudgets(ledger, shows, budget, blocks, tiers, tx, clock);
        TranscriptionStep step = new TranscriptionStep(new TranscriptionClient(properties, new TranscriptParser(),
                TestMedia.ffmpeg(), paths, clock), episodes, paths, hub, budget);
        processor = new EpisodeProcessor(episodes, new EpisodeOutbox(episodes, hub, clock), List.of(step), hub,
                new SimpleMeterRegistry(), new DeadLetters(jdbc, episodes, new SimpleMeterRegistry(), clock), blocks);
    }

    @AfterEach
    void tearDown() {
        fake.close();
        ds.close();
    }

    private long episode() throws Exception {
        Path stored = paths.media().resolve("paid/e.mp3");
        Files.createDirectories(stored.getParent());
        Files.copy(TestMedia.mp3(3), stored);
        MediaInfo m = new MediaInfo(MediaInfo.AUDIO, "mp3", 3000L, "mp3", null, 44100, 1, null, null, 64);
        return episodes.insert(new NewEpisode(show, "e.mp3", "e", FakeTranscriptionService.sha256(stored),
                Files.size(stored), paths.relativize(stored), m), Instant.parse("2026-11-21T10:00:00Z"), "t");
    }

    private void budget(String amount) {
        budgets.update("paid", new ShowBudgets.Change(false, null, true, new BigDecimal(amount)), "admin");
    }

    @Test
    void withoutBudgetNothingIsSentAndRaisingItTranscribesAndRecordsTheCost() throws Exception {
        budget("0.05");
        long id = episode();

        assertThat(processor.process(id)).isFalse();

        Episode blocked = episodes.findById(id).orElseThrow();
        assertThat(blocked.state()).isEqualTo(EpisodeState.BLOCKED_BUDGET);
        assertThat(blocked.stateDetail()).startsWith("transcription blocked: step transcription would cost 0.1 USD")
                .contains("has 0.05 of 0.05 left in 2026-11");
        assertThat(fake.requests()).isZero();
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.data()).containsEntry("step", "transcription")
                .containsEntry("provider", "whisper-1"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters", Map.of(), Integer.class)).isZero();
        assertThat(ledger.ofEpisode(id)).isEmpty();

        budget("1.00");
        assertThat(processor.process(id)).isTrue();

        Episode done = episodes.findById(id).orElseThrow();
        assertThat(done.state()).isEqualTo(EpisodeState.PROCESSED);
        assertThat(done.transcriptSegments()).isEqualTo(2);
        assertThat(fake.requests()).isEqualTo(1);
        assertThat(ledger.ofEpisode(id)).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo("SPENT");
            assertThat(e.item()).isEqualTo("transcription-minutes");
            assertThat(e.provider()).isEqualTo("whisper-1");
            assertThat(e.quantity()).isEqualByComparingTo("0.05");
            assertThat(e.cost()).isEqualByComparingTo("0.10");
        });
        assertThat(episodes.timeline(id)).extracting(EpisodeEvent::event).containsSubsequence("blocked-budget",
                "budget-resumed", "processing-started", "transcribed", "processed");
    }

    @Test
    void aSidecarTranscriptCostsNothingEvenWithoutBudget() throws Exception {
        budget("0");
        long id = episode();
        episodes.replaceSegments(id, "SRT", List.of(new TranscriptSegment(0, 0, 1000, "From the producer.", null)));

        assertThat(processor.process(id)).isTrue();

        assertThat(episodes.findById(id).orElseThrow().state()).isEqualTo(EpisodeState.PROCESSED);
        assertThat(fake.requests()).isZero();
        assertThat(ledger.ofEpisode(id)).isEmpty();
    }

    @Test
    void aRefusedTranscriptionGivesItsReservationBack() throws Exception {
        budget("1.00");
        fake.answer(Reply.of(400, FakeTranscriptionService.error("Invalid file format", "invalid_request_error", "file",
                null)));
        long id = episode();

        assertThat(processor.process(id)).isTrue();

        assertThat(episodes.findById(id).orElseThrow().stateDetail()).contains("transcription failed");
        assertThat(ledger.ofEpisode(id)).isEmpty();
        assertThat((BigDecimal) budgets.status("paid").get("remaining")).isEqualByComparingTo("1.00");
    }
}
