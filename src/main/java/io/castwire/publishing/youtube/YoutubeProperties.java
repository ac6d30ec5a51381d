package io.castwire.publishing.youtube;

import io.castwire.publishing.delivery.DestinationSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;
import io.castwire.common.Amount;
import io.castwire.common.HttpUrl;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * {@code castwire.publish.youtube.*}: YouTube Data API v3 uploads (resumable), captions and
 * thumbnails, the YouTube Analytics import, OAuth 2.0 with a refresh token stored encrypted, and the
 * daily quota. Credentials are names of environment variables, never the secrets.
 */
@Component
@Validated
@ConfigurationProperties("castwire.publish.youtube")
public class YoutubeProperties extends DestinationSettings {

    /** Google's quota table (units per call). */
    static Map<String, Long> defaultCosts() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("videos.insert", 1600L);
        m.put("videos.update", 50L);
        m.put("videos.list", 1L);
        m.put("captions.insert", 400L);
        m.put("thumbnails.set", 50L);
        m.put("channels.list", 1L);
        // a separate API with its own quota: listed for the record, not charged
        m.put("analytics.reports", 0L);
        return m;
    }

    public YoutubeProperties() {
        setTemplate("{description}\n\n{url}");
    }

    /** OAuth 2.0 token endpoint (refresh-token grant). */
    @HttpUrl
    private String tokenUrl = "https://oauth2.googleapis.com/token";
    /** YouTube Data API host: {@code /youtube/v3/...} and {@code /upload/youtube/v3/...}. */
    @HttpUrl
    private String baseUrl = "https://www.googleapis.com";
    /** YouTube Analytics API host ({@code /v2/reports}). */
    @HttpUrl
    private String analyticsUrl = "https://youtubeanalytics.googleapis.com";
    /** Name castwire gives the channel it uploads to (the key of its stored refresh token). */
    @jakarta.validation.constraints.NotBlank
    private String channel = "default";
    /** Environment variable with the OAuth client id. */
    private String clientIdEnv = "CASTWIRE_YOUTUBE_CLIENT_ID";
    /** Environment variable with the OAuth client secret. */
    private String clientSecretEnv = "CASTWIRE_YOUTUBE_CLIENT_SECRET";
    /** Environment variable with the first refresh token (stored encrypted on first use). */
    private String refreshTokenEnv = "CASTWIRE_YOUTUBE_REFRESH_TOKEN";
    /** Environment variable with the base64 AES-256 key that encrypts stored refresh tokens. */
    private String tokenKeyEnv = "CASTWIRE_YOUTUBE_TOKEN_KEY";
    /** Access tokens are refreshed this long before they expire. */
    @Amount(zero = true)
    private Duration tokenRefreshMargin = Duration.ofMinutes(2);
    /** How long a parked channel's uploads wait before they are looked at again (a new token un-parks them at once). */
    @Amount
    private Duration parkWait = Duration.ofDays(7);
    /** Resumable upload chunk; rounded down to a multiple of 256 KiB. */
    @Amount
    private DataSize chunkSize = DataSize.ofMegabytes(8);
    /** Interruptions resumed within one attempt before the attempt gives up (the next one resumes the same session). */
    @Min(0)
    private int maxResumes = 5;
    /** {@code status.privacyStatus} of new videos: public, unlisted or private. */
    @Pattern(regexp = "public|unlisted|private", message = "must be public, unlisted or private")
    private String privacyStatus = "public";
    /** {@code snippet.categoryId} (22: People & Blogs). */
    private String categoryId = "22";
    /** {@code snippet.tags} of new videos. */
    private List<String> tags = new ArrayList<>();
    /** {@code status.selfDeclaredMadeForKids}. */
    private boolean madeForKids = false;
    /** Language of the captions track (BCP-47). */
    private String captionLanguage = "en";
    /** Name of the captions track (empty: the English name of the language, e.g. English). */
    private String captionName = "";
    /** Upload the episode's SRT or VTT captions as a captions track. */
    private boolean uploadCaptions = true;
    /** Set the show cover as the video's custom thumbnail. */
    private boolean setThumbnail = true;
    /** Audiogram size of an episode (landscape). */
    @Min(16)
    private int audiogramWidth = 1280;
    @Min(16)
    private int audiogramHeight = 720;
    /** Audiogram size of a clip uploaded as a Short (vertical). */
    @Min(16)
    private int shortsWidth = 1080;
    @Min(16)
    private int shortsHeight = 1920;
    /** Frames per second of audiograms. */
    @Min(1)
    @Max(60)
    private int audiogramFps = 25;
    /** Daily quota units of the Google Cloud project; the window resets at midnight America/Los_Angeles. */
    @Min(1)
    private long dailyLimit = 10_000;
    /** Units per call, by method (Google's quota table); override single entries. */
    private Map<String, Long> costs = defaultCosts();
    /** Days (before today, Pacific) the analytics import fetches on each run; YouTube's numbers settle over 2-3 days. */
    @Min(0)
    private int analyticsLookbackDays = 3;
    /** Videos per analytics report request. */
    @Min(1)
    @Max(500)
    private int analyticsBatchSize = 50;

    @Override
    protected void declareEnabled(Requirements r) {
        requireCredential(r, "clientIdEnv", clientIdEnv);
        requireCredential(r, "clientSecretEnv", clientSecretEnv);
        requireCredential(r, "tokenKeyEnv", tokenKeyEnv);
    }

    /** The units one call of {@code method} costs (0 for a method not in the table). */
    public long cost(String method) {
        Long c = costs.get(method);
        return c != null ? c : defaultCosts().getOrDefault(method, 0L);
    }

    public String getTokenUrl() {
        return tokenUrl;
    }

    public void setTokenUrl(String tokenUrl) {
        this.tokenUrl = tokenUrl;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getAnalyticsUrl() {
        return analyticsUrl;
    }

    public void setAnalyticsUrl(String analyticsUrl) {
        this.analyticsUrl = analyticsUrl;
    }

    public String getChannel() {
        return channel;
    }

    public void setChannel(String channel) {
        this.channel = channel;
    }

    public String getClientIdEnv() {
        return clientIdEnv;
    }

    public void setClientIdEnv(String clientIdEnv) {
        this.clientIdEnv = clientIdEnv;
    }

    public String getClientSecretEnv() {
        return clientSecretEnv;
    }

    public void setClientSecretEnv(String clientSecretEnv) {
        this.clientSecretEnv = clientSecretEnv;
    }

    public String getRefreshTokenEnv() {
        return refreshTokenEnv;
    }

    public void setRefreshTokenEnv(String refreshTokenEnv) {
        this.refreshTokenEnv = refreshTokenEnv;
    }

    public String getTokenKeyEnv() {
        return tokenKeyEnv;
    }

    public void setTokenKeyEnv(String tokenKeyEnv) {
        this.tokenKeyEnv = tokenKeyEnv;
    }

    public Duration getTokenRefreshMargin() {
        return tokenRefreshMargin;
    }

    public void setTokenRefreshMargin(Duration tokenRefreshMargin) {
        this.tokenRefreshMargin = tokenRefreshMargin;
    }

    public Duration getParkWait() {
        return parkWait;
    }

    public void setParkWait(Duration parkWait) {
        this.parkWait = parkWait;
    }

    public DataSize getChunkSize() {
        return chunkSize;
    }

    public void setChunkSize(DataSize chunkSize) {
        this.chunkSize = chunkSize;
    }

    public int getMaxResumes() {
        return maxResumes;
    }

    public void setMaxResumes(int maxResumes) {
        this.maxResumes = maxResumes;
    }

    public String getPrivacyStatus() {
        return privacyStatus;
    }

    public void setPrivacyStatus(String privacyStatus) {
        this.privacyStatus = privacyStatus;
    }

    public String getCategoryId() {
        return categoryId;
    }

    public void setCategoryId(String categoryId) {
        this.categoryId = categoryId;
    }

    public List<String> getTags() {
        return tags;
    }

    public void setTags(List<String> tags) {
        this.tags = tags;
    }

    public boolean isMadeForKids() {
        return madeForKids;
    }

    public void setMadeForKids(boolean madeForKids) {
        this.madeForKids = madeForKids;
    }

    public String getCaptionLanguage() {
        return captionLanguage;
    }

    public void setCaptionLanguage(String captionLanguage) {
        this.captionLanguage = captionLanguage;
    }

    public String getCaptionName() {
        return captionName;
    }

    public void setCaptionName(String captionName) {
        this.captionName = captionName;
    }

    public boolean isUploadCaptions() {
        return uploadCaptions;
    }

    public void setUploadCaptions(boolean uploadCaptions) {
        this.uploadCaptions = uploadCaptions;
    }

    public boolean isSetThumbnail() {
        return setThumbnail;
    }

    public void setSetThumbnail(boolean setThumbnail) {
        this.setThumbnail = setThumbnail;
    }

    public int getAudiogramWidth() {
        return audiogramWidth;
    }

    public void setAudiogramWidth(int audiogramWidth) {
        this.audiogramWidth = audiogramWidth;
    }

    public int getAudiogramHeight() {
        return audiogramHeight;
    }

    public void setAudiogramHeight(int audiogramHeight) {
        this.audiogramHeight = audiogramHeight;
    }

    public int getShortsWidth() {
        return shortsWidth;
    }

    public void setShortsWidth(int shortsWidth) {
        this.shortsWidth = shortsWidth;
    }

    public int getShortsHeight() {
        return shortsHeight;
    }

    public void setShortsHeight(int shortsHeight) {
        this.shortsHeight = shortsHeight;
    }

    public int getAudiogramFps() {
        return audiogramFps;
    }

    public void setAudiogramFps(int audiogramFps) {
        this.audiogramFps = audiogramFps;
    }

    public long getDailyLimit() {
        return dailyLimit;
    }

    public void setDailyLimit(long dailyLimit) {
        this.dailyLimit = dailyLimit;
    }

    public Map<String, Long> getCosts() {
        return costs;
    }

    public void setCosts(Map<String, Long> costs) {
        // single entries override the table
        Map<String, Long> m = defaultCosts();
        m.putAll(costs);
        this.costs = m;
    }

    public int getAnalyticsLookbackDays() {
        return analyticsLookbackDays;
    }

    public void setAnalyticsLookbackDays(int analyticsLookbackDays) {
        this.analyticsLookbackDays = analyticsLookbackDays;
    }

    public int getAnalyticsBatchSize() {
        return analyticsBatchSize;
    }

    public void setAnalyticsBatchSize(int analyticsBatchSize) {
        this.analyticsBatchSize = analyticsBatchSize;
    }
}
