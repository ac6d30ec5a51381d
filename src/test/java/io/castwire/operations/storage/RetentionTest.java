package io.castwire.operations.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.MediaInfo;
import io.castwire.episode.NewEpisode;
import io.castwire.episode.ShowRepository;
import io.castwire.publishing.PublicationLedger;
import io.castwire.support.MutableClock;
import io.castwire.support.S3Server;
import io.castwire.support.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The retention rules on real files and the real schema (H2): a live feed item is never removed,
 * whatever else holds; files go only after a verified archive copy or when published elsewhere;
 * work in flight stays; quarantine ages by its report; the dry run is what the run then does.
 */
class RetentionTest {

    private static final String SHOW = "retention";

    @TempDir
    Path home;
    @TempDir
    Path archiveDir;
    private HikariDataSource ds;
    private NamedParameterJdbcTemplate jdbc;
    private MutableClock clock;
    private CastwireProperties props;
    private HubPaths paths;
    private EpisodeRepository episodes;
    private PublicationLedger publications;
    private StorageLedger ledger;
    private RetentionPlanner planner;
    private RetentionRunner runner;
    private long show;

    /** The database under test: H2 here, PostgreSQL in {@link RetentionPostgresTest}. */
    protected HikariDataSource newDataSource() {
        return TestDatabases.h2();
    }

    protected void dropDataSource() {
    }

    @BeforeEach
    void setUp() {
        ds = newDataSource();
        jdbc = new NamedParameterJdbcTemplate(ds);
        clock = new MutableClock(Instant.parse("2026-11-01T10:00:00Z"));
        props = new CastwireProperties();
        props.setHome(home);
        props.setInstanceId("retention-test");
        paths = new HubPaths(props);
        episodes = new EpisodeRepository(jdbc, clock);
        publications = new PublicationLedger(jdbc, clock);
        show = new ShowRepository(jdbc, clock).findOrCreate(SHOW);
        RetentionFacts facts = new RetentionFacts(jdbc, publications, props);
        planner = new RetentionPlanner(new StorageAreas(paths), facts, clock);
        ledger = new StorageLedger(jdbc, clock, props);
        runner = new RetentionRunner(planner, facts, ledger, paths);
    }

    @AfterEach
    void tearDown() {
        ds.close();
        dropDataSource();
    }

    /** An episode whose original is in the store (and linked into public/ when published), in the given state. */
    private long episode(String name, String state) throws IOException {
        byte[] bytes = ("media of " + name + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        String hash = HexFormat.of().formatHex(sha256(bytes));
        Path file = paths.within(paths.media(), SHOW + "/" + hash.substring(0, 2) + "/" + hash + ".mp3");
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        MediaInfo m = new MediaInfo(MediaInfo.AUDIO, "mp3", 1000L, "mp3", null, 44100, 1, null, null, 64);
        long id = episodes.insert(new NewEpisode(show, name + ".mp3", name, hash, bytes.length, paths.relativize(file), m),
                clock.instant(), "test");
        jdbc.update("UPDATE episodes SET state = :s WHERE id = :id", Map.of("s", state, "id", id));
        if (state.equals("PUBLISHED")) {
            Path link = paths.within(paths.publicDir(), "media/" + SHOW + "/" + id + "/" + name + ".mp3");
            Files.createDirectories(link.getParent());
            Files.createLink(link, file);
        }
        return id;
    }

    private Path original(long id) {
        return paths.resolve(episodes.findById(id).orElseThrow().mediaPath());
    }

    private Path publicLink(long id, String name) {
        return paths.within(paths.publicDir(), "media/" + SHOW + "/" + id + "/" + name + ".mp3");
    }

    private void inFeed(long id) {
        publications.record(id, 0, "rss", 1, PublicationLedger.PUBLISHED, "guid-" + id, "http://x/" + id, null);
    }

    private void onYoutube(long id) {
        publications.record(id, 0, "youtube", 1, PublicationLedger.PUBLISHED, "vid" + id, "https://youtu.be/vid" + id, null);
    }

    private RetentionPolicy originalsAfter(Duration keep, Archive archive) {
        Map<StorageArea, Duration> m = new EnumMap<>(StorageArea.class);
        m.put(StorageArea.ORIGINALS, keep);
        m.put(StorageArea.QUARANTINE, Duration.ofDays(30));
        return new RetentionPolicy(m, archive, null);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aLiveFeedItemIsNeverRemovedEvenWhenPublishedElsewhereAndArchivable() throws Exception {
        long live = episode("live", "PUBLISHED");
        inFeed(live);
        onYoutube(live);
        long superseded = episode("old", "PUBLISHED");
        publications.record(superseded, 0, "rss", 1, PublicationLedger.SUPERSEDED, "guid-old", null, null);
        onYoutube(superseded);
        clock.advance(Duration.ofDays(3));

        // without an archive: the superseded one is on YouTube, so it goes; the live one stays
        RetentionRunner.Outcome o = runner.run(originalsAfter(Duration.ofDays(1), null));
        assertThat(o.deleted()).isEqualTo(1);
        assertThat(original(live)).exists();
        assertThat(publicLink(live, "live")).exists();
        assertThat(original(superseded)).doesNotExist();
        assertThat(publicLink(superseded, "old")).as("its hard link in public/ too, or nothing is freed").doesNotExist();

        // with an archive as well: still untouched, and the plan says why
        RetentionPlan plan = planner.plan(originalsAfter(Duration.ofDays(1), new FolderArchive(archiveDir)));
        assertThat(plan.decisions()).singleElement().satisfies(d -> {
            assertThat(d.action()).isEqualTo(RetentionPlan.Action.KEEP);
            assertThat(d.reason()).isEqualTo("referenced by a live feed item");
            assertThat(d.file().episodeId()).isEqualTo(live);
        });
        runner.run(originalsAfter(Duration.ofDays(1), new FolderArchive(archiveDir)));
        assertThat(original(live)).exists();
        assertThat(ledger.ofEpisode(live)).isEmpty();
        assertThat(ledger.ofEpisode(superseded)).extracting(StorageLedger.Action::action).containsExactly("DELETED");
        assertThat(ledger.ofEpisode(superseded).get(0).reason()).contains("published elsewhere: youtube https://youtu.be/vid");
    }

    @Test
    void anItemThatLeftTheFeedIsNoLongerLive() throws Exception {
        props.getFeed().setMaxItems(1);
        long older = episode("older", "PUBLISHED");
        inFeed(older);
        clock.advance(Duration.ofMinutes(1));
        long newer = episode("newer", "PUBLISHED");
        inFeed(newer);
        clock.advance(Duration.ofDays(3));

        runner.run(originalsAfter(Duration.ofDays(1), new FolderArchive(archiveDir)));

        assertThat(original(newer)).exists();
        assertThat(original(older)).doesNotExist();
    }

    @Test
    void archivedToAFolderAndVerifiedBeforeRemovalWhileWorkInFlightStays() throws Exception {
        long failed = episode("failed", "FAILED");
        long processing = episode("busy", "PROCESSING");
        long pending = episode("pending", "PUBLISHED");
        publications.record(pending, 0, "wordpress", 1, "PENDING", null, null, null);
        byte[] bytes = Files.readAllBytes(original(failed));
        String stored = episodes.findById(failed).orElseThrow().mediaPath();
        clock.advance(Duration.ofDays(3));

        RetentionRunner.Outcome o = runner.run(originalsAfter(Duration.ofDays(1), new FolderArchive(archiveDir)));

        assertThat(o.archived()).isEqualTo(1);
        assertThat(archiveDir.resolve(stored)).hasBinaryContent(bytes);
        assertThat(original(failed)).doesNotExist();
        assertThat(original(processing)).exists();
        assertThat(original(pending)).exists();
        List<StorageLedger.Action> actions = ledger.ofEpisode(failed);
        assertThat(actions).extracting(StorageLedger.Action::action).containsExactly("ARCHIVED", "DELETED");
        assertThat(actions.get(1).archivedAs()).isEqualTo(archiveDir.resolve(stored).toString());
        assertThat(actions.get(1).sha256()).isEqualTo(episodes.findById(failed).orElseThrow().contentHash());
        assertThat(new StorageEpisodeDetails(ledger).of(failed).toString()).contains("archived=" + archiveDir.resolve(stored));
        assertThat(planner.plan(originalsAfter(Duration.ofDays(1), null)).decisions())
                .extracting(RetentionPlan.Decision::reason)
                .containsExactlyInAnyOrder("episode is PROCESSING: work in flight", "publication not finished: wordpress PENDING");
    }

    @Test
    void anArchiveThatFailsLeavesTheFileAndNothingRecordedAsRemoved() throws Exception {
        long failed = episode("failed", "FAILED");
        clock.advance(Duration.ofDays(3));
        Archive broken = new Archive() {
            @Override
            public String describe() {
                return "broken";
            }

            @Override
            public String store(Path file, String relative, Digests.Sums sums) throws IOException {
                throw new IOException("the archived copy does not match");
            }
        };

        RetentionRunner.Outcome o = runner.run(originalsAfter(Duration.ofDays(1), broken));

        assertThat(o.failed()).isEqualTo(1);
        assertThat(original(failed)).exists();
        assertThat(ledger.ofEpisode(failed)).isEmpty();
    }

    @Test
    void archivedToS3AndCheckedBeforeRemoval() throws Exception {
        long failed = episode("s3", "FAILED");
        byte[] bytes = Files.readAllBytes(original(failed));
        String stored = episodes.findById(failed).orElseThrow().mediaPath();
        String bucket = S3Server.shared().newBucket("archive");
        clock.advance(Duration.ofDays(3));
        try (S3Client s3 = S3Server.shared().client()) {
            Archive archive = S3Archive.of(s3, "s3://" + bucket + "/cold");

            runner.run(originalsAfter(Duration.ofDays(1), archive));

            assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("cold/" + stored)).asByteArray()).isEqualTo(bytes);
            assertThat(original(failed)).doesNotExist();
            assertThat(ledger.ofEpisode(failed).get(1).archivedAs()).isEqualTo("s3://" + bucket + "/cold/" + stored);
        }
    }

    @Test
    void quarantineAgesByItsReportAndGoesWithoutAnArchive() throws Exception {
        Path dir = Files.createDirectories(paths.quarantine().resolve(SHOW));
        Path oldFile = Files.writeString(dir.resolve("old.mp3"), "x");
        Path oldReport = Files.writeString(dir.resolve("old.mp3.error.json"), "{}");
        Path newFile = Files.writeString(dir.resolve("new.mp3"), "y");
        Path newReport = Files.writeString(dir.resolve("new.mp3.error.json"), "{}");
        FileTime longAgo = FileTime.from(clock.instant().minus(Duration.ofDays(40)));
        for (Path p : List.of(oldFile, oldReport, newFile)) {
            // the producer's file keeps its own (old) time; only the report says when it was refused
            Files.setLastModifiedTime(p, longAgo);
        }
        Files.setLastModifiedTime(newReport, FileTime.from(clock.instant().minus(Duration.ofDays(2))));

        RetentionPlan plan = planner.plan(originalsAfter(Duration.ZERO, null));
        RetentionRunner.Outcome o = runner.run(originalsAfter(Duration.ZERO, null));

        assertThat(plan.summary()).containsEntry("wouldDelete", 2L).containsEntry("wouldArchive", 0L)
                .containsEntry("bytesFreed", 3L);
        assertThat(o.deleted()).isEqualTo(2);
        assertThat(o.bytesFreed()).isEqualTo(3);
        assertThat(oldFile).doesNotExist();
        assertThat(oldReport).doesNotExist();
        assertThat(newFile).exists();
        assertThat(newReport).exists();
        assertThat(ledger.recent(10)).extracting(StorageLedger.Action::path)
                .containsExactlyInAnyOrder("quarantine/retention/old.mp3", "quarantine/retention/old.mp3.error.json");
    }

    @Test
    void theDryRunIsWhatTheRunThenDoes() throws Exception {
        long a = episode("a", "FAILED");
        long b = episode("b", "QUARANTINED");
        long live = episode("live", "PUBLISHED");
        inFeed(live);
        long onYt = episode("yt", "PUBLISHED");
        onYoutube(onYt);
        clock.advance(Duration.ofDays(3));
        RetentionPolicy policy = originalsAfter(Duration.ofDays(1), new FolderArchive(archiveDir));

        RetentionPlan plan = planner.plan(policy);
        RetentionRunner.Outcome o = runner.run(policy);

        assertThat(plan.count(RetentionPlan.Action.ARCHIVE)).isEqualTo(3).isEqualTo(o.archived());
        assertThat(plan.count(RetentionPlan.Action.DELETE)).isEqualTo(o.deleted());
        assertThat(plan.bytesFreed()).isEqualTo(o.bytesFreed()).isPositive();
        assertThat(plan.count(RetentionPlan.Action.KEEP)).isEqualTo(1).isEqualTo(o.kept());
        assertThat(List.of(original(a), original(b), original(onYt))).allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(planner.plan(policy).bytesFreed()).as("nothing left to do").isZero();
    }

    @Test
    void keptForeverByDefault() throws Exception {
        episode("a", "FAILED");
        clock.advance(Duration.ofDays(3650));
        RetentionPolicy configured = RetentionPolicy.of(props, new FolderArchive(archiveDir));
        assertThat(planner.plan(configured).decisions()).isEmpty();
    }
}
