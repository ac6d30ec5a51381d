package io.castwire.publishing.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.sync.ScheduledJob;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code youtube-analytics}: imports views, estimated minutes watched and likes of every published
 * YouTube video from the YouTube Analytics API ({@code GET /v2/reports}, {@code dimensions=video},
 * batched by {@code analytics-batch-size} videos), one report per day of the last
 * {@code analytics-lookback-days} Pacific days, and upserts one row per video and day, so a rerun
 * (or a day YouTube revises) overwrites instead of adding.
 */
@Component
public class YoutubeAnalyticsJob implements ScheduledJob {

    private static final Logger LOG = LoggerFactory.getLogger(YoutubeAnalyticsJob.class);

    private record Video(long episodeId, long clipId, String videoId) {
    }

    private final YoutubeProperties props;
    private final YoutubeAuth auth;
    private final YoutubeQuota quota;
    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final YoutubeHttp http;

    public YoutubeAnalyticsJob(YoutubeProperties props, YoutubeAuth auth, YoutubeQuota quota,
                               NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.props = props;
        this.auth = auth;
        this.quota = quota;
        this.jdbc = jdbc;
        this.clock = clock;
        this.http = new YoutubeHttp(props, clock);
    }

    @Override
    public String name() {
        return "youtube-analytics";
    }

    @Override
    public String defaultCron() {
        return "0 15 3 * * ?";
    }

    /** One import of the last days' numbers for every published video. */
    @Override
    public String run() throws Exception {
        if (!props.isEnabled()) {
            return "skipped: youtube is off";
        }
        String channel = props.getChannel();
        if (auth.parked(channel).isPresent()) {
            return "skipped: channel " + channel + " is parked";
        }
        List<Video> videos = jdbc.query("SELECT episode_id, clip_id, remote_id FROM publications WHERE destination = 'youtube' "
                + "AND state = 'PUBLISHED' AND remote_id IS NOT NULL ORDER BY id", Map.of(),
                (rs, n) -> new Video(rs.getLong("episode_id"), rs.getLong("clip_id"), rs.getString("remote_id")));
        Map<String, Video> byId = new LinkedHashMap<>();
        videos.forEach(v -> byId.putIfAbsent(v.videoId(), v));
        if (byId.isEmpty()) {
            return "skipped: no published YouTube videos";
        }
        LocalDate today = quota.today();
        List<String> ids = new ArrayList<>(byId.keySet());
        int batch = Math.max(1, props.getAnalyticsBatchSize());
        int rows = 0;
        int reports = 0;
        for (int days = Math.max(1, props.getAnalyticsLookbackDays()); days >= 1; days--) {
            LocalDate day = today.minusDays(days);
            for (int from = 0; from < ids.size(); from += batch) {
                List<String> part = ids.subList(from, Math.min(ids.size(), from + batch));
                rows += store(day, report(channel, day, part), byId);
                reports++;
            }
        }
        String summary = byId.size() + " videos, " + reports + " reports, " + rows + " rows stored for "
                + today.minusDays(Math.max(1, props.getAnalyticsLookbackDays())) + ".." + today.minusDays(1);
        LOG.info("youtube-analytics: {}", summary);
        return summary;
    }

    private JsonNode report(String channel, LocalDate day, List<String> videoIds) throws DeliveryException {
        String query = "/v2/reports?ids=channel%3D%3DMINE&metrics=views,estimatedMinutesWatched,likes&dimensions=video"
                + "&filters=" + URLEncoder.encode("video==" + String.join(",", videoIds), StandardCharsets.UTF_8)
                + "&startDate=" + day + "&endDate=" + day;
        URI uri = YoutubeHttp.uri(props.getAnalyticsUrl(), query);
        String token = auth.accessToken(channel);
        quota.record("analytics.reports");
        YoutubeHttp.Answer a = http.send(get(uri, token), "analytics report");
        if (a.status() == 401) {
            token = auth.refresh(channel, token);
            a = http.send(get(uri, token), "analytics report");
        }
        if (!a.ok()) {
            throw http.failure("analytics report", a, quota);
        }
        return a.json();
    }

    private HttpRequest get(URI uri, String token) {
        return http.request(uri).header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
    }

    /** Upserts the report's rows; columns are found by name in columnHeaders. */
    private int store(LocalDate day, JsonNode report, Map<String, Video> byId) {
        Map<String, Integer> col = new LinkedHashMap<>();
        JsonNode headers = report.path("columnHeaders");
        for (int i = 0; i < headers.size(); i++) {
            col.put(headers.get(i).path("name").asText(), i);
        }
        if (!col.containsKey("video")) {
            return 0;
        }
        int n = 0;
        for (JsonNode r : report.path("rows")) {
            Video v = byId.get(r.path(col.get("video")).asText());
            if (v == null) {
                continue;
            }
            MapSqlParameterSource p = new MapSqlParameterSource().addValue("v", v.videoId()).addValue("d", day.toString())
                    .addValue("e", v.episodeId()).addValue("c", v.clipId())
                    .addValue("views", number(r, col.get("views")))
                    .addValue("minutes", number(r, col.get("estimatedMinutesWatched")))
                    .addValue("likes", number(r, col.get("likes")))
                    .addValue("now", EpisodeRepository.tsOf(clock.instant().truncatedTo(ChronoUnit.MICROS)));
            int updated = jdbc.update("UPDATE youtube_video_stats SET views = :views, minutes_watched = :minutes, "
                    + "likes = :likes, episode_id = :e, clip_id = :c, imported_at = :now WHERE video_id = :v AND stat_day = :d", p);
            if (updated == 0) {
                try {
                    jdbc.update("INSERT INTO youtube_video_stats (video_id, stat_day, episode_id, clip_id, views, "
                            + "minutes_watched, likes, imported_at) VALUES (:v, :d, :e, :c, :views, :minutes, :likes, :now)", p);
                } catch (org.springframework.dao.DuplicateKeyException raced) {
                    jdbc.update("UPDATE youtube_video_stats SET views = :views, minutes_watched = :minutes, likes = :likes, "
                            + "imported_at = :now WHERE video_id = :v AND stat_day = :d", p);
                }
            }
            n++;
        }
        return n;
    }

    private static long number(JsonNode row, Integer index) {
        return index == null ? 0 : Math.round(row.path(index).asDouble(0));
    }

    /** The stored numbers of an episode's videos: per video, its days and totals. */
    public List<Map<String, Object>> ofEpisode(long episodeId) {
        Map<String, Map<String, Object>> videos = new LinkedHashMap<>();
        jdbc.query("SELECT video_id, clip_id, stat_day, views, minutes_watched, likes FROM youtube_video_stats "
                + "WHERE episode_id = :e ORDER BY clip_id, video_id, stat_day", Map.of("e", episodeId), rs -> {
                    Map<String, Object> v = videos.computeIfAbsent(rs.getString("video_id"), id -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("videoId", id);
                        m.put("views", 0L);
                        m.put("estimatedMinutesWatched", 0L);
                        m.put("likes", 0L);
                        m.put("days", new ArrayList<Map<String, Object>>());
                        return m;
                    });
                    try {
                        v.put("clipId", rs.getLong("clip_id"));
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("day", rs.getString("stat_day"));
                    d.put("views", rs.getLong("views"));
                    d.put("estimatedMinutesWatched", rs.getLong("minutes_watched"));
                    d.put("likes", rs.getLong("likes"));
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> days = (List<Map<String, Object>>) v.get("days");
                    days.add(d);
                    v.put("views", (Long) v.get("views") + rs.getLong("views"));
                    v.put("estimatedMinutesWatched", (Long) v.get("estimatedMinutesWatched") + rs.getLong("minutes_watched"));
                    v.put("likes", (Long) v.get("likes") + rs.getLong("likes"));
                });
        return new ArrayList<>(videos.values());
    }
}
