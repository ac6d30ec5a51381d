package io.castwire.operations.queue;

import io.castwire.episode.EpisodeDetails;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The {@code jobControl} section of GET /api/episodes/{id}: priority, and who cancelled it and when. */
@Component
public class JobControlDetails implements EpisodeDetails {

    private final QueueRepository queue;

    public JobControlDetails(QueueRepository queue) {
        this.queue = queue;
    }

    @Override
    public String key() {
        return "jobControl";
    }

    @Override
    public Object of(long episodeId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("priority", queue.priorityOf(episodeId).label());
        queue.cancellation(episodeId).ifPresent(m::putAll);
        return m;
    }
}
