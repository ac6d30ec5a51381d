package io.castwire.operations.budget;

import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.EpisodeState;
import io.castwire.publishing.delivery.HubEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What happens when the budget stops work, and when it lets it go on again. A blocked episode goes
 * PROCESSING → BLOCKED_BUDGET (not a failure, no retry, no dead letter); a blocked publication
 * waits in its ledger row; both raise a {@code system.alert}. Raising the budget
 * ({@link #resume}) sends the show's blocked episodes back to RECEIVED and makes its blocked
 * publications due now.
 */
@Component
public class BudgetBlocks {

    /** How the last_error of a publication the budget holds back starts. */
    public static final String PUBLICATION_MARKER = "BLOCKED_BUDGET: ";

    private static final Logger LOG = LoggerFactory.getLogger(BudgetBlocks.class);

    private final EpisodeRepository episodes;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;
    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public BudgetBlocks(EpisodeRepository episodes, ApplicationEventPublisher events, MeterRegistry meters,
                        NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.episodes = episodes;
        this.events = events;
        this.meters = meters;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Moves a PROCESSING episode whose step the budget refused to BLOCKED_BUDGET, with the figures in
     * its state detail and timeline, and queues a {@code system.alert} in the same transaction.
     * Called by {@code EpisodeProcessor} when a step throws {@link BudgetExceededException}.
     *
     * @return false when the episode was no longer PROCESSING (another worker moved it)
     */
    @Transactional
    public boolean block(Episode episode, String step, BudgetExceededException refusal) {
        String detail = step + " blocked: " + refusal.getMessage();
        if (!episodes.transition(episode.id(), List.of(EpisodeState.PROCESSING), EpisodeState.BLOCKED_BUDGET,
                "blocked-budget", detail)) {
            return false;
        }
        Map<String, Object> data = figures(refusal);
        data.put("kind", refusal instanceof TierLimitException ? "tier-limit" : "budget-exceeded");
        data.put("episodeId", episode.id());
        data.put("step", step);
        data.put("detail", detail);
        events.publishEvent(new HubEvent("system.alert", episode.id(),
                "budget:episode:" + episode.id() + ":" + clock.millis(), data));
        meters.counter("castwire.budget.blocked", "show", episode.showSlug(), "kind", "episode").increment();
        LOG.warn("Episode {} of show {} is BLOCKED_BUDGET: {}", episode.id(), episode.showSlug(), detail);
        return true;
    }

    /**
     * Records that the budget held a publication back (its ledger row waits, see
     * {@link #PUBLICATION_MARKER}): a {@code system.alert} and the metric.
     */
    public void publicationBlocked(long episodeId, long publicationId, String destination, BudgetExceededException refusal) {
        Map<String, Object> data = figures(refusal);
        data.put("kind", "budget-exceeded");
        data.put("episodeId", episodeId);
        data.put("publicationId", publicationId);
        data.put("destination", destination);
        data.put("detail", refusal.getMessage());
        try {
            events.publishEvent(new HubEvent("system.alert", episodeId,
                    "budget:publication:" + publicationId + ":" + clock.millis(), data));
        } catch (RuntimeException e) {
            // the publication still waits; only the alert is lost, and the log says so
            LOG.warn("Could not queue the budget alert for publication {}: {}", publicationId, e.toString());
        }
        meters.counter("castwire.budget.blocked", "show", refusal.show(), "kind", "publication").increment();
        LOG.warn("Publication {} ({}) of episode {} waits for budget: {}", publicationId, destination, episodeId,
                refusal.getMessage());
    }

    /** When a publication the budget held back is tried again by itself: when the next UTC month begins. */
    public Instant nextMonth() {
        return YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).plusMonths(1).atDay(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Resumed work of one show. */
    public record Resumed(List<Long> episodes, int publications) {
    }

    /**
     * Sends the show's BLOCKED_BUDGET episodes back to RECEIVED (fresh attempts, due now) and makes
     * its publications held back by the budget due now. Each is checked against the budget again
     * when it runs.
     */
    @Transactional
    public Resumed resume(long showId, List<Long> blocked, String who) {
        List<Long> resumed = blocked.stream().filter(id -> episodes.resumeBlocked(id, "budget changed by " + who)).toList();
        int publications = jdbc.update("UPDATE publications SET next_attempt_at = :now, updated_at = :now "
                + "WHERE state = 'PENDING' AND last_error LIKE :marker AND episode_id IN "
                + "(SELECT id FROM episodes WHERE show_id = :show)", Map.of("now", EpisodeRepository.tsOf(clock.instant()),
                "marker", PUBLICATION_MARKER + "%", "show", showId));
        if (!resumed.isEmpty() || publications > 0) {
            LOG.info("Budget of show {} changed by {}: resumed episodes {} and {} publication(s)", showId, who, resumed,
                    publications);
        }
        return new Resumed(resumed, publications);
    }

    private static Map<String, Object> figures(BudgetExceededException refusal) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("show", refusal.show());
        if (refusal.use() != null) {
            data.put("item", refusal.use().item());
            data.put("provider", refusal.use().provider());
            data.put("quantity", refusal.use().quantity());
            data.put("cost", refusal.cost());
            data.put("remaining", refusal.remaining());
            data.put("monthlyBudget", refusal.monthlyBudget());
            data.put("currency", refusal.currency());
        }
        return data;
    }
}
