package io.castwire.operations.deadletter;

import io.castwire.common.ConflictException;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.EpisodeState;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Replays dead letters of episodes: a failed processing run starts again with fresh attempts; a
 * failed podcast-feed publication goes back to PROCESSED and is published again.
 */
@Component
public class EpisodeReplayer implements Replayer {

    private final EpisodeRepository episodes;

    public EpisodeReplayer(EpisodeRepository episodes) {
        this.episodes = episodes;
    }

    @Override
    public boolean handles(String destination) {
        return destination.equals("processing") || destination.equals("rss");
    }

    @Override
    public String replay(DeadLetter letter) {
        if (letter.episodeId() == null) {
            throw new ConflictException("dead letter " + letter.id() + " does not name its episode");
        }
        long id = letter.episodeId();
        if (letter.destination() == null) {
            if (!episodes.retry(id, "dead-letter replay " + letter.id())) {
                throw new ConflictException("episode " + id + " is not FAILED; nothing to replay");
            }
            return "episode " + id + " is processed again";
        }
        if (!episodes.transition(id, List.of(EpisodeState.FAILED), EpisodeState.PROCESSED, "replay",
                "dead letter " + letter.id() + " replayed: publishing to the feed again")) {
            throw new ConflictException("episode " + id + " is not FAILED; nothing to replay");
        }
        return "episode " + id + " is published to the feed again";
    }
}
