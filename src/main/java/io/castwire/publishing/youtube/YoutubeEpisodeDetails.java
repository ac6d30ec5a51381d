package io.castwire.publishing.youtube;

import io.castwire.episode.EpisodeDetails;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The {@code youtube} section of {@code GET /api/episodes/{id}}: the imported totals of each of the
 * episode's videos (the episode, its Shorts) and where the numbers per day are. Absent until the
 * analytics import has stored something for the episode.
 */
@Component
public class YoutubeEpisodeDetails implements EpisodeDetails {

    private final YoutubeAnalyticsJob analytics;

    public YoutubeEpisodeDetails(YoutubeAnalyticsJob analytics) {
        this.analytics = analytics;
    }

    @Override
    public String key() {
        return "youtube";
    }

    @Override
    public Object of(long episodeId) {
        List<Map<String, Object>> videos = analytics.ofEpisode(episodeId);
        if (videos.isEmpty()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("videos", videos.stream().map(v -> {
            Map<String, Object> total = new LinkedHashMap<>(v);
            total.remove("days");
            return total;
        }).toList());
        m.put("perDay", "/api/youtube/videos/" + episodeId + "/analytics");
        return m;
    }
}
