package io.castwire.ingest.download;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code castwire.ingest.download.*}: how media named by URL (an inbound webhook's payload, an
 * imported feed's enclosure) are fetched. The size limit is {@code castwire.ingest.max-file-size},
 * the same as for the watched folder.
 */
@Validated
@ConfigurationProperties(prefix = "castwire.ingest.download")
public class DownloadProperties {

    /** Host names the SSRF guard lets through whatever they resolve to (exact, case-insensitive). */
    @NotNull
    private List<String> allowHosts = new ArrayList<>();
    /** Address ranges (CIDR) the SSRF guard lets through, e.g. a media server on the local network. */
    @NotNull
    private List<String> allowNetworks = new ArrayList<>();
    /** How long a connection may take to open. */
    @NotNull
    @io.castwire.common.Amount
    private Duration connectTimeout = Duration.ofSeconds(10);
    /** How long one download may take from the request to the last byte. */
    @NotNull
    @io.castwire.common.Amount
    private Duration timeout = Duration.ofMinutes(30);
    /** Redirects followed (podcast hosts commonly redirect through measurement prefixes). */
    @Min(0)
    @Max(20)
    private int maxRedirects = 5;
    /** The User-Agent sent with every download. */
    @NotNull
    private String userAgent = "castwire-ingest/1";

    public List<String> getAllowHosts() { return allowHosts; }
    public void setAllowHosts(List<String> v) { this.allowHosts = v; }
    public List<String> getAllowNetworks() { return allowNetworks; }
    public void setAllowNetworks(List<String> v) { this.allowNetworks = v; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration v) { this.connectTimeout = v; }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration v) { this.timeout = v; }
    public int getMaxRedirects() { return maxRedirects; }
    public void setMaxRedirects(int v) { this.maxRedirects = v; }
    public String getUserAgent() { return userAgent; }
    public void setUserAgent(String v) { this.userAgent = v; }
}
