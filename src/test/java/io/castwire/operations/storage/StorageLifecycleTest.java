package io.castwire.operations.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.support.HubTest;
import io.castwire.support.TestMedia;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The lifecycle on the running hub: an episode published to its feed through the real pipeline
 * keeps every file its feed item points at however short the retention, and once a new version
 * replaces it in the feed the old version's files are archived and removed while the feed still
 * serves the new one. Also the stats and the cleanup endpoint.
 */
class StorageLifecycleTest extends HubTest {

    @Autowired
    RetentionRunner runner;
    @Autowired
    RetentionPlanner planner;
    @Autowired
    io.castwire.episode.EpisodeRepository episodes;
    @Autowired
    io.castwire.processing.probe.Ffmpeg ffmpeg;
    @TempDir
    Path archive;

    private RetentionPolicy everythingAfterAMoment(String show) {
        Map<StorageArea, Duration> keep = new EnumMap<>(StorageArea.class);
        for (StorageArea a : RetentionPolicy.AREAS) {
            keep.put(a, Duration.ofMillis(1));
        }
        return new RetentionPolicy(keep, new FolderArchive(archive), Set.of(show));
    }

    private String enclosure(String slug) {
        String xml = http.getForObject("/shows/" + slug + "/feed.xml", String.class);
        int at = xml.indexOf("<enclosure url=\"") + "<enclosure url=\"".length();
        return URI.create(xml.substring(at, xml.indexOf('"', at))).getPath();
    }

    @Test
    void aLiveFeedItemKeepsItsFilesAndTheVersionItReplacedIsArchivedThenRemoved() throws Exception {
        Path inbox = showInbox("lifecycle");
        String slug = inbox.getFileName().toString();
        // the media is made, and the hub's ffmpeg unpacked, before either file lands: a transcript waits only
        // castwire.ingest.sidecar-window (5 s here) for its media
        Path media = TestMedia.mp3(60);
        assertThat(ffmpeg.run(List.of("-hide_banner", "-version")).ok()).isTrue();
        Files.writeString(inbox.resolve("ep.srt"), TestMedia.srt(30));
        Files.copy(media, inbox.resolve("ep.mp3"));
        long v1 = awaitEpisodes(slug, 1, "PUBLISHED").get(0).get("id").asLong();
        Path v1Original = paths.home().resolve(episodes.findById(v1).orElseThrow().mediaPath());
        RetentionPolicy policy = everythingAfterAMoment(slug);
        await().atMost(Duration.ofSeconds(5)).until(() -> !planner.plan(policy).decisions().isEmpty());

        RetentionPlan live = planner.plan(policy);
        assertThat(live.decisions()).extracting(d -> d.file().area()).contains(StorageArea.ORIGINALS, StorageArea.CLIPS,
                StorageArea.RENDERS);
        assertThat(live.decisions()).allSatisfy(d -> assertThat(d.reason()).isEqualTo("referenced by a live feed item"));
        RetentionRunner.Outcome none = runner.run(policy);
        assertThat(none.archived() + none.deleted()).isZero();
        assertThat(v1Original).exists();
        assertThat(http.getForEntity(enclosure(slug), byte[].class).getStatusCode()).isEqualTo(HttpStatus.OK);

        // a new version takes the item over: the old one has left the feed
        Path v2 = TestMedia.mp3(20);
        Files.copy(v2, inbox.resolve("ep.mp3"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        await().atMost(Duration.ofSeconds(60)).until(() -> episodesOf(slug).size() == 2
                && episodesOf(slug).get(0).get("state").asText().equals("PUBLISHED"));
        byte[] v1Bytes = Files.readAllBytes(v1Original);
        String v1Stored = paths.relativize(v1Original);

        RetentionPlan plan = planner.plan(policy);
        RetentionRunner.Outcome o = runner.run(policy);

        assertThat(o.archived()).isEqualTo(plan.count(RetentionPlan.Action.ARCHIVE)).isPositive();
        assertThat(plan.decisions()).filteredOn(d -> d.action() == RetentionPlan.Action.ARCHIVE)
                .allSatisfy(d -> assertThat(d.file().episodeId()).isEqualTo(v1));
        assertThat(v1Original).doesNotExist();
        assertThat(archive.resolve(v1Stored)).hasBinaryContent(v1Bytes);
        try (var left = Files.walk(paths.publicDir().resolve("media/" + slug + "/" + v1))) {
            assertThat(left.filter(Files::isRegularFile).toList()).as("v1's published links").isEmpty();
        }
        ResponseEntity<byte[]> served = http.getForEntity(enclosure(slug), byte[].class);
        assertThat(served.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(served.getBody()).isNotEqualTo(v1Bytes);
        JsonNode storage = getJson("/api/episodes/" + v1).get("storage").get("files");
        assertThat(storage.findValuesAsText("archived")).contains(archive.resolve(v1Stored).toString());
    }

    @Test
    void statsKeepTheirFieldsAndAddAreasShowsAndTheNextCleanup() throws Exception {
        Path inbox = showInbox("lifestats");
        String slug = inbox.getFileName().toString();
        Files.copy(TestMedia.mp3(2), inbox.resolve("s.mp3"));
        awaitEpisodes(slug, 1, "PUBLISHED");

        JsonNode stats = getJson("/api/storage/stats");

        for (String f : List.of("quotaBytes", "usedBytes", "usedPercent", "diskFreeBytes", "mediaBytesByShow")) {
            assertThat(stats.has(f)).as(f).isTrue();
        }
        for (String a : List.of("inbox", "media", "quarantine", "public", "originals", "clips", "renders", "sidecars", "work")) {
            assertThat(stats.get("areas").get(a).has("bytes")).as(a).isTrue();
        }
        assertThat(stats.get("shows").get(slug).get("originals").get("bytes").asLong())
                .isEqualTo(stats.get("mediaBytesByShow").get(slug).asLong());
        assertThat(stats.get("areas").get("media").get("bytes").asLong()).isEqualTo(List.of("originals", "clips", "renders",
                "sidecars").stream().mapToLong(a -> stats.get("areas").get(a).get("bytes").asLong()).sum());
        JsonNode next = stats.get("nextCleanup");
        assertThat(next.get("wouldArchive").asLong()).isZero();
        assertThat(next.has("wouldDelete")).isTrue();
        assertThat(next.has("bytesFreed")).isTrue();
        assertThat(next.get("policy").get("originals").asText()).isEqualTo("forever");
        assertThat(next.get("policy").get("quarantine").asText()).isEqualTo("PT720H");
    }

    @Test
    void cleanupRunsTheJobOrAnswersADryRunForAdminsOnly() throws Exception {
        assertThat(http.postForEntity("/api/storage/cleanup?dryRun=true", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        ResponseEntity<String> dry = admin().postForEntity("/api/storage/cleanup?dryRun=true", null, String.class);
        assertThat(dry.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode plan = json.readTree(dry.getBody());
        assertThat(plan.get("dryRun").asBoolean()).isTrue();
        assertThat(plan.get("items").isArray()).isTrue();
        assertThat(plan.get("policy").get("archive").isNull()).isTrue();

        int before = getJson("/api/sync/storage-cleanup/runs").size();
        ResponseEntity<String> run = admin().postForEntity("/api/storage/cleanup", null, String.class);
        assertThat(run.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(Duration.ofSeconds(60)).until(() -> getJson("/api/sync/storage-cleanup/runs").size() > before);
        JsonNode last = getJson("/api/sync/storage-cleanup/runs").get(0);
        assertThat(last.get("outcome").asText()).isEqualTo("OK");
        assertThat(last.get("summary").asText()).contains("stale temporary file(s)").contains("retention: ");
    }
}
