package io.castwire.processing;

import io.castwire.episode.Episode;
import org.springframework.stereotype.Component;

/**
 * Records whether the episode has a transcript; clip scoring and captions build on it. An
 * episode without one is still processed, and its timeline says so.
 */
@Component
public class TranscriptCheckStep implements ProcessingStep {

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
        if (episode.transcriptSegments() == 0) {
            return "no transcript: none arrived within castwire.ingest.transcript-wait";
        }
        return episode.transcriptSegments() + " transcript segments (" + episode.transcriptFormat() + ")";
    }
}
