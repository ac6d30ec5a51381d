package io.castwire.operations.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.MediaInfo;
import io.castwire.episode.NewEpisode;
import io.castwire.episode.ShowRepository;
import io.castwire.ingest.IngestRejection;
import io.castwire.ingest.SidecarRepository;
import io.castwire.support.MutableClock;
import io.castwire.support.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.util.unit.DataSize;

/** The quota check counts the catalog at most every few seconds and adds what was accepted since. */
class StorageGuardQuotaTest {

    @TempDir
    Path home;
    private HikariDataSource ds;
    private MutableClock clock;
    private EpisodeRepository episodes;
    private StorageGuard guard;
    private HubPaths paths;
    private long show;

    @BeforeEach
    void setUp() {
        ds = TestDatabases.h2();
        clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(ds);
        episodes = new EpisodeRepository(jdbc, clock);
        show = new ShowRepository(jdbc, clock).findOrCreate("q");
        CastwireProperties p = new CastwireProperties();
        p.setHome(home);
        p.getStorage().setQuota(DataSize.ofBytes(1000));
        p.getStorage().setMinFreeDisk(DataSize.ofBytes(0));
        paths = new HubPaths(p);
        guard = new StorageGuard(p, episodes, new SidecarRepository(jdbc, clock), paths, clock);
    }

    @AfterEach
    void tearDown() {
        ds.close();
    }

    private void episodeOf(long bytes) {
        MediaInfo m = new MediaInfo(MediaInfo.AUDIO, "mp3", 1000L, "mp3", null, 44100, 1, null, null, 64);
        episodes.insert(new NewEpisode(show, "e.mp3", "e" + System.nanoTime(), "%064x".formatted(System.nanoTime()), bytes,
                "media/x.mp3", m), clock.instant(), "t");
    }

    @Test
    void workThatWouldWriteFilesIsRefusedBeforeItStartsWhenTheQuotaIsFull() throws Exception {
        episodeOf(900);
        guard.checkRoomForWork("cutting 1 clip(s) of episode 1", 100);

        assertThatThrownBy(() -> guard.checkRoomForWork("cutting 2 clip(s) of episode 1", 101))
                .isInstanceOf(StorageFullException.class)
                .hasMessageStartingWith("QUOTA_EXCEEDED before cutting 2 clip(s) of episode 1: the storage quota is reached")
                .hasMessageContaining("castwire.storage.quota");
    }

    @Test
    void theClippingStepChecksTheQuotaBeforeFfmpegCuts() throws Exception {
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(ds);
        MediaInfo m = new MediaInfo(MediaInfo.AUDIO, "mp3", 10_000L, "mp3", null, 44100, 1, null, null, 64);
        long id = episodes.insert(new NewEpisode(show, "c.mp3", "c", "%064x".formatted(1), 990, "media/q/aa/c.mp3", m),
                clock.instant(), "t");
        io.castwire.episode.ClipRepository clips = new io.castwire.episode.ClipRepository(jdbc, clock);
        clips.replace(id, java.util.List.of(new io.castwire.episode.ClipRepository.NewClip("default", 1, 0, 5_000, 1.0, null)));
        org.springframework.transaction.support.TransactionTemplate tx = new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(ds));
        io.castwire.processing.clipping.ClippingStep step = new io.castwire.processing.clipping.ClippingStep(clips,
                new io.castwire.processing.clipping.ClipCutter(io.castwire.support.TestMedia.ffmpeg()), paths, e -> { }, tx,
                guard);

        // 990 bytes stored of 1000, and half the episode (495 bytes) to cut: refused, nothing cut
        assertThatThrownBy(() -> step.run(episodes.findById(id).orElseThrow())).isInstanceOf(StorageFullException.class)
                .hasMessageContaining("before cutting 1 clip(s) of episode " + id);
        assertThat(clips.ofEpisode(id).get(0).mediaPath()).isNull();
        assertThat(paths.media().resolve("q/clips")).doesNotExist();
    }

    @Test
    void acceptedBytesCountAtOnceAndTheCatalogIsRecountedLater() throws Exception {
        episodeOf(600);
        guard.checkRoomFor(400);
        guard.accepted(300);
        assertThatThrownBy(() -> guard.checkRoomFor(200)).isInstanceOf(IngestRejection.class)
                .hasMessageContaining("quota");
        // what was registered meanwhile by another replica shows after the recount
        episodeOf(50);
        clock.advance(StorageGuard.RECOUNT_AFTER.plusSeconds(1));
        assertThat(guard.usedBytesForCheck()).isEqualTo(650);
        guard.checkRoomFor(350);
    }
}
