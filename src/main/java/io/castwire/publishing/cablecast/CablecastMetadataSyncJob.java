package io.castwire.publishing.cablecast;

import io.castwire.episode.EpisodeRepository;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import io.castwire.sync.ScheduledJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code cablecast-vods}: the two-way metadata sync of the shows (and so the VODs) castwire
 * published. It pulls the changed shows first (as {@code cablecast-shows} does), then compares, per
 * field (title, description, category), castwire's episode, Cablecast's show and the values both
 * agreed on at the last sync:
 * <ul>
 * <li>changed in castwire only: pushed ({@code PUT /shows/{id}}, the comments' castwire footer kept);</li>
 * <li>changed in Cablecast only: taken into the episode ({@code metadata_updated_at} set);</li>
 * <li>changed on both sides to different values: the later change wins (the episode's
 *     {@code metadata_updated_at} against the show's {@code lastModified}) and a row in
 *     {@code cablecast_conflicts} keeps both values (also on the episode's timeline).</li>
 * </ul>
 * A run with nothing changed on either side sends nothing and writes nothing. A category castwire
 * has that Cablecast does not know is not synced (Cablecast refers to categories by id).
 */
@Component
public class CablecastMetadataSyncJob implements ScheduledJob {

    static final String NAME = "cablecast-vods";
    private static final Logger LOG = LoggerFactory.getLogger(CablecastMetadataSyncJob.class);

    private final CablecastProperties props;
    private final CablecastShowSyncJob showSync;
    private final CablecastShows shows;
    private final CablecastMirror mirror;
    private final EpisodeMetadata metadata;
    private final EpisodeRepository episodes;

    public CablecastMetadataSyncJob(CablecastProperties props, CablecastShowSyncJob showSync, CablecastShows shows,
                                    CablecastMirror mirror, EpisodeMetadata metadata, EpisodeRepository episodes) {
        this.props = props;
        this.showSync = showSync;
        this.shows = shows;
        this.mirror = mirror;
        this.metadata = metadata;
        this.episodes = episodes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultCron() {
        return "0 */5 * * * ?";
    }

    /** Pulls changed shows, then reconciles every show castwire published. */
    @Override
    public synchronized String run() throws Exception {
        if (!props.isEnabled()) {
            return "skipped: cablecast is off";
        }
        showSync.pull();
        Map<Long, String> categories = shows.categories();
        int pushed = 0;
        int pulled = 0;
        int conflicts = 0;
        int failed = 0;
        String firstFailure = null;
        for (CablecastMirror.Mirrored m : mirror.linked()) {
            try {
                int[] c = reconcile(m, categories);
                pushed += c[0];
                pulled += c[1];
                conflicts += c[2];
            } catch (PermanentDeliveryException refused) {
                if (refused.status() == 401 || refused.status() == 403) {
                    throw refused; // the credentials: every show would fail the same way
                }
                // this show's own problem (locked, invalid at Cablecast): the others still sync
                LOG.warn("cablecast: show {} of episode {} was not synced: {}", m.cablecastId(), m.episodeId(),
                        refused.getMessage());
                failed++;
                firstFailure = firstFailure != null ? firstFailure : "show " + m.cablecastId() + ": " + refused.getMessage();
            }
        }
        String summary = pushed + " pushed, " + pulled + " pulled, " + conflicts + " conflicts";
        if (failed > 0) {
            // recorded as a FAILED run (one alert when it starts failing); the next run tries those shows again
            throw new IllegalStateException(summary + ", " + failed + " failed (" + firstFailure + ")");
        }
        return summary;
    }

    /**
     * Reconciles one show castwire published; returns what it did: pushed, pulled and conflicts (0 or 1 each,
     * conflicts per field).
     */
    private int[] reconcile(CablecastMirror.Mirrored m, Map<Long, String> categories) throws DeliveryException {
        int[] counts = new int[3];
        Optional<EpisodeMetadata.Values> found = metadata.of(m.episodeId());
        if (found.isEmpty()) {
            return counts;
        }
        EpisodeMetadata.Values local = found.get();
        boolean categorySynced = local.category() == null
                || CablecastShows.categoryId(local.category(), categories).isPresent();
        boolean based = m.syncedAt() != null;
        // without a base (never agreed), castwire's values count as the base: Cablecast's differences come in
        String bTitle = based ? m.baseTitle() : local.title();
        String bDescription = based ? m.baseDescription() : local.description();
        String bCategory = based ? m.baseCategory() : local.category();
        List<String[]> lost = new ArrayList<>();
        boolean castwireNewer = m.lastModified() == null || (local.changedAt() != null
                && local.changedAt().isAfter(m.lastModified()));
        String title = merge("title", bTitle, local.title(), m.title(), castwireNewer, lost);
        String description = merge("description", bDescription, local.description(), m.description(),
                castwireNewer, lost);
        String category = categorySynced ? merge("category", bCategory, local.category(), m.category(),
                castwireNewer, lost) : m.category();
        String localCategory = categorySynced ? category : local.category();
        for (String[] c : lost) {
            mirror.conflict(m.cablecastId(), m.episodeId(), c[0], c[1], c[2], local.changedAt(), m.lastModified(),
                    castwireNewer ? "castwire" : "cablecast");
            episodes.addEvent(m.episodeId(), "cablecast-conflict", c[0] + " changed in castwire and in Cablecast "
                    + "show " + m.cablecastId() + "; the later change (" + (castwireNewer ? "castwire" : "cablecast")
                    + ") won");
            counts[2]++;
        }
        boolean toCastwire = !same(title, local.title()) || !same(description, local.description())
                || !same(localCategory, local.category());
        boolean toCablecast = !same(title, m.title()) || !same(description, m.description())
                || (categorySynced && !same(category, m.category()));
        if (!toCastwire && !toCablecast && based) {
            return counts;
        }
        Instant localChanged = local.changedAt();
        if (toCastwire) {
            localChanged = metadata.update(m.episodeId(), title, description, localCategory);
            episodes.addEvent(m.episodeId(), "cablecast-metadata-pulled", "title, description and category from "
                    + "Cablecast show " + m.cablecastId());
            counts[1]++;
        }
        Optional<CablecastShows.Show> remote = shows.get(m.cablecastId(), categories);
        if (remote.isEmpty()) {
            LOG.warn("cablecast: show {} of episode {} is gone; nothing to sync", m.cablecastId(), m.episodeId());
            return counts;
        }
        CablecastShows.Show show = remote.get();
        if (toCablecast) {
            show = shows.update(m.cablecastId(), new CablecastShows.Fields(title,
                    ShowComments.withDescription(show.comments(), description),
                    categorySynced ? category : null), categories);
            counts[0]++;
        }
        mirror.agreed(show, m.episodeId(), localChanged);
        return counts;
    }

    /** The field's value after the sync; a conflict (both changed, to different values) is added to {@code lost}. */
    private static String merge(String field, String base, String castwire, String cablecast, boolean castwireNewer,
                                List<String[]> lost) {
        boolean here = !same(castwire, base);
        boolean there = !same(cablecast, base);
        if (here && there && !same(castwire, cablecast)) {
            lost.add(new String[] {field, castwire, cablecast});
            return castwireNewer ? castwire : cablecast;
        }
        return here ? castwire : there ? cablecast : castwire;
    }

    private static boolean same(String a, String b) {
        return Objects.equals(a == null || a.isBlank() ? null : a.strip(), b == null || b.isBlank() ? null : b.strip());
    }
}
