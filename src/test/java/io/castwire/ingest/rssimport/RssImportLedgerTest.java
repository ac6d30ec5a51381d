package io.castwire.ingest.rssimport;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.support.MutableClock;
import io.castwire.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The import-once ledger on H2 (embedded) and on the real PostgreSQL server, as replicas share it. */
class RssImportLedgerTest {

    private static HikariDataSource h2;
    private static HikariDataSource postgres;
    private static String schema;

    @BeforeAll
    static void start() {
        h2 = TestDatabases.h2();
        schema = TestDatabases.newSchemaName();
        postgres = TestDatabases.postgres(schema);
    }

    @AfterAll
    static void stop() {
        h2.close();
        postgres.close();
        TestDatabases.dropSchema(schema);
    }

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    private static NamedParameterJdbcTemplate jdbc(String db) {
        return new NamedParameterJdbcTemplate(db.equals("h2") ? h2 : postgres);
    }

    private static FeedEntry entry(String key, String guid, String url) {
        return new FeedEntry(key, guid, url, "audio/mpeg", "Title " + key, "<p>notes</p>",
                Instant.parse("2026-03-01T10:00:00Z"), 4, 2, "full", true, 61_000L, "https://old.example.org/i.jpg");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anItemIsRecordedOnceWhateverItsStateAndASkippedOneIsReconsidered(String db) {
        String feed = "once-" + db;
        RssImportLedger ledger = new RssImportLedger(jdbc(db), new MutableClock(Instant.parse("2026-11-21T10:00:00Z")));
        assertThat(ledger.record(feed, entry("g1", "g1", "https://x.example/1.mp3"), RssImportLedger.PENDING, null)).isTrue();
        assertThat(ledger.record(feed, entry("g1", "g1", "https://x.example/other.mp3"), RssImportLedger.PENDING, null)).isFalse();
        assertThat(ledger.record(feed, entry("g1", "g1", null), RssImportLedger.SKIPPED, "no enclosure")).isFalse();
        RssImportLedger.Item item = ledger.find(feed, "g1").orElseThrow();
        assertThat(item.enclosureUrl()).isEqualTo("https://x.example/1.mp3");
        assertThat(item.enclosureType()).isEqualTo("audio/mpeg");
        assertThat(item.itunesEpisode()).isEqualTo(4);
        assertThat(item.explicit()).isTrue();
        assertThat(item.durationMs()).isEqualTo(61_000L);
        // the same key in another feed is another item
        assertThat(ledger.record(feed + "-b", entry("g1", "g1", "https://x.example/1.mp3"), RssImportLedger.PENDING, null)).isTrue();

        assertThat(ledger.record(feed, entry("g2", "g2", null), RssImportLedger.SKIPPED, "no enclosure")).isTrue();
        assertThat(ledger.reconsider(feed, entry("g1", "g1", "https://x.example/1.mp3"))).isFalse();
        assertThat(ledger.reconsider(feed, entry("g2", "g2", "https://x.example/2.mp3"))).isTrue();
        assertThat(ledger.find(feed, "g2").orElseThrow().state()).isEqualTo(RssImportLedger.PENDING);
        assertThat(ledger.counts(feed)).containsEntry(RssImportLedger.PENDING, 2L).containsEntry(RssImportLedger.SKIPPED, 0L);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void onlyOneReplicaClaimsAnItemAndADeadClaimRunsOut(String db) throws Exception {
        String feed = "claim-" + db;
        MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
        RssImportLedger ledger = new RssImportLedger(jdbc(db), clock);
        ledger.record(feed, entry("k", "k", "https://x.example/k.mp3"), RssImportLedger.PENDING, null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String owner = "replica-" + i;
                Callable<Boolean> claim = () -> {
                    go.await();
                    return new RssImportLedger(jdbc(db), clock).claim(feed, "k", owner, clock.instant().plusSeconds(60));
                };
                claims.add(pool.submit(claim));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> f : claims) {
                won += f.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ledger.due(feed, 10)).isEmpty();
        // the other replicas' claims are theirs: releasing "mine" after a restart leaves them alone
        assertThat(ledger.releaseClaims(feed, "replica-none")).isZero();
        assertThat(ledger.due(feed, 10)).isEmpty();
        // the claimant died: once its claim has run out, another replica takes the item
        clock.advance(Duration.ofSeconds(61));
        assertThat(ledger.due(feed, 10)).extracting(RssImportLedger.Item::key).containsExactly("k");
        assertThat(ledger.claim(feed, "k", "replica-x", clock.instant().plusSeconds(60))).isTrue();
        // this replica restarts: its own claim is released at once
        assertThat(ledger.releaseClaims(feed, "replica-x")).isEqualTo(1);
        assertThat(ledger.claim(feed, "k", "replica-x", clock.instant().plusSeconds(60))).isTrue();
        ledger.imported(feed, "k", 42, false, "registered");
        clock.advance(Duration.ofMinutes(5));
        assertThat(ledger.claim(feed, "k", "replica-y", clock.instant().plusSeconds(60))).isFalse();
        assertThat(ledger.due(feed, 10)).isEmpty();
        RssImportLedger.Item done = ledger.find(feed, "k").orElseThrow();
        assertThat(done.state()).isEqualTo(RssImportLedger.IMPORTED);
        assertThat(done.episodeId()).isEqualTo(42L);
        assertThat(done.attempts()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aRetryWaitsForItsTimeAndAFailedItemCanBeRetried(String db) {
        String feed = "retry-" + db;
        MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
        RssImportLedger ledger = new RssImportLedger(jdbc(db), clock);
        ledger.record(feed, entry("r", "r", "https://x.example/r.mp3"), RssImportLedger.PENDING, null);
        assertThat(ledger.claim(feed, "r", "me", clock.instant().plusSeconds(60))).isTrue();
        ledger.retryLater(feed, "r", "503", clock.instant().plusSeconds(30));
        assertThat(ledger.due(feed, 10)).isEmpty();
        assertThat(ledger.claim(feed, "r", "me", clock.instant().plusSeconds(60))).isFalse();
        clock.advance(Duration.ofSeconds(31));
        assertThat(ledger.due(feed, 10)).hasSize(1);
        assertThat(ledger.claim(feed, "r", "me", clock.instant().plusSeconds(60))).isTrue();
        ledger.failed(feed, "r", "gave up after 2 attempts: 503");
        RssImportLedger.Item failed = ledger.find(feed, "r").orElseThrow();
        assertThat(failed.state()).isEqualTo(RssImportLedger.FAILED);
        assertThat(failed.attempts()).isEqualTo(2);
        assertThat(ledger.retry(feed, "r")).isTrue();
        assertThat(ledger.retry(feed, "r")).isFalse();
        RssImportLedger.Item again = ledger.find(feed, "r").orElseThrow();
        assertThat(again.state()).isEqualTo(RssImportLedger.PENDING);
        assertThat(again.attempts()).isZero();
        assertThat(again.reason()).contains("gave up after 2 attempts");
        assertThat(ledger.due(feed, 10)).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anImportedEpisodeKeepsItsOldGuidOrEnclosureUrlButADuplicateGivesNone(String db) {
        String feed = "guid-" + db;
        RssImportLedger ledger = new RssImportLedger(jdbc(db), new MutableClock(Instant.parse("2026-11-21T10:00:00Z")));
        long base = Math.abs((long) db.hashCode()) * 1000;
        ledger.record(feed, entry("g", "old-guid", "https://x.example/g.mp3"), RssImportLedger.PENDING, null);
        ledger.record(feed, entry("https://x.example/n.mp3", null, "https://x.example/n.mp3"), RssImportLedger.PENDING, null);
        ledger.record(feed, entry("dup", "dup-guid", "https://x.example/mirror.mp3"), RssImportLedger.PENDING, null);
        ledger.imported(feed, "g", base + 1, false, "registered");
        ledger.imported(feed, "https://x.example/n.mp3", base + 2, false, "registered");
        ledger.imported(feed, "dup", base + 1, true, "duplicate");
        assertThat(ledger.importedGuid(base + 1)).contains("old-guid");
        assertThat(ledger.importedGuid(base + 2)).contains("https://x.example/n.mp3");
        assertThat(ledger.importedGuid(base + 3)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aFeedsLastPollIsRecorded(String db) {
        String feed = "poll-" + db;
        MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
        RssImportLedger ledger = new RssImportLedger(jdbc(db), clock);
        assertThat(ledger.lastPoll(feed)).isEmpty();
        ledger.pollStarted(feed);
        ledger.pollFinished(feed, "OK", "3 item(s)");
        clock.advance(Duration.ofMinutes(1));
        ledger.pollStarted(feed);
        ledger.pollFinished(feed, "FAILED", "the feed is malformed");
        RssImportLedger.Poll p = ledger.lastPoll(feed).orElseThrow();
        assertThat(p.polls()).isEqualTo(2);
        assertThat(p.outcome()).isEqualTo("FAILED");
        assertThat(p.summary()).contains("malformed");
        assertThat(p.lastOkAt()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(p.finishedAt()).isEqualTo(Instant.parse("2026-11-21T10:01:00Z"));
    }
}
