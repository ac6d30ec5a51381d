package io.castwire.operations.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.castwire.common.NotFoundException;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.EpisodeState;
import io.castwire.episode.MediaInfo;
import io.castwire.episode.NewEpisode;
import io.castwire.episode.ShowRepository;
import io.castwire.publishing.delivery.HubEvent;
import io.castwire.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The budget guard on the spend ledger, on every database castwire supports (subclasses give the
 * data source). With the default price table 1,000 characters of elevenlabs cost 0.30.
 */
abstract class LedgerBudgetContract {

    private static final PaidUse VOICE = new PaidUse("synthesis-intro", "tts-characters", "elevenlabs", 1000);

    protected abstract DataSource dataSource();

    private MutableClock clock;
    private EpisodeRepository episodes;
    private SpendLedger ledger;
    private LedgerBudget budget;
    private ShowBudgets showBudgets;
    private final List<HubEvent> events = new CopyOnWriteArrayList<>();
    private BudgetBlocks blocks;
    private String slug;
    private long show;
    private int names;

    @BeforeEach
    void beans() {
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(dataSource());
        clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
        episodes = new EpisodeRepository(jdbc, clock);
        ShowRepository shows = new ShowRepository(jdbc, clock);
        ledger = new SpendLedger(jdbc);
        BudgetProperties properties = new BudgetProperties();
        Tiers tiers = new Tiers(new TierProperties(), properties);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource()));
        budget = new LedgerBudget(ledger, shows, new PriceTable(new PricingProperties()), tiers, properties, tx, clock,
                new SimpleMeterRegistry());
        blocks = new BudgetBlocks(episodes, e -> events.add((HubEvent) e), new SimpleMeterRegistry(), jdbc, clock);
        showBudgets = new ShowBudgets(ledger, shows, budget, blocks, tiers, tx, clock);
        slug = "budget-" + System.nanoTime();
        show = shows.findOrCreate(slug);
        ledger.setBudget(show, null, new BigDecimal("1.00"));
    }

    private long episode() {
        String base = "ep" + (++names);
        return episodes.insert(new NewEpisode(show, base + ".mp3", base, String.format("%064x", System.nanoTime()), 1234,
                "media/x/" + base + ".mp3", new MediaInfo(MediaInfo.AUDIO, "mp3", 10_000L, "mp3", null, 44100, 2, null,
                null, 128)), clock.instant(), "test");
    }

    private LedgerBudget.Status status() {
        return budget.status(ledger.show(slug).orElseThrow());
    }

    private static PaidUse voice(String step, double characters) {
        return new PaidUse(step, "tts-characters", "elevenlabs", characters);
    }

    @Test
    void workersAuthorizingAtOnceNeverSpendMoreThanTheBudget() throws Exception {
        long ep = episode();
        int workers = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < workers; i++) {
                String step = "synthesis-teaser-" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        budget.authorize(ep, voice(step, 1000));
                        return true;
                    } catch (BudgetExceededException refused) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int allowed = 0;
            for (Future<Boolean> r : results) {
                allowed += r.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            // 3 x 0.30 = 0.90 fits into 1.00, a fourth would make 1.20
            assertThat(allowed).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
        LedgerBudget.Status s = status();
        assertThat(s.reserved()).isEqualByComparingTo("0.90");
        assertThat(s.remaining()).isEqualByComparingTo("0.10");
        assertThat(ledger.ofEpisode(ep)).hasSize(3).allSatisfy(e -> assertThat(e.state()).isEqualTo("RESERVED"));
    }

    @Test
    void recordSettlesTheReservationWithWhatWasActuallyUsed() {
        long ep = episode();
        budget.authorize(ep, VOICE);
        assertThat(status().remaining()).isEqualByComparingTo("0.70");

        budget.record(ep, voice(VOICE.step(), 500));

        // 500 x 0.30 / 1,000 = 0.15, and the 0.30 reservation is gone
        assertThat(ledger.ofEpisode(ep)).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo("SPENT");
            assertThat(e.cost()).isEqualByComparingTo("0.15");
            assertThat(e.quantity()).isEqualByComparingTo("500");
            assertThat(e.unitPrice()).isEqualByComparingTo("0.30");
            assertThat(e.currency()).isEqualTo("USD");
        });
        LedgerBudget.Status s = status();
        assertThat(s.spent()).isEqualByComparingTo("0.15");
        assertThat(s.reserved()).isZero();
        assertThat(s.remaining()).isEqualByComparingTo("0.85");
    }

    @Test
    void aRetriedStepReservesOnceAndAReleasedOneNotAtAll() {
        long ep = episode();
        budget.authorize(ep, VOICE);
        budget.authorize(ep, VOICE);
        assertThat(status().reserved()).isEqualByComparingTo("0.30");

        budget.release(ep, VOICE);

        assertThat(status().reserved()).isZero();
        assertThat(ledger.ofEpisode(ep)).isEmpty();
    }

    @Test
    void reservationsThatAreNeverSettledExpire() {
        long ep = episode();
        budget.authorize(ep, voice("a", 1000));
        budget.authorize(ep, voice("b", 1000));
        budget.authorize(ep, voice("c", 1000));
        assertThatThrownBy(() -> budget.authorize(ep, voice("d", 1000))).isInstanceOf(BudgetExceededException.class);

        clock.advance(Duration.ofHours(2).plusSeconds(1));

        assertThat(status().remaining()).isEqualByComparingTo("1.00");
        budget.authorize(ep, voice("d", 1000));
    }

    @Test
    void aNewUtcMonthStartsWithTheWholeBudget() {
        long ep = episode();
        clock.advance(Duration.between(clock.instant(), Instant.parse("2026-11-30T23:59:59Z")));
        budget.record(ep, voice("a", 3000));
        assertThat(status().remaining()).isEqualByComparingTo("0.10");

        clock.advance(Duration.ofSeconds(1));

        LedgerBudget.Status december = status();
        assertThat(december.month()).isEqualTo("2026-12");
        assertThat(december.remaining()).isEqualByComparingTo("1.00");
        assertThat((BigDecimal) showBudgets.spend(slug, "2026-11").get("total")).isEqualByComparingTo("0.90");
        assertThat((BigDecimal) showBudgets.spend(slug, null).get("total")).isZero();
    }

    @Test
    void localEnginesAreAlwaysAllowedAndTheirUseIsRecorded() {
        long ep = episode();
        ledger.setBudget(show, null, BigDecimal.ZERO);
        PaidUse local = new PaidUse("synthesis-intro", "tts-characters", "espeak-ng", 1_000_000);

        budget.authorize(ep, local);
        budget.record(ep, local);

        assertThat(ledger.ofEpisode(ep)).singleElement().satisfies(e -> assertThat(e.cost()).isZero());
        assertThatThrownBy(() -> budget.authorize(ep, VOICE)).isInstanceOf(BudgetExceededException.class);
    }

    @Test
    void aRefusalCarriesTheFigures() {
        long ep = episode();
        ledger.setBudget(show, null, new BigDecimal("0.10"));

        BudgetExceededException e = catchThrowableOfType(() -> budget.authorize(ep, VOICE), BudgetExceededException.class);

        assertThat(e.show()).isEqualTo(slug);
        assertThat(e.cost()).isEqualByComparingTo("0.30");
        assertThat(e.remaining()).isEqualByComparingTo("0.10");
        assertThat(e.monthlyBudget()).isEqualByComparingTo("0.10");
        assertThat(e.getMessage()).contains("would cost 0.3 USD", "has 0.1 of 0.1 left in 2026-11",
                "PUT /api/shows/" + slug + "/budget");
        assertThat(ledger.ofEpisode(ep)).isEmpty();
    }

    @Test
    void withoutABudgetOfItsOwnAShowHasItsTiersBudget() {
        ledger.setBudget(show, null, null);
        assertThat(status().tier()).isEqualTo("pro");
        assertThat(status().monthlyBudget()).isEqualByComparingTo("50.00");
        ledger.setBudget(show, "free", null);
        assertThat(status().monthlyBudget()).isEqualByComparingTo("5.00");
    }

    @Test
    void raisingTheBudgetResumesTheBlockedEpisodesAndAlertsWereQueued() {
        long ep = episode();
        ledger.setBudget(show, null, new BigDecimal("0.10"));
        assertThat(episodes.claim(ep, "node-a", Duration.ofMinutes(5))).isTrue();
        BudgetExceededException refused = catchThrowableOfType(() -> budget.authorize(ep, VOICE),
                BudgetExceededException.class);
        assertThat(blocks.block(episodes.findById(ep).orElseThrow(), "synthesis", refused)).isTrue();
        assertThat(episodes.findById(ep).orElseThrow().state()).isEqualTo(EpisodeState.BLOCKED_BUDGET);
        assertThat(events).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo("system.alert");
            assertThat(a.data()).containsEntry("kind", "budget-exceeded").containsEntry("show", slug)
                    .containsEntry("episodeId", ep).containsEntry("step", "synthesis");
            assertThat((BigDecimal) a.data().get("cost")).isEqualByComparingTo("0.30");
        });

        // still nothing left: nothing resumes
        Map<String, Object> same = showBudgets.update(slug, new ShowBudgets.Change(false, null, true, BigDecimal.ZERO), "admin");
        assertThat(same.get("resumed")).isEqualTo(Map.of("episodes", List.of(), "publications", 0));
        assertThat(episodes.findById(ep).orElseThrow().state()).isEqualTo(EpisodeState.BLOCKED_BUDGET);

        Map<String, Object> raised = showBudgets.update(slug, new ShowBudgets.Change(true, "pro-plus", true,
                new BigDecimal("2.50")), "admin");

        assertThat(raised.get("resumed")).isEqualTo(Map.of("episodes", List.of(ep), "publications", 0));
        assertThat(raised).containsEntry("tier", "pro-plus");
        assertThat((BigDecimal) raised.get("remaining")).isEqualByComparingTo("2.50");
        var resumed = episodes.findById(ep).orElseThrow();
        assertThat(resumed.state()).isEqualTo(EpisodeState.RECEIVED);
        assertThat(resumed.attempts()).isZero();
        assertThat(episodes.timeline(ep)).extracting(t -> t.event()).endsWith("blocked-budget", "budget-resumed");
        budget.authorize(ep, VOICE);
    }

    @Test
    void badChangesAreRefused() {
        assertThatThrownBy(() -> showBudgets.update(slug, new ShowBudgets.Change(false, null, true, new BigDecimal("-1")), "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("monthlyBudget must be between 0");
        assertThatThrownBy(() -> showBudgets.update(slug, new ShowBudgets.Change(false, null, true,
                new BigDecimal("1.00001")), "a")).hasMessageContaining("at most 4 decimals");
        assertThatThrownBy(() -> showBudgets.update(slug, new ShowBudgets.Change(true, "gold", false, null), "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown tier 'gold'");
        assertThatThrownBy(() -> showBudgets.update("no-such-show", new ShowBudgets.Change(true, "free", false, null), "a"))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> showBudgets.spend(slug, "2026-13")).hasMessageContaining("month must look like 2026-11");
        assertThat(status().monthlyBudget()).isEqualByComparingTo("1.00");
    }
}
