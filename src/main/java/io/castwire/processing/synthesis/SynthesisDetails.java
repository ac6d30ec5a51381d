package io.castwire.processing.synthesis;

import io.castwire.episode.EpisodeDetails;
import org.springframework.stereotype.Component;

/** Adds {@code synthesis} (intro, outro, teasers, stitched file; provider or reason) to the episode's JSON. */
@Component
class SynthesisDetails implements EpisodeDetails {

    private final SynthesisRepository repository;

    SynthesisDetails(SynthesisRepository repository) {
        this.repository = repository;
    }

    @Override
    public String key() {
        return "synthesis";
    }

    @Override
    public Object of(long episodeId) {
        return repository.details(episodeId);
    }
}
