package io.castwire.publishing.cablecast;

import io.castwire.publishing.delivery.DestinationSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code castwire.publish.cablecast.*}: a Tightrope Cablecast server's API
 * ({@code <base-url>/cablecastapi/v1}) with HTTP Basic auth; the password is read from the
 * environment variable named by {@code password-env}.
 */
@Component
@Validated
@ConfigurationProperties("castwire.publish.cablecast")
public class CablecastProperties extends DestinationSettings {

    /** The server's address, without {@code /cablecastapi}. */
    @io.castwire.common.HttpUrl(optional = true)
    private String baseUrl = "";
    /** The API user (HTTP Basic). */
    private String user = "";
    /** Environment variable holding the API user's password. */
    private String passwordEnv = "CASTWIRE_CABLECAST_PASSWORD";
    /** Cablecast location id new shows belong to (0: the server's default, not sent). */
    @jakarta.validation.constraints.Min(0)
    private long location = 0;
    /** Cablecast project id new shows are filed under (0: none). */
    @jakarta.validation.constraints.Min(0)
    private long project = 0;
    /** Size of each segment of the chunked file upload. */
    @io.castwire.common.Amount
    private DataSize chunkSize = DataSize.ofMegabytes(8);
    /** How often the upload's state is asked for after it was marked complete. */
    @io.castwire.common.Amount
    private Duration uploadPollInterval = Duration.ofSeconds(2);
    /** Longest wait for an upload to reach {@code finished}; then the attempt is retried later (it resumes). */
    @io.castwire.common.Amount
    private Duration uploadProcessingTimeout = Duration.ofMinutes(10);
    /** Whether the episode's SCC captions are uploaded and attached to the VOD (stations that mux 608 captions). */
    private boolean sccCaptions = false;
    /** Longest time a VOD may stay in a processing state before the readiness poll gives up on it. */
    @io.castwire.common.Amount
    private Duration vodReadyTimeout = Duration.ofHours(2);
    /** Page size of the show sync's paged search. */
    @jakarta.validation.constraints.Min(1)
    private int pageSize = 100;
    /** Link to a published show; {@code {base}} is base-url, {@code {id}} the show id. */
    private String showUrl = "{base}/CablecastPublicSite/show/{id}";

    @Override
    protected void declareEnabled(Requirements r) {
        requireSetting(r, "baseUrl", baseUrl);
        requireSetting(r, "user", user);
        requireCredential(r, "passwordEnv", passwordEnv);
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPasswordEnv() {
        return passwordEnv;
    }

    public void setPasswordEnv(String passwordEnv) {
        this.passwordEnv = passwordEnv;
    }

    public long getLocation() {
        return location;
    }

    public void setLocation(long location) {
        this.location = location;
    }

    public long getProject() {
        return project;
    }

    public void setProject(long project) {
        this.project = project;
    }

    public DataSize getChunkSize() {
        return chunkSize;
    }

    public void setChunkSize(DataSize chunkSize) {
        this.chunkSize = chunkSize;
    }

    public Duration getUploadPollInterval() {
        return uploadPollInterval;
    }

    public void setUploadPollInterval(Duration uploadPollInterval) {
        this.uploadPollInterval = uploadPollInterval;
    }

    public Duration getUploadProcessingTimeout() {
        return uploadProcessingTimeout;
    }

    public void setUploadProcessingTimeout(Duration uploadProcessingTimeout) {
        this.uploadProcessingTimeout = uploadProcessingTimeout;
    }

    public boolean isSccCaptions() {
        return sccCaptions;
    }

    public void setSccCaptions(boolean sccCaptions) {
        this.sccCaptions = sccCaptions;
    }

    public Duration getVodReadyTimeout() {
        return vodReadyTimeout;
    }

    public void setVodReadyTimeout(Duration vodReadyTimeout) {
        this.vodReadyTimeout = vodReadyTimeout;
    }

    public int getPageSize() {
        return pageSize;
    }

    public void setPageSize(int pageSize) {
        this.pageSize = pageSize;
    }

    public String getShowUrl() {
        return showUrl;
    }

    public void setShowUrl(String showUrl) {
        this.showUrl = showUrl;
    }
}
