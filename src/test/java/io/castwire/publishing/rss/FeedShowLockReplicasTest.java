package io.castwire.publishing.rss;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.MediaInfo;
import io.castwire.episode.NewEpisode;
import io.castwire.episode.ShowRepository;
import io.castwire.publishing.PublicationLedger;
import io.castwire.support.TestDatabases;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two replicas publish an episode of the same show at the same moment, on the real PostgreSQL
 * server, the way {@code RssPublisher} does: in one transaction, record the ledger row, read the
 * show's published rows and write the feed from them. The show's row lock makes the second wait for
 * the first, so the feed written last has both items (without the lock, each sees only its own
 * uncommitted row and the last feed loses the other's item).
 */
class FeedShowLockReplicasTest {

    private String schema;
    private HikariDataSource ds;

    @BeforeEach
    void database() {
        schema = TestDatabases.newSchemaName();
        ds = TestDatabases.postgres(schema);
    }

    @AfterEach
    void drop() {
        ds.close();
        TestDatabases.dropSchema(schema);
    }

    @Test
    void concurrentFeedRewritesOfOneShowTakeTurnsAndTheLastFeedHasEveryItem() throws Exception {
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(ds);
        Clock clock = Clock.systemUTC();
        ShowRepository shows = new ShowRepository(jdbc, clock);
        EpisodeRepository episodes = new EpisodeRepository(jdbc, clock);
        PublicationLedger ledger = new PublicationLedger(jdbc, clock);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        long show = shows.findOrCreate("locked-show");
        long first = episode(episodes, show, "one");
        long second = episode(episodes, show, "two");

        AtomicReference<List<Long>> feed = new AtomicReference<>(List.of());
        CountDownLatch firstRecorded = new CountDownLatch(1);
        CountDownLatch secondRead = new CountDownLatch(1);
        CompletableFuture<Void> replicaA = CompletableFuture.runAsync(() -> tx.executeWithoutResult(s -> {
            shows.lockForUpdate(show);
            ledger.record(first, 0, "rss", 1, PublicationLedger.PUBLISHED, "g1", "u1", null);
            firstRecorded.countDown();
            // give replica B every chance to read the ledger before A commits; with the lock it cannot
            try {
                secondRead.await(1500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            feed.set(items(ledger, show));
        }));
        assertThat(firstRecorded.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> replicaB = CompletableFuture.runAsync(() -> tx.executeWithoutResult(s -> {
            shows.lockForUpdate(show);
            ledger.record(second, 0, "rss", 1, PublicationLedger.PUBLISHED, "g2", "u2", null);
            List<Long> seen = items(ledger, show);
            secondRead.countDown();
            feed.set(seen);
        }));
        CompletableFuture.allOf(replicaA, replicaB).get(20, TimeUnit.SECONDS);

        assertThat(secondRead.getCount()).as("B read only after A committed").isZero();
        assertThat(feed.get()).as("the feed written last").containsExactlyInAnyOrder(first, second);
    }

    private static List<Long> items(PublicationLedger ledger, long show) {
        return ledger.publishedInShow(show, "rss", 100).stream().map(PublicationLedger.Publication::episodeId).toList();
    }

    private static long episode(EpisodeRepository episodes, long show, String name) {
        MediaInfo m = new MediaInfo(MediaInfo.AUDIO, "mp3", 3000L, "mp3", null, 44100, 1, null, null, 64);
        return episodes.insert(new NewEpisode(show, name + ".mp3", name, "hash-" + name, 1000, "media/" + name + ".mp3", m),
                Clock.systemUTC().instant(), "t");
    }
}
