package io.castwire.publishing.social;

import io.castwire.publishing.delivery.DestinationSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code castwire.publish.x.*}: X API v2 (posts and chunked media upload). The OAuth 2.0 user
 * access token (scopes tweet.write, tweet.read, users.read, media.write) is read from the
 * environment variable named by {@code token-env}.
 */
@Component
@Validated
@ConfigurationProperties("castwire.publish.x")
public class XProperties extends DestinationSettings {

    /** API host; tests point it at a fake. */
    @io.castwire.common.HttpUrl
    private String baseUrl = "https://api.x.com";
    /** Environment variable holding the OAuth 2.0 user-context bearer token. */
    private String tokenEnv = "CASTWIRE_X_BEARER_TOKEN";
    /** Whether a clip's video is uploaded and attached to its post (episodes always post a link). */
    private boolean uploadVideo = true;
    /** Size of each APPEND of the chunked upload; X accepts at most 5 MB per chunk. */
    @io.castwire.common.Amount
    private DataSize chunkSize = DataSize.ofMegabytes(4);
    /** The media_category of uploaded videos. */
    private String mediaCategory = "tweet_video";
    /** Longest wait for X to finish processing an uploaded video before the attempt is retried later. */
    @io.castwire.common.Amount
    private Duration mediaProcessingTimeout = Duration.ofMinutes(3);

    @Override
    protected void declareEnabled(Requirements r) {
        requireCredential(r, "tokenEnv", tokenEnv);
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
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

    public DataSize getChunkSize() {
        return chunkSize;
    }

    public void setChunkSize(DataSize chunkSize) {
        this.chunkSize = chunkSize;
    }

    public String getMediaCategory() {
        return mediaCategory;
    }

    public void setMediaCategory(String mediaCategory) {
        this.mediaCategory = mediaCategory;
    }

    public Duration getMediaProcessingTimeout() {
        return mediaProcessingTimeout;
    }

    public void setMediaProcessingTimeout(Duration mediaProcessingTimeout) {
        this.mediaProcessingTimeout = mediaProcessingTimeout;
    }
}
