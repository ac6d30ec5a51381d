package io.castwire.episode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castwire.ingest.InboxFile;
import io.castwire.ingest.SidecarRepository;
import io.castwire.processing.transcript.TranscriptSegment;
import io.castwire.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The repository behaviour castwire relies on, run against every database it supports
 * (subclasses give the data source). The database is the source of truth, so these are the
 * guarantees behind "no episode lost, none processed twice".
 */
abstract class EpisodeRepositoryContract {

    protected MutableClock clock;
    protected EpisodeRepository episodes;
    protected ShowRepository shows;
    protected SidecarRepository sidecars;
    private long show;

    protected abstract DataSource dataSource();

    @BeforeEach
    void repositories() {
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(dataSource());
        clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
        episodes = new EpisodeRepository(jdbc, clock);
        shows = new ShowRepository(jdbc, clock);
        sidecars = new SidecarRepository(jdbc, clock);
        show = shows.findOrCreate("show-" + System.nanoTime());
    }

    private static MediaInfo audio() {
        return new MediaInfo(MediaInfo.AUDIO, "mp3", 10_030L, "mp3", null, 44100, 2, null, null, 128);
    }

    private long insert(String base, String hash, Instant processAfter) {
        return episodes.insert(new NewEpisode(show, base + ".mp3", base, hash, 1234, "media/x/" + hash + ".mp3", audio()),
                processAfter, "test");
    }

    private static String hash(int n) {
        return String.format("%064x", n);
    }

    @Test
    void insertKeepsEveryProbedFieldAndStartsTheTimeline() {
        long id = insert("ep1", hash(1), clock.instant());
        Episode e = episodes.findById(id).orElseThrow();
        assertThat(e.state()).isEqualTo(EpisodeState.RECEIVED);
        assertThat(e.version()).isEqualTo(1);
        assertThat(e.contentHash()).isEqualTo(hash(1));
        assertThat(e.sizeBytes()).isEqualTo(1234);
        assertThat(e.media()).isEqualTo(audio());
        assertThat(e.createdAt()).isEqualTo(clock.instant());
        assertThat(episodes.timeline(id)).singleElement().satisfies(ev -> {
            assertThat(ev.event()).isEqualTo("registered");
            assertThat(ev.to()).isEqualTo(EpisodeState.RECEIVED);
        });
    }

    @Test
    void aChangedFileWithTheSameNameIsTheNextVersion() {
        insert("ep1", hash(1), clock.instant());
        long second = insert("ep1", hash(2), clock.instant());
        assertThat(episodes.findById(second).orElseThrow().version()).isEqualTo(2);
        assertThat(episodes.findLatest(show, "ep1").orElseThrow().id()).isEqualTo(second);
    }

    @Test
    void theSameContentCannotBeRegisteredTwiceInAShow() {
        insert("ep1", hash(1), clock.instant());
        assertThatThrownBy(() -> insert("other-name", hash(1), clock.instant())).isInstanceOf(DuplicateKeyException.class);
        assertThat(episodes.findByContent(show, hash(1))).isPresent();
    }

    @Test
    void onlyDueEpisodesAreClaimedAndOnlyOnce() {
        long now = insert("due", hash(1), clock.instant());
        long later = insert("later", hash(2), clock.instant().plusSeconds(60));
        assertThat(episodes.dueIds(100)).contains(now).doesNotContain(later);
        assertThat(episodes.claim(later, "a", Duration.ofMinutes(5))).isFalse();
        assertThat(episodes.claim(now, "a", Duration.ofMinutes(5))).isTrue();
        assertThat(episodes.claim(now, "b", Duration.ofMinutes(5))).isFalse();
        Episode e = episodes.findById(now).orElseThrow();
        assertThat(e.state()).isEqualTo(EpisodeState.PROCESSING);
        assertThat(e.attempts()).isEqualTo(1);
    }

    @Test
    void concurrentClaimsHaveExactlyOneWinner() throws Exception {
        long id = insert("race", hash(1), clock.instant());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String owner = "worker-" + i;
                claims.add(() -> episodes.claim(id, owner, Duration.ofMinutes(5)));
            }
            int winners = 0;
            for (Future<Boolean> f : pool.invokeAll(claims)) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(episodes.timeline(id)).filteredOn(ev -> ev.event().equals("processing-started")).hasSize(1);
    }

    @Test
    void aDeadWorkersLeaseIsTakenOverAfterItExpires() {
        long id = insert("lease", hash(1), clock.instant());
        assertThat(episodes.claim(id, "dead", Duration.ofMinutes(5))).isTrue();
        assertThat(episodes.dueIds(100)).doesNotContain(id);
        clock.advance(Duration.ofMinutes(6));
        assertThat(episodes.dueIds(100)).contains(id);
        assertThat(episodes.claim(id, "alive", Duration.ofMinutes(5))).isTrue();
        assertThat(episodes.findById(id).orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void aRestartedInstanceTakesBackItsOwnWorkAtOnce() {
        long id = insert("mine", hash(1), clock.instant());
        episodes.claim(id, "node-1", Duration.ofMinutes(5));
        assertThat(episodes.expireLeasesOf("node-2")).isZero();
        assertThat(episodes.expireLeasesOf("node-1")).isEqualTo(1);
        assertThat(episodes.claim(id, "node-1", Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void transitionsAreConditionalAndRecorded() {
        long id = insert("t", hash(1), clock.instant());
        episodes.claim(id, "a", Duration.ofMinutes(5));
        assertThat(episodes.transition(id, List.of(EpisodeState.RECEIVED), EpisodeState.PROCESSING, "x", null)).isFalse();
        assertThat(episodes.transition(id, List.of(EpisodeState.PROCESSING), EpisodeState.PROCESSED, "processed", "ok")).isTrue();
        Episode e = episodes.findById(id).orElseThrow();
        assertThat(e.state()).isEqualTo(EpisodeState.PROCESSED);
        assertThat(e.stateDetail()).isEqualTo("ok");
        assertThat(episodes.timeline(id)).extracting(EpisodeEvent::event)
                .containsExactly("registered", "processing-started", "processed");
        assertThatThrownBy(() -> episodes.transition(id, List.of(EpisodeState.PROCESSED), EpisodeState.PUBLISHED, "x", null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRetryWaitsForItsBackoff() {
        long id = insert("retry", hash(1), clock.instant());
        episodes.claim(id, "a", Duration.ofMinutes(5));
        assertThat(episodes.scheduleRetry(id, Duration.ofSeconds(30), "boom")).isTrue();
        assertThat(episodes.findById(id).orElseThrow().state()).isEqualTo(EpisodeState.RECEIVED);
        assertThat(episodes.dueIds(100)).doesNotContain(id);
        clock.advance(Duration.ofSeconds(31));
        assertThat(episodes.dueIds(100)).contains(id);
    }

    @Test
    void segmentsAreReplacedNotAppended() {
        long id = insert("seg", hash(1), clock.instant());
        List<TranscriptSegment> segments = List.of(new TranscriptSegment(0, 0, 1000, "Hello there.", "Ana"),
                new TranscriptSegment(1, 1000, 2500, "Welcome — ünïcode ✓", null));
        episodes.replaceSegments(id, "SRT", segments);
        episodes.replaceSegments(id, "SRT", segments);
        assertThat(episodes.segments(id)).isEqualTo(segments);
        Episode e = episodes.findById(id).orElseThrow();
        assertThat(e.transcriptSegments()).isEqualTo(2);
        assertThat(e.transcriptFormat()).isEqualTo("SRT");
    }

    @Test
    void metadataFillsOnlyWhatItGives() {
        long id = insert("meta", hash(1), clock.instant());
        episodes.updateMetadata(id, new EpisodeMetadata("Title", "Desc", Instant.parse("2026-12-01T09:00:00Z"), List.of("rss")));
        episodes.updateMetadata(id, new EpisodeMetadata(null, "New desc", null, null));
        Episode e = episodes.findById(id).orElseThrow();
        assertThat(e.title()).isEqualTo("Title");
        assertThat(e.description()).isEqualTo("New desc");
        assertThat(e.publishAt()).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(e.destinations()).isEqualTo("rss");
    }

    @Test
    void clipsCaptionsAndPublicationsAreReadFromTheirTables() {
        long id = insert("rows", hash(1), clock.instant());
        ClipRepository clipRows = new ClipRepository(new NamedParameterJdbcTemplate(dataSource()), clock);
        assertThat(clipRows.ofEpisode(id)).isEmpty();
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(dataSource());
        var now = EpisodeRepository.ts(clock.instant());
        jdbc.update("INSERT INTO clips (episode_id, profile, rank_in_profile, start_ms, end_ms, score, created_at) "
                + "VALUES (:id, 'default', 1, 1000, 31000, 0.8, :now)", java.util.Map.of("id", id, "now", now));
        jdbc.update("INSERT INTO captions (episode_id, format, path, created_at) VALUES (:id, 'SRT', 'media/x.srt', :now)",
                java.util.Map.of("id", id, "now", now));
        jdbc.update("INSERT INTO publications (episode_id, destination, version, state, created_at, updated_at) "
                + "VALUES (:id, 'rss', 1, 'PUBLISHED', :now, :now)", java.util.Map.of("id", id, "now", now));
        assertThat(clipRows.ofEpisode(id)).singleElement().satisfies(c -> {
            assertThat(c.profile()).isEqualTo("default");
            assertThat(c.startMs()).isEqualTo(1000L);
            assertThat(c.score()).isEqualTo(0.8);
        });
        clipRows.replace(id, java.util.List.of(new ClipRepository.NewClip("linkedin", 1, 0, 40_000, 0.7, "{}")));
        assertThat(clipRows.ofEpisode(id)).singleElement().satisfies(c -> assertThat(c.profile()).isEqualTo("linkedin"));
        assertThat(new CaptionRepository(new NamedParameterJdbcTemplate(dataSource()), clock).ofEpisode(id)).singleElement()
                .satisfies(c -> assertThat(c.format()).isEqualTo("SRT"));
        assertThat(episodes.publications(id)).singleElement()
                .satisfies(p -> assertThat(p).containsEntry("destination", "rss").containsEntry("state", "PUBLISHED"));
    }

    @Test
    void theLedgerListsTheNewestPublishedEpisodesOfAShow() {
        var ledger = new io.castwire.publishing.PublicationLedger(new NamedParameterJdbcTemplate(dataSource()), clock);
        long a = insert("a", hash(1), clock.instant());
        clock.advance(Duration.ofSeconds(1));
        long b = insert("b", hash(2), clock.instant());
        clock.advance(Duration.ofSeconds(1));
        long c = insert("c", hash(3), clock.instant());
        for (long id : new long[] {a, b, c}) {
            ledger.record(id, 0, "rss", 1, "PUBLISHED", "guid-" + id, null, null);
            clock.advance(Duration.ofSeconds(1));
        }
        ledger.record(b, 0, "rss", 1, "PUBLISHED", null, null, null);
        assertThat(ledger.publishedInShow(show, "rss", 2)).extracting(p -> p.episodeId()).containsExactly(c, b);
        assertThat(ledger.find(b, 0, "rss", 1).orElseThrow().attempts()).as("one row, two attempts").isEqualTo(2);
        assertThat(ledger.find(b, 0, "rss", 1).orElseThrow().remoteId()).as("kept").isEqualTo("guid-" + b);
    }

    @Test
    void onlyOlderVersionsAreSupersededAndANewerPublishedVersionIsSeen() {
        var ledger = new io.castwire.publishing.PublicationLedger(new NamedParameterJdbcTemplate(dataSource()), clock);
        long v1 = insert("same", hash(1), clock.instant());
        long v2 = insert("same", hash(2), clock.instant());
        long v3 = insert("same", hash(3), clock.instant());
        ledger.record(v1, 0, "rss", 1, "PUBLISHED", "g", null, null);
        ledger.record(v3, 0, "rss", 1, "PUBLISHED", "g", null, null);
        ledger.supersedeEarlierVersions(show, "same", 3, "rss");
        assertThat(ledger.find(v1, 0, "rss", 1).orElseThrow().state()).isEqualTo("SUPERSEDED");
        assertThat(ledger.newerVersionPublished(show, "same", 2, "rss")).as("v3 is out").isTrue();
        assertThat(ledger.newerVersionPublished(show, "same", 3, "rss")).isFalse();
        // v2, published late, must not take v3 out of the feed
        ledger.supersedeEarlierVersions(show, "same", 2, "rss");
        assertThat(ledger.find(v3, 0, "rss", 1).orElseThrow().state()).isEqualTo("PUBLISHED");
        assertThat(v2).isPositive();
    }

    @Test
    void statsCountStatesAndBytes() {
        insert("a", hash(1), clock.instant());
        long b = insert("b", hash(2), clock.instant());
        episodes.claim(b, "x", Duration.ofMinutes(1));
        assertThat(episodes.countByState().get("PROCESSING")).isGreaterThanOrEqualTo(1);
        assertThat(episodes.oldestWaiting()).isPresent();
        String slug = episodes.findById(b).orElseThrow().showSlug();
        assertThat(episodes.mediaBytesByShow()).containsEntry(slug, 2468L);
    }

    @Test
    void showsAreCreatedOnceEvenWhenWorkersRace() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Long>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(() -> shows.findOrCreate("raced-show-" + show));
            }
            List<Long> ids = new ArrayList<>();
            for (Future<Long> f : pool.invokeAll(calls)) {
                ids.add(f.get());
            }
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPendingSidecarIsAttachedOnceOrExpiredButNotBoth() {
        InboxFile srt = new InboxFile("s", "ep9.srt", "ep9.srt", "ep9", InboxFile.Kind.TRANSCRIPT, "srt");
        long sidecar = sidecars.insert(show, srt, hash(7), 10, "media/s/sidecars/x.srt", null);
        assertThat(sidecars.pendingFor(show, "ep9")).extracting(SidecarRepository.Sidecar::id).containsExactly(sidecar);
        long id = insert("ep9", hash(8), clock.instant());
        assertThat(sidecars.attach(sidecar, id)).isTrue();
        assertThat(sidecars.attach(sidecar, id)).isFalse();
        assertThat(sidecars.expire(sidecar, "late")).isFalse();
        assertThat(sidecars.ofEpisode(id)).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo("ATTACHED"));
        assertThat(sidecars.findByContent(show, "ep9", InboxFile.Kind.TRANSCRIPT, hash(7))).isPresent();
    }
}
