package io.castwire.processing;

import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeRepository;
import org.springframework.stereotype.Component;

/**
 * Records whether the episode has a transcript; clip scoring and captions build on it. An
 * episode without one is still processed, and its timeline says so.
 */
@Component
public class TranscriptCheckStep implements ProcessingStep {

    private final EpisodeRepository episodes;

    public TranscriptCheckStep(EpisodeRepository episodes) {
        this.episodes = episodes;
    }

    @Override
    public String name() {
        return "transcript";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public String run(Episode episode) {
        // read again: the transcription step (order 5) may have stored segments after the episode was loaded
        Episode current = episodes.findById(episode.id()).orElse(episode);
        if (current.transcriptSegments() == 0) {
            return "no transcript: none arrived within castwire.ingest.transcript-wait";
        }
        return current.transcriptSegments() + " transcript segments (" + current.transcriptFormat() + ")";
    }
}
