package io.castwire.publishing.youtube;

import io.castwire.common.NotFoundException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API of the YouTube destination (admin authentication, like every {@code /api} path):
 * replace a channel's refresh token, see today's quota, and an episode's imported analytics.
 */
@RestController
@RequestMapping("/api/youtube")
public class YoutubeResource {

    /** The body of a token replacement. */
    public record TokenBody(String refreshToken) {
    }

    private final YoutubeProperties props;
    private final YoutubeAuth auth;
    private final YoutubeQuota quota;
    private final YoutubeAnalyticsJob analytics;

    public YoutubeResource(YoutubeProperties props, YoutubeAuth auth, YoutubeQuota quota, YoutubeAnalyticsJob analytics) {
        this.props = props;
        this.auth = auth;
        this.quota = quota;
        this.analytics = analytics;
    }

    /** Stores a new refresh token (encrypted), un-parks the channel and makes its waiting uploads due now. */
    @PutMapping("/channels/{channel}/token")
    public Map<String, Object> token(@PathVariable String channel, @RequestBody(required = false) TokenBody body) {
        if (!props.getChannel().equals(channel)) {
            throw new NotFoundException("no YouTube channel '" + channel + "' is configured (castwire.publish.youtube.channel="
                    + props.getChannel() + ")");
        }
        String token = body == null ? null : body.refreshToken();
        if (token == null || token.isBlank() || token.length() > 4096 || token.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("refreshToken must be a non-empty token of at most 4096 characters");
        }
        int due;
        try {
            due = auth.storeRefreshToken(channel, token.strip());
        } catch (IllegalStateException noKey) {
            // the encryption key variable is unset or not 256 bits: nothing was stored
            throw new io.castwire.common.ConflictException(noKey.getMessage());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", channel);
        m.put("parked", false);
        m.put("uploadsDueNow", due);
        return m;
    }

    /** Today's quota (Pacific day): units and calls per method, the limit, what is left and the reset time. */
    @GetMapping("/quota")
    public Map<String, Object> quota() {
        Map<String, Object> m = new LinkedHashMap<>();
        long used = quota.used();
        m.put("day", quota.today().toString());
        m.put("timeZone", YoutubeQuota.PACIFIC.getId());
        m.put("limit", props.getDailyLimit());
        m.put("used", used);
        m.put("remaining", Math.max(0, props.getDailyLimit() - used));
        m.put("resetsAt", quota.nextReset().toString());
        m.put("methods", quota.usage());
        m.put("costs", props.getCosts());
        auth.parked(props.getChannel()).ifPresent(p -> m.put("parked", Map.of("since", p.since().toString(),
                "reason", p.reason())));
        return m;
    }

    /** The imported numbers of an episode's videos (episode and clips), per day and in total. */
    @GetMapping("/videos/{episodeId}/analytics")
    public Map<String, Object> analytics(@PathVariable long episodeId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("episodeId", episodeId);
        m.put("videos", analytics.ofEpisode(episodeId));
        return m;
    }
}
