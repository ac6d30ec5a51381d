package io.castwire.publishing.cablecast;

import io.castwire.sync.ScheduledJob;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * {@code cablecast-shows}: pulls the shows changed at Cablecast since the last run (all of them the
 * first time) into the {@code cablecast_shows} mirror, page by page, and links those castwire
 * published to their episode. Shows made at the station stay mirror rows only (listed by
 * {@code GET /api/cablecast/shows}); they never become episodes, which need media.
 * <p>
 * The watermark is the newest {@code lastModified} seen, kept in {@code cablecast_sync_state} and
 * moved only when a run read every page, so a run that stops half-way is repeated, not skipped.
 */
@Component
public class CablecastShowSyncJob implements ScheduledJob {

    static final String NAME = "cablecast-shows";

    /** What one pull did. */
    public record Pull(int read, int changed, Instant watermark) {
    }

    private final CablecastProperties props;
    private final CablecastShows shows;
    private final CablecastMirror mirror;
    private final CablecastPublications store;

    public CablecastShowSyncJob(CablecastProperties props, CablecastShows shows, CablecastMirror mirror,
                                CablecastPublications store) {
        this.props = props;
        this.shows = shows;
        this.mirror = mirror;
        this.store = store;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultCron() {
        return "0 */15 * * * ?";
    }

    @Override
    public String run() throws Exception {
        if (!props.isEnabled()) {
            return "skipped: cablecast is off";
        }
        Pull p = pull();
        return p.read() + " shows pulled, " + p.changed() + " changed, watermark " + p.watermark();
    }

    /**
     * Pulls every show changed since the watermark into the mirror and moves the watermark.
     * Synchronized: the show sync and the metadata sync both pull, and must not interleave.
     */
    public synchronized Pull pull() throws Exception {
        Optional<Instant> since = mirror.watermark(NAME);
        Map<Long, String> categories = shows.categories();
        Instant[] newest = {since.orElse(null)};
        int[] changed = {0};
        int read = shows.changedSince(since.orElse(null), categories, page -> {
            for (CablecastShows.Show s : page) {
                Long episode = store.episodeOfShow(s.id()).orElse(null);
                if (mirror.pulled(s, episode)) {
                    changed[0]++;
                }
                if (s.lastModified() != null && (newest[0] == null || s.lastModified().isAfter(newest[0]))) {
                    newest[0] = s.lastModified();
                }
            }
        });
        if (newest[0] != null) {
            mirror.watermark(NAME, newest[0]);
        }
        return new Pull(read, changed[0], newest[0]);
    }
}
