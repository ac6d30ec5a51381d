package io.castwire.operations.budget;

import io.castwire.episode.Episode;
import io.castwire.processing.ProcessingStep;
import io.castwire.publishing.delivery.PublicationPlanner;
import java.io.IOException;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Processing step {@code tier-limits}, before anything is paid for: an episode longer than its
 * show's tier allows, or one that would fan out to more destinations than the tier allows (the
 * podcast feed not counted), is blocked (BLOCKED_BUDGET with the reason) instead of processed. A
 * higher tier ({@code PUT /api/shows/{slug}/budget}) resumes it. HD is checked by estimates only.
 */
@Component
public class TierCheckStep implements ProcessingStep {

    private final SpendLedger ledger;
    private final Tiers tiers;
    private final PublicationPlanner planner;

    public TierCheckStep(SpendLedger ledger, Tiers tiers, PublicationPlanner planner) {
        this.ledger = ledger;
        this.tiers = tiers;
        this.planner = planner;
    }

    @Override
    public String name() {
        return "tier-limits";
    }

    @Override
    public int order() {
        return 1;
    }

    /**
     * Checks the episode against its show's tier.
     *
     * @throws TierLimitException when it goes beyond the tier
     */
    @Override
    public String run(Episode episode) throws IOException {
        String tier = ledger.show(episode.showSlug()).map(SpendLedger.ShowRow::tier).orElse(null);
        String name = tier != null ? tier : tiers.defaultTier();
        TierProperties.Limits limits = tiers.limits(name);
        Long ms = episode.media() == null ? null : episode.media().durationMs();
        if (ms != null && ms > limits.getMaxEpisodeMinutes() * 60_000L) {
            throw new TierLimitException(episode.showSlug(), String.format(java.util.Locale.ROOT,
                    "the episode is %.1f minutes; tier %s of show %s processes at most %d; choose a higher tier with "
                            + "PUT /api/shows/%s/budget", ms / 60_000.0, name, episode.showSlug(),
                    limits.getMaxEpisodeMinutes(), episode.showSlug()));
        }
        List<String> fanOut;
        try {
            fanOut = planner.destinationsFor(episode);
        } catch (IOException | IllegalArgumentException e) {
            // an unreadable show.json is the publication's to report (a clear dead letter naming the field),
            // not a reason to hold the episode's processing back
            return "tier " + name + ": within " + limits.getMaxEpisodeMinutes() + " minutes; destinations not counted ("
                    + e.getMessage() + ")";
        }
        if (fanOut.size() > limits.getMaxDestinations()) {
            throw new TierLimitException(episode.showSlug(), "the episode would go to " + fanOut.size() + " destinations "
                    + fanOut + "; tier " + name + " of show " + episode.showSlug() + " allows "
                    + limits.getMaxDestinations() + " besides the feed; choose a higher tier with PUT /api/shows/"
                    + episode.showSlug() + "/budget or fewer destinations");
        }
        return "tier " + name + ": within " + limits.getMaxEpisodeMinutes() + " minutes and " + limits.getMaxDestinations()
                + " destinations";
    }
}
