package io.castwire.publishing.youtube;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.episode.EpisodeRepository;
import io.castwire.publishing.delivery.HubEvent;
import io.castwire.publishing.delivery.PublishItem;
import io.castwire.publishing.delivery.Secrets;
import io.castwire.support.TestMedia;
import io.castwire.support.fakes.FakeYoutube;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

/** The YouTube beans wired by hand against a fake and a database, for tests without Spring. */
final class YoutubeTestBeans {

    static final String KEY = Base64.getEncoder().encodeToString(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});

    final YoutubeProperties props = new YoutubeProperties();
    final MockEnvironment env = new MockEnvironment();
    final List<HubEvent> events = new CopyOnWriteArrayList<>();
    final NamedParameterJdbcTemplate jdbc;
    final HubPaths paths;
    final Clock clock;
    YoutubeAuth auth;
    YoutubeQuota quota;
    YoutubeUploads uploads;
    YoutubeDestination destination;
    /** Every upload is affordable here; the budget's own tests block them. */
    io.castwire.operations.budget.Budget budget = new io.castwire.operations.budget.Budget() {
        @Override
        public void authorize(long episodeId, io.castwire.operations.budget.PaidUse use) {
        }

        @Override
        public void record(long episodeId, io.castwire.operations.budget.PaidUse use) {
        }
    };

    YoutubeTestBeans(FakeYoutube fake, DataSource ds, Path home, Clock clock) {
        this.jdbc = new NamedParameterJdbcTemplate(ds);
        this.clock = clock;
        CastwireProperties cp = new CastwireProperties();
        cp.setHome(home);
        this.paths = new HubPaths(cp);
        props.setEnabled(true);
        props.setTokenUrl(fake.tokenUrl());
        props.setBaseUrl(fake.baseUrl());
        props.setAnalyticsUrl(fake.baseUrl());
        props.setChunkSize(DataSize.ofKilobytes(256));
        props.setConnectTimeout(Duration.ofSeconds(2));
        props.setRequestTimeout(Duration.ofSeconds(20));
        props.setAudiogramWidth(160);
        props.setAudiogramHeight(90);
        props.setShortsWidth(90);
        props.setShortsHeight(160);
        props.setAudiogramFps(5);
        env.setProperty(props.getClientIdEnv(), FakeYoutube.CLIENT_ID);
        env.setProperty(props.getClientSecretEnv(), FakeYoutube.CLIENT_SECRET);
        env.setProperty(props.getRefreshTokenEnv(), FakeYoutube.REFRESH_TOKEN);
        env.setProperty(props.getTokenKeyEnv(), KEY);
        restart();
    }

    /** New bean instances over the same database: what a restarted process has (no access token in memory). */
    void restart() {
        auth = new YoutubeAuth(props, new Secrets(env), jdbc, e -> events.add((HubEvent) e), clock);
        quota = new YoutubeQuota(jdbc, props, clock);
        uploads = new YoutubeUploads(jdbc, clock);
        EpisodeRepository episodes = new EpisodeRepository(jdbc, clock);
        destination = new YoutubeDestination(props, auth, quota, uploads, new Audiogram(TestMedia.ffmpeg()),
                episodes, paths, clock, budget, new io.castwire.operations.budget.BudgetBlocks(episodes,
                        e -> events.add((HubEvent) e), new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                        jdbc, clock));
    }

    /** An item: an episode ({@code clipId} 0) or a clip, with its media, captions and cover. */
    static PublishItem item(long publicationId, long clipId, String title, Path media, String mediaType,
                            List<PublishItem.Attachment> captions, Path cover) {
        String key = "castwire:yt-show:ep-" + publicationId + (clipId != 0 ? ":clip-youtube-shorts-1" : "");
        String url = "http://hub.test/media/yt-show/ep-" + publicationId + (clipId != 0 ? "-clip" : "") + ".mp3";
        return new PublishItem(publicationId, 1_000_000 + publicationId, clipId, key, "yt-show", "The YT Show", title,
                "What this episode is about.", url, "http://hub.test/shows/yt-show/feed.xml", media, mediaType, 41_000,
                cover, captions, null, null, List.of(), null, null);
    }
}
