package io.castwire.processing.transcript;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.operations.budget.Budget;
import io.castwire.operations.budget.PaidUse;
import io.castwire.processing.ProcessingStep;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gives an episode that arrived without a transcript one from the configured transcription service,
 * before the transcript check, scoring and captions look for it.
 * <p>
 * Without a service, or when the service cannot transcribe this episode, the episode is still
 * processed and published, without clips or captions, and its timeline says why. A service that is
 * busy or down fails the step so the episode is retried with backoff; on the last attempt the
 * episode goes on without a transcript rather than failing as a whole.
 * <p>
 * The service is paid per minute of media ({@code transcription-minutes}, provider = the model): the
 * {@link Budget} authorizes it first, and a show without budget left is blocked (BLOCKED_BUDGET)
 * instead of transcribed. A sidecar transcript costs nothing.
 */
@Component
public class TranscriptionStep implements ProcessingStep {

    private static final Logger LOG = LoggerFactory.getLogger(TranscriptionStep.class);

    private final TranscriptionClient client;
    private final EpisodeRepository episodes;
    private final HubPaths paths;
    private final CastwireProperties hub;
    private final Budget budget;

    public TranscriptionStep(TranscriptionClient client, EpisodeRepository episodes, HubPaths paths,
                             CastwireProperties hub, Budget budget) {
        this.budget = budget;
        this.client = client;
        this.episodes = episodes;
        this.paths = paths;
        this.hub = hub;
    }

    @Override
    public String name() {
        return "transcription";
    }

    @Override
    public int order() {
        return 5;
    }

    /**
     * Transcribes the episode when it has no transcript segments yet.
     *
     * @return one line for the timeline: the transcript was there, was made, or why there is none
     * @throws TranscriptionException when the service is busy or unreachable and attempts are left
     */
    @Override
    public String run(Episode episode) throws TranscriptionException {
        long id = episode.id();
        int present = episodes.segments(id).size();
        if (present > 0) {
            return "transcript present (" + present + " segments)";
        }
        if (!client.enabled()) {
            return "no transcript and no transcription service configured (castwire.transcription.url): no clips or captions";
        }
        if (episode.media() != null && episode.media().audioCodec() == null) {
            return "no transcript: the media has no audio track to transcribe";
        }
        // priced per minute of media; a BudgetExceededException blocks the episode before anything is sent
        PaidUse use = new PaidUse(name(), "transcription-minutes", client.model(), minutes(episode));
        budget.authorize(id, use);
        Transcript transcript;
        try {
            transcript = client.transcribe(paths.resolve(episode.mediaPath()), keepLeaseEvery(),
                    () -> episodes.renewLease(id, hub.getInstanceId(), hub.getProcessing().getLease()));
        } catch (TranscriptionException e) {
            budget.release(id, use);
            if (e.permanent()) {
                episodes.addEvent(id, "transcription-failed", e.getMessage());
                LOG.warn("Episode {} is processed without a transcript: {}", id, e.getMessage());
                return "transcription failed: " + e.getMessage() + "; processed without clips";
            }
            if (episode.attempts() >= hub.getProcessing().getMaxAttempts()) {
                // one more throw would FAIL the whole episode over an optional extra
                String reason = e.getMessage() + " (attempt " + episode.attempts() + " of "
                        + hub.getProcessing().getMaxAttempts() + ")";
                episodes.addEvent(id, "transcription-failed", reason);
                LOG.warn("Episode {} is processed without a transcript: {}", id, reason);
                return "transcription failed: " + reason + "; processed without clips";
            }
            throw e;
        }
        // the service did the work (and bills it) whether or not its transcript is kept
        budget.record(id, use);
        // a producer's transcript may have landed while the service worked: the producer's wins
        int arrived = episodes.segments(id).size();
        if (arrived > 0) {
            episodes.addEvent(id, "transcription-discarded", "a transcript arrived during transcription; kept it");
            return "transcript present (" + arrived + " segments, arrived during transcription)";
        }
        int n = transcript.segments().size();
        episodes.replaceSegments(id, TranscriptFormat.WHISPER_JSON.name(), transcript.segments());
        String warnings = transcript.warnings().isEmpty() ? "" : "; " + String.join("; ", transcript.warnings());
        episodes.addEvent(id, "transcribed", n + " segments by " + client.service() + warnings);
        return "transcribed: " + n + " segments by " + client.service();
    }

    /** The media's length in minutes (0 when the probe could not tell). */
    private static double minutes(Episode episode) {
        Long ms = episode.media() == null ? null : episode.media().durationMs();
        return ms == null ? 0 : ms / 60_000.0;
    }

    /** Often enough that the lease never runs out while the service works. */
    private Duration keepLeaseEvery() {
        return hub.getProcessing().getLease().dividedBy(3);
    }
}
