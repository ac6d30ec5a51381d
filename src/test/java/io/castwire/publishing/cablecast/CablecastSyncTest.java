package io.castwire.publishing.cablecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.Destinations;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import io.castwire.support.HubTest;
import io.castwire.support.TestMedia;
import io.castwire.support.fakes.ApiFake;
import io.castwire.support.fakes.FakeCablecast;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Cablecast's scheduled jobs, run directly against the fake in the shared hub: the VOD readiness
 * poll, the incremental paged show sync, the two-way metadata sync with its conflicts, and how
 * the jobs report Cablecast's refusals and rate limits.
 */
class CablecastSyncTest extends HubTest {

    private final FakeCablecast fake = FakeCablecast.startShared();

    @Autowired
    private Destinations destinations;
    @Autowired
    private CablecastReadinessJob readiness;
    @Autowired
    private CablecastShowSyncJob showSync;
    @Autowired
    private CablecastMetadataSyncJob metadataSync;
    @Autowired
    private CablecastPublications store;
    @Autowired
    private CablecastMirror mirror;
    @Autowired
    private NamedParameterJdbcTemplate jdbc;

    @BeforeEach
    void remoteSide() {
        fake.expectToken(FakeCablecast.TOKEN);
    }

    @AfterEach
    void restore() {
        fake.maxPageSize(1000);
        fake.vodPolls(2);
    }

    /** Drops an episode into a show of its own and waits until Cablecast has it; returns the ledger row. */
    private List<Long> publish(String... prefixes) throws Exception {
        List<String> slugs = new ArrayList<>();
        for (String prefix : prefixes) {
            Path show = showInbox("cablecast-" + prefix);
            String slug = show.getFileName().toString();
            destinations.get("cablecast").settings().getShows().add(slug);
            Files.copy(TestMedia.mp3(20), show.resolve("ep.mp3"));
            slugs.add(slug);
        }
        List<Long> rows = new ArrayList<>();
        for (String slug : slugs) {
            long[] row = new long[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode items = episodesOf(slug);
                if (items.isEmpty()) {
                    return false;
                }
                for (JsonNode p : getJson("/api/episodes/" + items.get(0).get("id").asLong()).get("publications")) {
                    if (p.get("destination").asText().equals("cablecast") && p.get("state").asText().equals("PUBLISHED")) {
                        row[0] = p.get("id").asLong();
                        return true;
                    }
                }
                return false;
            });
            rows.add(row[0]);
        }
        return rows;
    }

    private List<String> events(long episodeId, String event) {
        return jdbc.queryForList("SELECT detail FROM episode_events WHERE episode_id = :e AND event = :ev ORDER BY id",
                Map.of("e", episodeId, "ev", event), String.class);
    }

    @Test
    void theReadinessPollRecordsReadyVodsAndGivesUpOnStuckOnes() throws Exception {
        fake.vodPolls(3);
        List<Long> rows = publish("ready", "stuck");
        CablecastPublications.Row ready = store.find(rows.get(0)).orElseThrow();
        CablecastPublications.Row stuck = store.find(rows.get(1)).orElseThrow();
        assertThat(ready.vodState()).isEqualTo("transcoding");
        // the second VOD has been processing for longer than vod-ready-timeout (2h)
        jdbc.update("UPDATE cablecast_publications SET vod_created_at = :t WHERE publication_id = :p",
                Map.of("t", EpisodeRepository.tsOf(Instant.now().minus(Duration.ofHours(3))), "p", rows.get(1)));

        readiness.run();
        assertThat(store.find(rows.get(0)).orElseThrow().vodState()).isEqualTo("transcoding");
        CablecastPublications.Row gaveUp = store.find(rows.get(1)).orElseThrow();
        assertThat(gaveUp.vodState()).isEqualTo("timeout");
        assertThat(gaveUp.vodError()).contains("vod-ready-timeout").contains(Long.toString(stuck.vodId()));
        assertThat(events(stuck.episodeId(), "cablecast-vod-failed")).hasSize(1);
        // admins hear about it once: a system.alert webhook
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> io.castwire.support.WebhookReceiver
                .receivedBy("test-main").stream().map(io.castwire.support.WebhookReceiver.Received::body)
                .filter(b -> b.contains("system.alert") && b.contains("\"kind\":\"cablecast-vod-failed\"")
                        && b.contains("\"vodId\":" + stuck.vodId() + ",")).count() == 1);

        readiness.run();
        readiness.run();
        CablecastPublications.Row done = store.find(rows.get(0)).orElseThrow();
        assertThat(done.vodState()).isEqualTo("ready");
        assertThat(done.vodReadyAt()).isNotNull();
        assertThat(done.vodUrl()).isEqualTo(fake.baseUrl() + "/vod/" + ready.vodId() + "/index.m3u8");
        assertThat(events(ready.episodeId(), "cablecast-vod-ready")).singleElement().asString().contains(done.vodUrl());

        // neither is read again
        int reads = fake.requests("GET", "/cablecastapi/v1/vods/(" + ready.vodId() + "|" + stuck.vodId() + ")").size();
        readiness.run();
        assertThat(fake.requests("GET", "/cablecastapi/v1/vods/(" + ready.vodId() + "|" + stuck.vodId() + ")"))
                .hasSize(reads);
        assertThat(events(ready.episodeId(), "cablecast-vod-ready")).hasSize(1);
    }

    @Test
    void theShowSyncPagesThroughEveryChangeAndThenOnlyWhatChanged() throws Exception {
        showSync.pull(); // whatever earlier tests left
        fake.maxPageSize(2);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(fake.stationShow("Council meeting " + i, "Agenda " + i, i % 2 == 0 ? 2L : null));
        }
        int searches = fake.requests("POST", ".*/shows/search/advanced").size();
        CablecastShowSyncJob.Pull first = showSync.pull();
        assertThat(first.read()).isEqualTo(5);
        assertThat(first.changed()).isEqualTo(5);
        assertThat(fake.requests("POST", ".*/shows/search/advanced").size() - searches).as("pages of 2").isEqualTo(3);
        for (int i = 0; i < 5; i++) {
            CablecastMirror.Mirrored m = mirror.find(ids.get(i)).orElseThrow();
            assertThat(m.title()).isEqualTo("Council meeting " + i);
            assertThat(m.description()).isEqualTo("Agenda " + i);
            assertThat(m.category()).isEqualTo(i % 2 == 0 ? "Government" : null);
            assertThat(m.episodeId()).isNull();
        }
        assertThat(mirror.watermark(CablecastShowSyncJob.NAME)).contains(
                Instant.parse(fake.show(ids.get(4)).orElseThrow().get("lastModified").asText()));

        fake.editShow(ids.get(3), "Council meeting 3 (rescheduled)", null, null);
        CablecastShowSyncJob.Pull second = showSync.pull();
        assertThat(second.read()).isEqualTo(1);
        assertThat(mirror.find(ids.get(3)).orElseThrow().title()).isEqualTo("Council meeting 3 (rescheduled)");
        ApiFake.Request search = fake.last("POST", ".*/shows/search/advanced");
        assertThat(search.json().toString()).contains("\"field\":\"lastModified\"", "\"operator\":\"greaterThan\"",
                first.watermark().toString());

        assertThat(showSync.pull().read()).isZero();
        assertThat(showSync.run()).startsWith("0 shows pulled");

        // remote-only shows are visible without becoming episodes
        JsonNode listed = getJson("/api/cablecast/shows?linked=false&limit=500").get("items");
        List<Long> listedIds = new ArrayList<>();
        listed.forEach(s -> listedIds.add(s.get("cablecastId").asLong()));
        assertThat(listedIds).containsAll(ids);
        assertThat(listed.get(0).get("origin").asText()).isEqualTo("cablecast");
    }

    @Test
    void metadataSyncsBothWaysAndTheLaterWriterWinsAConflict() throws Exception {
        long row = publish("twoway").get(0);
        CablecastPublications.Row pub = store.find(row).orElseThrow();
        long episode = pub.episodeId();
        long show = pub.showId();
        metadataSync.run();
        int puts = fake.requests("PUT", "/cablecastapi/v1/shows/" + show).size();

        // castwire edits through its API: pushed to Cablecast, the footer kept
        org.springframework.http.ResponseEntity<String> patched = admin().exchange("/api/episodes/" + episode,
                org.springframework.http.HttpMethod.PATCH, new org.springframework.http.HttpEntity<>(Map.of(
                        "title", "Budget hearing", "description", "What the council decided.", "category", "News")),
                String.class);
        assertThat(patched.getStatusCode().is2xxSuccessful()).as(patched.getBody()).isTrue();
        assertThat(metadataSync.run()).startsWith("1 pushed, 0 pulled, 0 conflicts");
        ObjectNode remote = fake.show(show).orElseThrow();
        assertThat(remote.get("title").asText()).isEqualTo("Budget hearing");
        assertThat(remote.get("category").asLong()).isEqualTo(1L);
        assertThat(remote.get("comments").asText()).startsWith("What the council decided.\n\n-- castwire --\n")
                .contains("castwire-key: castwire:");

        // Cablecast edits: taken into the episode
        fake.editShow(show, null, remote.get("comments").asText().replace("What the council decided.",
                "The council's decisions, item by item."), 2L);
        assertThat(metadataSync.run()).startsWith("0 pushed, 1 pulled, 0 conflicts");
        Map<String, Object> local = episodeRow(episode);
        assertThat(local.get("description")).isEqualTo("The council's decisions, item by item.");
        assertThat(local.get("category")).isEqualTo("Government");
        assertThat(local.get("title")).isEqualTo("Budget hearing");

        // both change the title; Cablecast's change is the later one
        editEpisode(episode, "Budget hearing (castwire)", null, null, Instant.now().minusSeconds(30));
        fake.editShow(show, "Budget hearing (station)", null, null);
        assertThat(metadataSync.run()).startsWith("0 pushed, 1 pulled, 1 conflicts");
        assertThat(episodeRow(episode).get("title")).isEqualTo("Budget hearing (station)");
        assertThat(fake.show(show).orElseThrow().get("title").asText()).isEqualTo("Budget hearing (station)");
        JsonNode conflict = getJson("/api/cablecast/conflicts?show=" + show).get("items").get(0);
        assertThat(conflict.get("field").asText()).isEqualTo("title");
        assertThat(conflict.get("castwireValue").asText()).isEqualTo("Budget hearing (castwire)");
        assertThat(conflict.get("cablecastValue").asText()).isEqualTo("Budget hearing (station)");
        assertThat(conflict.get("winner").asText()).isEqualTo("cablecast");

        // both change it again; castwire's change is the later one
        fake.editShow(show, "Budget hearing, part 2 (station)", null, null);
        editEpisode(episode, "Budget hearing, part 2", null, null, Instant.now().plusSeconds(5));
        assertThat(metadataSync.run()).startsWith("1 pushed, 0 pulled, 1 conflicts");
        assertThat(fake.show(show).orElseThrow().get("title").asText()).isEqualTo("Budget hearing, part 2");
        assertThat(mirror.conflicts(show, 10, 0).get(0).winner()).isEqualTo("castwire");
        assertThat(events(episode, "cablecast-conflict")).hasSize(2);

        // nothing changed: nothing sent, nothing written
        int putsNow = fake.requests("PUT", "/cablecastapi/v1/shows/" + show).size();
        Object updatedAt = episodeRow(episode).get("updated_at");
        assertThat(metadataSync.run()).startsWith("0 pushed, 0 pulled, 0 conflicts");
        assertThat(fake.requests("PUT", "/cablecastapi/v1/shows/" + show)).hasSize(putsNow);
        assertThat(putsNow - puts).isEqualTo(2);
        assertThat(episodeRow(episode).get("updated_at")).isEqualTo(updatedAt);
        assertThat(mirror.conflicts(show, 10, 0)).hasSize(2);
    }

    @Test
    void aShowCablecastRefusesDoesNotStopTheOthersAndTheRunSaysSo() throws Exception {
        List<Long> rows = publish("locked", "open");
        CablecastPublications.Row locked = store.find(rows.get(0)).orElseThrow();
        CablecastPublications.Row open = store.find(rows.get(1)).orElseThrow();
        metadataSync.run();
        Instant edited = Instant.now().plusSeconds(5);
        editEpisode(locked.episodeId(), "Locked, renamed", null, null, edited);
        editEpisode(open.episodeId(), "Open, renamed", null, null, edited);
        fake.refuseUpdatesOf(locked.showId(), 422);
        try {
            io.castwire.sync.SyncRuns.Run run = camel.createProducerTemplate().requestBody("direct:sync-cablecast-vods",
                    null, io.castwire.sync.SyncRuns.Run.class);
            assertThat(run.outcome()).isEqualTo("FAILED");
            assertThat(run.summary()).contains("1 pushed").contains("1 failed (show " + locked.showId() + ": ")
                    .contains("422");
            assertThat(fake.show(open.showId()).orElseThrow().get("title").asText()).isEqualTo("Open, renamed");
            assertThat(fake.show(locked.showId()).orElseThrow().get("title").asText()).isNotEqualTo("Locked, renamed");
        } finally {
            fake.refuseUpdatesOf(locked.showId(), null);
        }
        // the next run takes it, and only it
        assertThat(metadataSync.run()).startsWith("1 pushed, 0 pulled, 0 conflicts");
        assertThat(fake.show(locked.showId()).orElseThrow().get("title").asText()).isEqualTo("Locked, renamed");
    }

    @Test
    void refusalsNameTheCredentialsAndRateLimitsCarryRetryAfter() {
        fake.failNext(1, 401, Map.of("Content-Type", "application/json"),
                "{\"message\":\"Authorization has been denied for this request.\"}");
        assertThatThrownBy(showSync::run).isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("check the credentials").hasMessageContaining("TEST_CABLECAST_PASSWORD")
                .hasMessageNotContaining(FakeCablecast.PASSWORD);
        fake.rateLimitNext(1, 7);
        assertThatThrownBy(showSync::run).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e).isNotInstanceOf(PermanentDeliveryException.class);
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        });
    }

    @Test
    void theJobsRunOnTheirRoutesAndOnDemand() throws Exception {
        List<String> jobs = new ArrayList<>();
        getJson("/api/sync").forEach(j -> jobs.add(j.toString()));
        assertThat(String.join(" ", jobs)).contains("cablecast-shows", "cablecast-vods", "cablecast-readiness");
        for (String job : List.of("cablecast-shows", "cablecast-vods", "cablecast-readiness")) {
            int before = getJson("/api/sync/" + job + "/runs").size();
            assertThat(admin().postForEntity("/api/sync/" + job + "/run", null, String.class).getStatusCode().value())
                    .isEqualTo(202);
            // a run is listed from its start (RUNNING); wait for it to finish
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                JsonNode runs = getJson("/api/sync/" + job + "/runs");
                return runs.size() > before && !runs.get(0).get("outcome").asText().equals("RUNNING");
            });
        }
        assertThat(getJson("/api/sync/cablecast-shows/runs").get(0).get("summary").asText()).matches(
                "\\d+ shows pulled, \\d+ changed, watermark .*");
        assertThat(getJson("/api/sync/cablecast-vods/runs").get(0).get("summary").asText()).matches(
                "\\d+ pushed, \\d+ pulled, \\d+ conflicts");
        assertThat(getJson("/api/sync/cablecast-readiness/runs").get(0).get("summary").asText()).matches(
                "\\d+ ready, \\d+ still processing, \\d+ failed");
    }

    private void editEpisode(long id, String title, String description, String category, Instant at) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("id", id);
        p.put("t", title);
        p.put("d", description);
        p.put("c", category);
        p.put("at", EpisodeRepository.tsOf(at));
        jdbc.update("UPDATE episodes SET title = COALESCE(:t, title), description = COALESCE(:d, description), "
                + "category = COALESCE(:c, category), metadata_updated_at = :at WHERE id = :id", p);
    }

    private Map<String, Object> episodeRow(long id) {
        return jdbc.queryForMap("SELECT title, description, category, metadata_updated_at, updated_at FROM episodes "
                + "WHERE id = :id", Map.of("id", id));
    }
}
