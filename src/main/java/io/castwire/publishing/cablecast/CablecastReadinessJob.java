package io.castwire.publishing.cablecast;

import io.castwire.episode.EpisodeRepository;
import io.castwire.sync.ScheduledJob;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code cablecast-readiness}: Cablecast does not call back when a VOD is processed, so every VOD
 * castwire attached and that is not ready yet is read ({@code GET /vods/{id}}) on a schedule. A
 * {@code ready} VOD gets its URL and time recorded and a {@code cablecast-vod-ready} event on the
 * episode's timeline; a {@code failed} one, a deleted one, or one still processing after
 * {@code vod-ready-timeout} is given up with a {@code cablecast-vod-failed} event that says why.
 */
@Component
public class CablecastReadinessJob implements ScheduledJob {

    static final String NAME = "cablecast-readiness";
    private static final Logger LOG = LoggerFactory.getLogger(CablecastReadinessJob.class);
    private static final int BATCH = 500;

    private final CablecastProperties props;
    private final CablecastPublications store;
    private final CablecastVods vods;
    private final EpisodeRepository episodes;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;

    public CablecastReadinessJob(CablecastProperties props, CablecastPublications store, CablecastVods vods,
                                 EpisodeRepository episodes, Clock clock,
                                 org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.props = props;
        this.store = store;
        this.vods = vods;
        this.episodes = episodes;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultCron() {
        return "0 * * * * ?";
    }

    /** Reads every VOD that is not ready yet and records what it found. */
    @Override
    public String run() throws Exception {
        if (!props.isEnabled()) {
            return "skipped: cablecast is off";
        }
        int ready = 0;
        int waiting = 0;
        int failed = 0;
        for (CablecastPublications.Row row : store.vodsNotReady(BATCH)) {
            Optional<CablecastVods.Vod> vod = vods.get(row.vodId());
            Instant now = clock.instant();
            if (vod.isEmpty()) {
                fail(row, "gone", "VOD " + row.vodId() + " no longer exists at Cablecast");
                failed++;
            } else if ("ready".equalsIgnoreCase(vod.get().state())) {
                store.vodState(row.publicationId(), "ready", vod.get().url(), true, null);
                episodes.addEvent(row.episodeId(), "cablecast-vod-ready", "Cablecast VOD " + row.vodId() + " of show "
                        + row.showId() + " is ready" + (vod.get().url() != null ? ": " + vod.get().url() : ""));
                ready++;
            } else if ("failed".equalsIgnoreCase(vod.get().state()) || "error".equalsIgnoreCase(vod.get().state())) {
                fail(row, "failed", "Cablecast could not process VOD " + row.vodId()
                        + (vod.get().error() != null ? ": " + vod.get().error() : ""));
                failed++;
            } else if (row.vodCreatedAt() != null && now.isAfter(row.vodCreatedAt().plus(props.getVodReadyTimeout()))) {
                fail(row, "timeout", "Cablecast VOD " + row.vodId() + " is still '" + vod.get().state() + "' after "
                        + props.getVodReadyTimeout() + " (castwire.publish.cablecast.vod-ready-timeout); castwire stopped"
                        + " waiting for it: check the VOD at the station");
                failed++;
            } else {
                store.vodState(row.publicationId(), vod.get().state() == null ? "processing" : vod.get().state(), null,
                        false, null);
                waiting++;
            }
        }
        return ready + " ready, " + waiting + " still processing, " + failed + " failed";
    }

    /** Records the give-up on the publication and the timeline, and tells admins once (system.alert). */
    private void fail(CablecastPublications.Row row, String state, String error) {
        LOG.warn("cablecast: {}", error);
        store.vodState(row.publicationId(), state, null, false, error);
        episodes.addEvent(row.episodeId(), "cablecast-vod-failed", error);
        java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("kind", "cablecast-vod-failed");
        data.put("destination", CablecastApi.NAME);
        data.put("episodeId", row.episodeId());
        data.put("vodId", row.vodId());
        data.put("state", state);
        data.put("cause", error);
        events.publishEvent(new io.castwire.publishing.delivery.HubEvent("system.alert", row.episodeId(),
                "cablecast-vod-failed:" + row.vodId() + ":" + state, data));
    }
}
