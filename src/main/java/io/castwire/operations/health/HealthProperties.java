package io.castwire.operations.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/** {@code castwire.health.*}: how the integration checks behind {@code /actuator/health} reach out. */
@Component
@ConfigurationProperties("castwire.health")
public class HealthProperties {

    /** How long the result of a check that calls out (a destination, S3, Kafka) is reused, so health calls do not hammer APIs. */
    private Duration cacheFor = Duration.ofSeconds(30);
    /** Longest one such call may take before it counts as unreachable. */
    private Duration timeout = Duration.ofSeconds(3);
    /** Quota use (percent) from which the storage check reports a warning. */
    private int quotaWarnPercent = 90;

    public Duration getCacheFor() { return cacheFor; }
    public void setCacheFor(Duration v) { this.cacheFor = v; }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration v) { this.timeout = v; }
    public int getQuotaWarnPercent() { return quotaWarnPercent; }
    public void setQuotaWarnPercent(int v) { this.quotaWarnPercent = v; }
}
