package io.castwire.publishing.social;

import io.castwire.publishing.delivery.DestinationSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/**
 * {@code castwire.publish.facebook.*}: a Facebook Page through the Graph API. The Page access
 * token (pages_manage_posts, pages_read_engagement, publish_video for clips) is read from the
 * environment variable named by {@code token-env}.
 */
@Component
@Validated
@ConfigurationProperties("castwire.publish.facebook")
public class FacebookProperties extends DestinationSettings {

    /** Graph API host; tests point it at a fake. */
    @io.castwire.common.HttpUrl
    private String baseUrl = "https://graph.facebook.com";
    /** Host for video uploads, which Meta documents on its own host. */
    @io.castwire.common.HttpUrl
    private String videoBaseUrl = "https://graph-video.facebook.com";
    /** Graph API version in every path; Meta retires a version about two years after its release. */
    @jakarta.validation.constraints.Pattern(regexp = "v\\d+\\.\\d+", message = "must be a Graph API version such as v24.0")
    private String graphVersion = "v24.0";
    /** The Page's id. */
    private String pageId = "";
    /** Environment variable holding the Page access token. */
    private String tokenEnv = "CASTWIRE_FACEBOOK_PAGE_TOKEN";
    /** Whether a clip's video is uploaded to the Page's videos instead of posting a link. */
    private boolean uploadVideo = true;
    /** Wait after a rate limit that does not say how long it lasts (Meta's platform limits roll over an hour). */
    @io.castwire.common.Amount
    private Duration rateLimitWait = Duration.ofMinutes(15);
    /** How many of the Page's latest posts (or videos) findExisting reads (1 to 100). */
    @jakarta.validation.constraints.Min(1)
    @jakarta.validation.constraints.Max(100)
    private int findLimit = 50;

    @Override
    protected void declareEnabled(Requirements r) {
        requireSetting(r, "pageId", pageId);
        requireCredential(r, "tokenEnv", tokenEnv);
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getVideoBaseUrl() {
        return videoBaseUrl;
    }

    public void setVideoBaseUrl(String videoBaseUrl) {
        this.videoBaseUrl = videoBaseUrl;
    }

    public String getGraphVersion() {
        return graphVersion;
    }

    public void setGraphVersion(String graphVersion) {
        this.graphVersion = graphVersion;
    }

    public String getPageId() {
        return pageId;
    }

    public void setPageId(String pageId) {
        this.pageId = pageId;
    }

    public String getTokenEnv() {
        return tokenEnv;
    }

    public void setTokenEnv(String tokenEnv) {
        this.tokenEnv = tokenEnv;
    }

    public boolean isUploadVideo() {
        return uploadVideo;
    }

    public void setUploadVideo(boolean uploadVideo) {
        this.uploadVideo = uploadVideo;
    }

    public Duration getRateLimitWait() {
        return rateLimitWait;
    }

    public void setRateLimitWait(Duration rateLimitWait) {
        this.rateLimitWait = rateLimitWait;
    }

    public int getFindLimit() {
        return findLimit;
    }

    public void setFindLimit(int findLimit) {
        this.findLimit = findLimit;
    }
}
