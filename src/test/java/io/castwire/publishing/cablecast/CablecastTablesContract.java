package io.castwire.publishing.cablecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The Cablecast tables (V7) and their repositories, on each database castwire runs on. */
abstract class CablecastTablesContract {

    protected abstract DataSource dataSource();

    private final Instant t0 = Instant.parse("2026-11-21T10:00:00.123Z");

    private NamedParameterJdbcTemplate jdbc() {
        return new NamedParameterJdbcTemplate(dataSource());
    }

    private java.time.Clock clock() {
        return java.time.Clock.fixed(t0, java.time.ZoneOffset.UTC);
    }

    @Test
    void aPublicationRowRecordsEveryStepAndTheVodsReadiness() {
        CablecastPublications store = new CablecastPublications(jdbc(), clock());
        long pub = System.nanoTime() % 1_000_000_000L;
        CablecastPublications.Row fresh = store.open(pub, 7);
        assertThat(fresh.showId()).isNull();
        assertThat(fresh.uploadDone()).isFalse();
        assertThat(store.open(pub, 7)).isEqualTo(fresh);
        store.showCreated(pub, 501);
        store.uploadCreated(pub, 601, "ep.mp3", 1000, 64);
        store.segmentsDone(pub, 3);
        store.uploadFinished(pub);
        store.vodAttached(pub, 701, 601, "transcoding", null);
        assertThat(store.vodsNotReady(10)).extracting(CablecastPublications.Row::publicationId).contains(pub);
        assertThat(store.latestWithVod(501).orElseThrow().vodId()).isEqualTo(701L);
        assertThat(store.episodeOfShow(501)).contains(7L);
        store.completed(pub);
        store.vodState(pub, "ready", "https://vod/701", true, null);
        CablecastPublications.Row row = store.find(pub).orElseThrow();
        assertThat(row.showId()).isEqualTo(501L);
        assertThat(row.uploadId()).isEqualTo(601L);
        assertThat(row.segmentsDone()).isEqualTo(3);
        assertThat(row.uploadDone()).isTrue();
        assertThat(row.vodUploadId()).isEqualTo(601L);
        assertThat(row.vodUrl()).isEqualTo("https://vod/701");
        assertThat(row.vodReadyAt()).isEqualTo(t0);
        assertThat(row.completedAt()).isEqualTo(t0);
        assertThat(store.vodsNotReady(10)).extracting(CablecastPublications.Row::publicationId).doesNotContain(pub);
        for (String given : java.util.List.of("transcoding", "failed", "processing", "timeout", "gone")) {
            store.vodState(pub, given, null, false, null);
            assertThat(store.vodsNotReady(10).stream().anyMatch(r -> r.publicationId() == pub)).as(given)
                    .isEqualTo(given.equals("transcoding") || given.equals("processing"));
        }
    }

    @Test
    void theMirrorKeepsShowsWatermarksAndConflicts() {
        CablecastMirror mirror = new CablecastMirror(jdbc(), clock());
        long id = System.nanoTime() % 1_000_000_000L;
        Instant modified = t0.minus(1, ChronoUnit.HOURS);
        CablecastShows.Show show = new CablecastShows.Show(id, "Council", "Agenda\n\n-- castwire --\ncastwire-key: k:1",
                "News", "2026-11-20T18:00:00Z", modified);
        assertThat(mirror.pulled(show, null)).isTrue();
        assertThat(mirror.pulled(show, null)).isFalse();
        assertThat(mirror.page(false, 500, 0)).extracting(CablecastMirror.Mirrored::cablecastId).contains(id);
        mirror.agreed(show, 9, t0);
        CablecastMirror.Mirrored m = mirror.find(id).orElseThrow();
        assertThat(m.episodeId()).isEqualTo(9L);
        assertThat(m.key()).isEqualTo("k:1");
        assertThat(m.description()).isEqualTo("Agenda");
        assertThat(m.baseTitle()).isEqualTo("Council");
        assertThat(m.baseRemoteModified()).isEqualTo(modified);
        assertThat(m.baseLocalModified()).isEqualTo(t0);
        assertThat(mirror.linked()).extracting(CablecastMirror.Mirrored::cablecastId).contains(id);
        assertThat(mirror.page(true, 1, 0)).hasSize(1);

        String job = "test-" + id;
        assertThat(mirror.watermark(job)).isEmpty();
        mirror.watermark(job, modified);
        mirror.watermark(job, t0);
        assertThat(mirror.watermark(job)).contains(t0);

        mirror.conflict(id, 9, "title", "Ours", "Theirs", t0, modified, "castwire");
        assertThat(mirror.conflicts(id, 10, 0)).singleElement().satisfies(c -> {
            assertThat(c.castwireValue()).isEqualTo("Ours");
            assertThat(c.cablecastValue()).isEqualTo("Theirs");
            assertThat(c.winner()).isEqualTo("castwire");
            assertThat(c.cablecastChangedAt()).isEqualTo(modified);
        });
        assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM cablecast_conflicts WHERE cablecast_id = :id",
                Map.of("id", id), Integer.class)).isEqualTo(1);
    }

}
