package io.castwire.processing;

import io.castwire.common.CastwireProperties;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.EpisodeState;
import io.castwire.operations.budget.BudgetBlocks;
import io.castwire.operations.budget.BudgetExceededException;
import io.castwire.operations.deadletter.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Processes one episode: claims it (only one worker in the cluster wins), runs every
 * {@link ProcessingStep} in order, and moves it to PROCESSED. A failing step schedules a retry
 * with exponential backoff; after {@code castwire.processing.max-attempts} the episode is FAILED
 * with the cause in its state detail. A step the budget guard refuses
 * ({@link BudgetExceededException}) blocks the episode (BLOCKED_BUDGET) instead: no retry, no dead letter.
 */
@Component
public class EpisodeProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(EpisodeProcessor.class);
    private static final java.util.concurrent.ScheduledExecutorService HEARTBEAT =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "castwire-lease-heartbeat");
                t.setDaemon(true);
                return t;
            });

    private final EpisodeRepository episodes;
    private final EpisodeOutbox outbox;
    private final List<ProcessingStep> steps;
    private final CastwireProperties properties;
    private final MeterRegistry meters;
    private final DeadLetters deadLetters;

    private final BudgetBlocks blocks;

    /** Without alerts for budget blocks (tests that wire the loop by hand): the episode is still blocked. */
    public EpisodeProcessor(EpisodeRepository episodes, EpisodeOutbox outbox, List<ProcessingStep> steps,
                            CastwireProperties properties, MeterRegistry meters, DeadLetters deadLetters) {
        this(episodes, outbox, steps, properties, meters, deadLetters,
                new BudgetBlocks(episodes, event -> { }, meters, null, java.time.Clock.systemUTC()));
    }

    @org.springframework.beans.factory.annotation.Autowired
    public EpisodeProcessor(EpisodeRepository episodes, EpisodeOutbox outbox, List<ProcessingStep> steps,
                            CastwireProperties properties, MeterRegistry meters, DeadLetters deadLetters,
                            BudgetBlocks blocks) {
        this.blocks = blocks;
        this.episodes = episodes;
        this.outbox = outbox;
        this.steps = steps.stream().sorted(Comparator.comparingInt(ProcessingStep::order)).toList();
        this.properties = properties;
        this.meters = meters;
        this.deadLetters = deadLetters;
    }

    /**
     * Processes the episode if it is due and no other worker has it. Called by route
     * {@code processing-episode-run}.
     *
     * @return true when this call processed it
     */
    public boolean process(long id) {
        MDC.put("episodeId", Long.toString(id));
        try {
            if (!episodes.claim(id, properties.getInstanceId(), properties.getProcessing().getLease())) {
                return false;
            }
            Episode episode = episodes.findById(id).orElseThrow();
            int max = properties.getProcessing().getMaxAttempts();
            if (episode.attempts() > max) {
                // each earlier attempt ended with its worker gone (a crash loop): stop trying
                episodes.transition(id, List.of(EpisodeState.PROCESSING), EpisodeState.FAILED, "failed",
                        "gave up after " + (episode.attempts() - 1) + " attempts whose worker stopped before finishing");
                meters.counter("castwire.processing.episodes", "result", "failed").increment();
                return false;
            }
            StringBuilder summary = new StringBuilder();
            Duration lease = properties.getProcessing().getLease();
            for (ProcessingStep step : steps) {
                episodes.renewLease(id, properties.getInstanceId(), lease);
                // a long step (cutting many video clips) keeps the lease alive while it runs
                long every = Math.max(1000, lease.toMillis() / 3);
                java.util.concurrent.ScheduledFuture<?> beat = HEARTBEAT.scheduleAtFixedRate(
                        () -> episodes.renewLease(id, properties.getInstanceId(), lease), every, every,
                        java.util.concurrent.TimeUnit.MILLISECONDS);
                try {
                    String line = step.run(episode);
                    summary.append(summary.length() == 0 ? "" : "; ").append(step.name()).append(": ").append(line);
                } catch (Exception e) {
                    fail(episode, step, e);
                    return false;
                } finally {
                    beat.cancel(false);
                }
            }
            episodes.transition(id, List.of(EpisodeState.PROCESSING), EpisodeState.PROCESSED, "processed", summary.toString());
            meters.counter("castwire.processing.episodes", "result", "processed").increment();
            return true;
        } finally {
            outbox.done(id);
            MDC.remove("episodeId");
        }
    }

    private void fail(Episode episode, ProcessingStep step, Exception e) {
        BudgetExceededException refused = budgetRefusal(e);
        if (refused != null) {
            // not a failure: the step must not run until the show's budget (or tier) allows it
            if (blocks.block(episode, step.name(), refused)) {
                meters.counter("castwire.processing.episodes", "result", "blocked").increment();
            }
            return;
        }
        String cause = step.name() + " failed: " + e.getMessage();
        int attempts = episode.attempts();
        if (attempts >= properties.getProcessing().getMaxAttempts()) {
            episodes.transition(episode.id(), List.of(EpisodeState.PROCESSING), EpisodeState.FAILED, "failed",
                    cause + " (after " + attempts + " attempts)");
            deadLetters.recordFailure(ProcessingRoutes.RUN, null, episode.id(), cause, attempts);
            meters.counter("castwire.processing.episodes", "result", "failed").increment();
            LOG.error("Episode {} failed in step {} after {} attempts", episode.id(), step.name(), attempts, e);
        } else {
            Duration delay = properties.getProcessing().getRetryBackoff().multipliedBy(1L << Math.min(attempts - 1, 10));
            if (e instanceof io.castwire.processing.transcript.TranscriptionException t && t.retryAfter().isPresent()
                    && t.retryAfter().get().compareTo(delay) > 0) {
                // the service said when to come back
                delay = t.retryAfter().get();
            }
            episodes.scheduleRetry(episode.id(), delay, cause + "; attempt " + attempts + ", next in " + delay.toSeconds() + " s");
            meters.counter("castwire.processing.episodes", "result", "retried").increment();
            LOG.warn("Episode {} step {} failed (attempt {}), retrying in {}", episode.id(), step.name(), attempts, delay, e);
        }
    }

    private static BudgetExceededException budgetRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BudgetExceededException b) {
                return b;
            }
        }
        return null;
    }
}
