package io.castwire.ingest.webhook;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code castwire.inbound.*}: which external systems may call {@code POST /webhooks/{source}}, with
 * the name of the variable holding each one's secret (never the secret), and how the accepted work
 * is retried.
 */
@Validated
@ConfigurationProperties(prefix = "castwire.inbound")
public class InboundProperties implements io.castwire.common.StartupRequirements {

    /** Each source's secret variable must be set: without it every call from that source would be refused. */
    @Override
    public void declare(Requirements r) {
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            if (s.getSecretEnv() != null && !s.getSecretEnv().isBlank()) {
                r.credential("sources[" + i + "].secretEnv", s.getSecretEnv(), "inbound source '" + s.getName() + "' is configured",
                        "remove the source from castwire.inbound.sources");
            }
        }
    }


    /** Systems that may send webhooks; none by default (every source answers 404). */
    @Valid
    @NotNull
    private List<Source> sources = new ArrayList<>();
    /** Larger bodies are refused (413) without being read further. */
    @NotNull
    @io.castwire.common.Amount
    private DataSize maxBodySize = DataSize.ofKilobytes(256);
    /** How far webhook-timestamp may be from the hub's clock, either way. */
    @NotNull
    @io.castwire.common.Amount
    private Duration tolerance = Duration.ofMinutes(5);
    /** Attempts in all before an event whose failures were transient ends FAILED. */
    @Min(1)
    private int maxAttempts = 8;
    /** Wait after the first failed attempt; doubles per attempt with ±25 % jitter, up to maxBackoff. */
    @NotNull
    @io.castwire.common.Amount
    private Duration backoff = Duration.ofSeconds(30);
    @NotNull
    private Duration maxBackoff = Duration.ofMinutes(30);
    /**
     * How long a worker holds an event; a worker that died is replaced after this. Longer than one
     * download may take (castwire.ingest.download.timeout, 30m), so a slow fetch is never run twice.
     */
    @NotNull
    @io.castwire.common.Amount
    private Duration lease = Duration.ofMinutes(35);
    /** How often the outbox poll looks for due events. */
    @NotNull
    @io.castwire.common.Amount
    private Duration pollInterval = Duration.ofSeconds(2);
    /** Workers running events at the same time in this process. */
    @Min(1)
    private int concurrency = 2;
    /** Event ids the poll hands to the in-process queue at most; the rest wait in the database. */
    @Min(1)
    private int queueSize = 100;
    /** Retry-After (seconds) on a 503 while the database is away. */
    @Min(1)
    private int retryAfterSeconds = 10;

    public static class Source {
        /** The {source} in the URL: lower-case letters, digits and dashes. */
        @NotBlank
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}")
        private String name;
        /** Environment variable holding one or more space-separated whsec_ secrets (rotation: new and old). */
        @NotBlank
        private String secretEnv;
        /** Event types this source may send; empty means all. */
        @NotNull
        private List<String> events = new ArrayList<>();
        /** Show for media.created and episode.create payloads that name none. */
        @NotBlank
        private String show = "default";

        public String getName() { return name; }
        public void setName(String v) { this.name = v; }
        public String getSecretEnv() { return secretEnv; }
        public void setSecretEnv(String v) { this.secretEnv = v; }
        public List<String> getEvents() { return events; }
        public void setEvents(List<String> v) { this.events = v; }
        public String getShow() { return show; }
        public void setShow(String v) { this.show = v; }

        /** Whether this source may send events of this type. */
        public boolean allows(String type) {
            return events.isEmpty() || events.contains("*") || events.contains(type);
        }
    }

    public Optional<Source> source(String name) {
        return sources.stream().filter(s -> s.getName().equals(name)).findFirst();
    }

    public List<Source> getSources() { return sources; }
    public void setSources(List<Source> v) { this.sources = v; }
    public DataSize getMaxBodySize() { return maxBodySize; }
    public void setMaxBodySize(DataSize v) { this.maxBodySize = v; }
    public Duration getTolerance() { return tolerance; }
    public void setTolerance(Duration v) { this.tolerance = v; }
    public int getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(int v) { this.maxAttempts = v; }
    public Duration getBackoff() { return backoff; }
    public void setBackoff(Duration v) { this.backoff = v; }
    public Duration getMaxBackoff() { return maxBackoff; }
    public void setMaxBackoff(Duration v) { this.maxBackoff = v; }
    public Duration getLease() { return lease; }
    public void setLease(Duration v) { this.lease = v; }
    public Duration getPollInterval() { return pollInterval; }
    public void setPollInterval(Duration v) { this.pollInterval = v; }
    public int getConcurrency() { return concurrency; }
    public void setConcurrency(int v) { this.concurrency = v; }
    public int getQueueSize() { return queueSize; }
    public void setQueueSize(int v) { this.queueSize = v; }
    public int getRetryAfterSeconds() { return retryAfterSeconds; }
    public void setRetryAfterSeconds(int v) { this.retryAfterSeconds = v; }
}
