package io.castwire.publishing.webhook;

import io.castwire.publishing.delivery.DestinationSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code castwire.webhooks.*}: who gets outbound webhooks, how they are retried and which hosts
 * the SSRF guard lets them reach. Secrets are never here, only the names of the variables that
 * hold them (see {@link io.castwire.publishing.delivery.Secrets}).
 */
@Validated
@ConfigurationProperties(prefix = "castwire.webhooks")
public class WebhookProperties implements io.castwire.common.StartupRequirements {

    /** An enabled subscriber's secret variable must be set: deliveries to it could not be signed. */
    @Override
    public void declare(Requirements r) {
        for (int i = 0; i < subscribers.size(); i++) {
            Subscriber s = subscribers.get(i);
            if (s.isEnabled() && s.getSecretEnv() != null && !s.getSecretEnv().isBlank()) {
                r.credential("subscribers[" + i + "].secretEnv", s.getSecretEnv(), "webhook subscriber '" + s.getName() + "' is enabled",
                        "set castwire.webhooks.subscribers[" + i + "].enabled=false");
            }
        }
    }


    /** Endpoints that receive events. */
    @Valid
    @NotNull
    private List<Subscriber> subscribers = new ArrayList<>();
    /**
     * Host names the guard lets through whatever they resolve to (exact, case-insensitive), e.g. an
     * internal receiver. An IP literal here matches only that literal in a URL.
     */
    @NotNull
    private List<String> allowHosts = new ArrayList<>();
    /** Networks (CIDR, or a single address) a resolved address may be in even if it is private. */
    @NotNull
    private List<String> allowNetworks = new ArrayList<>();

    /** Attempts in all (each with its quick redeliveries) before a delivery becomes a dead letter. */
    @Min(1)
    private int maxAttempts = 15;
    /** Wait after the first failed attempt; doubles per attempt, with ±25 % jitter, up to {@link #maxBackoff}. */
    @NotNull
    @io.castwire.common.Amount
    private Duration backoff = Duration.ofSeconds(30);
    @NotNull
    private Duration maxBackoff = Duration.ofHours(1);
    /** A receiver's Retry-After longer than the backoff wins, but never beyond this. */
    @NotNull
    private Duration maxRetryAfter = Duration.ofHours(6);
    /** Quick in-memory redeliveries inside one attempt (not for 429/Retry-After, permanent errors or an open circuit). */
    @Min(0)
    @Max(10)
    private int maxRedeliveries = 2;
    /** First quick redelivery delay; doubles with jitter up to {@link #maxRedeliveryDelay}. */
    @NotNull
    private Duration redeliveryDelay = Duration.ofSeconds(1);
    @NotNull
    private Duration maxRedeliveryDelay = Duration.ofSeconds(10);

    /** TCP connect timeout. */
    @NotNull
    @io.castwire.common.Amount
    private Duration connectTimeout = Duration.ofSeconds(5);
    /** Longest a whole request may take, answer included (the spec recommends 15–30 s). */
    @NotNull
    @io.castwire.common.Amount
    private Duration requestTimeout = Duration.ofSeconds(30);
    /** Most of a receiver's answer body read (for the error message); the rest is dropped with the connection. */
    @NotNull
    private DataSize maxResponseSize = DataSize.ofKilobytes(16);
    /** {@code user-agent} header of every delivery. */
    @NotBlank
    @Pattern(regexp = "^[\\x21-\\x7e][\\x20-\\x7e]*$", message = "must be printable ASCII")
    private String userAgent = "castwire-webhooks/1";

    /** How long a claimed delivery is held (SENDING) before another worker may take it over. */
    @NotNull
    @io.castwire.common.Amount
    private Duration lease = Duration.ofMinutes(5);
    /** Period of route {@code publish-webhooks-outbox-poll}. */
    @NotNull
    @io.castwire.common.Amount
    private Duration pollInterval = Duration.ofSeconds(2);
    /** Deliveries sent at once ({@code concurrentConsumers} of {@code seda:publish-webhooks-deliver}). */
    @Min(1)
    @Max(64)
    private int concurrency = 4;
    /** Most delivery ids queued in memory; the rest wait in the database. */
    @Min(1)
    private int queueSize = 500;

    /** Default circuit breaker of each subscriber (one breaker per subscriber, around the HTTP call only). */
    @Valid
    private final DestinationSettings.Circuit circuit = new DestinationSettings.Circuit();

    /** One receiving endpoint. */
    public static class Subscriber {
        /** Stable name: the delivery rows and the circuit breaker are keyed by it. */
        @NotBlank
        @Pattern(regexp = "^[a-z0-9][a-z0-9_-]{0,99}$", message = "must be lower case letters, digits, - or _ (max 100)")
        private String name;
        /** Where events are POSTed: http(s), a host, no user info; IP literals only in canonical form. */
        @NotBlank
        private String url;
        /** Event types it receives ({@link WebhookEvents#TYPES}), or {@code *} for all. */
        @NotEmpty
        private List<String> events = new ArrayList<>();
        /** Name of the environment variable holding the {@code whsec_...} secret (several, space-separated, while rotating). */
        @NotBlank
        private String secretEnv;
        private boolean enabled = true;
        /** This subscriber's own circuit settings; unset uses {@code castwire.webhooks.circuit.*}. */
        @Valid
        private DestinationSettings.Circuit circuit;

        /** Whether it wants events of this type. */
        public boolean wants(String type) {
            return enabled && (events.contains(WebhookEvents.ALL) || events.contains(type));
        }

        @AssertTrue(message = "events must be * or known event types (episode.received, episode.published, "
                + "clip.created, publication.failed, system.alert)")
        public boolean isEventsKnown() {
            return events == null || events.stream().allMatch(e -> WebhookEvents.ALL.equals(e) || WebhookEvents.TYPES.contains(e));
        }

        @AssertTrue(message = "url must be an http(s) URL with a host, no user info, and any IP literal in canonical form")
        public boolean isUrlAcceptable() {
            if (url == null) {
                return true;
            }
            try {
                SsrfGuard.checkUrl(url);
                return true;
            } catch (SsrfRefusedException e) {
                return false;
            }
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public List<String> getEvents() {
            return events;
        }

        public void setEvents(List<String> events) {
            this.events = events;
        }

        public String getSecretEnv() {
            return secretEnv;
        }

        public void setSecretEnv(String secretEnv) {
            this.secretEnv = secretEnv;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public DestinationSettings.Circuit getCircuit() {
            return circuit;
        }

        public void setCircuit(DestinationSettings.Circuit circuit) {
            this.circuit = circuit;
        }
    }

    /** The configured subscriber with this name. */
    public Optional<Subscriber> subscriber(String name) {
        return subscribers.stream().filter(s -> s.getName().equals(name)).findFirst();
    }

    /** The circuit settings that apply to a subscriber. */
    public DestinationSettings.Circuit circuitOf(Subscriber s) {
        return s.getCircuit() != null ? s.getCircuit() : circuit;
    }

    @AssertTrue(message = "lease must outlast one attempt: (max-redeliveries + 1) x (connect-timeout + request-timeout) "
            + "+ max-redeliveries x max-redelivery-delay, or a slow attempt could be taken over and sent twice")
    public boolean isLeaseLongEnough() {
        Duration call = connectTimeout.plus(requestTimeout);
        Duration attempt = call.multipliedBy(maxRedeliveries + 1L).plus(maxRedeliveryDelay.multipliedBy(maxRedeliveries));
        return lease.compareTo(attempt) > 0;
    }

    @AssertTrue(message = "subscriber names must be unique")
    public boolean isNamesUnique() {
        Set<String> seen = new HashSet<>();
        return subscribers.stream().map(Subscriber::getName).allMatch(n -> n == null || seen.add(n));
    }

    @AssertTrue(message = "allow-networks entries must be IP addresses or CIDRs such as 10.0.0.0/8")
    public boolean isAllowNetworksValid() {
        try {
            allowNetworks.forEach(IpRange::parse);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public List<Subscriber> getSubscribers() {
        return subscribers;
    }

    public void setSubscribers(List<Subscriber> subscribers) {
        this.subscribers = subscribers;
    }

    public List<String> getAllowHosts() {
        return allowHosts;
    }

    public void setAllowHosts(List<String> allowHosts) {
        this.allowHosts = allowHosts;
    }

    public List<String> getAllowNetworks() {
        return allowNetworks;
    }

    public void setAllowNetworks(List<String> allowNetworks) {
        this.allowNetworks = allowNetworks;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Duration getBackoff() {
        return backoff;
    }

    public void setBackoff(Duration backoff) {
        this.backoff = backoff;
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public Duration getMaxRetryAfter() {
        return maxRetryAfter;
    }

    public void setMaxRetryAfter(Duration maxRetryAfter) {
        this.maxRetryAfter = maxRetryAfter;
    }

    public int getMaxRedeliveries() {
        return maxRedeliveries;
    }

    public void setMaxRedeliveries(int maxRedeliveries) {
        this.maxRedeliveries = maxRedeliveries;
    }

    public Duration getRedeliveryDelay() {
        return redeliveryDelay;
    }

    public void setRedeliveryDelay(Duration redeliveryDelay) {
        this.redeliveryDelay = redeliveryDelay;
    }

    public Duration getMaxRedeliveryDelay() {
        return maxRedeliveryDelay;
    }

    public void setMaxRedeliveryDelay(Duration maxRedeliveryDelay) {
        this.maxRedeliveryDelay = maxRedeliveryDelay;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public DataSize getMaxResponseSize() {
        return maxResponseSize;
    }

    public void setMaxResponseSize(DataSize maxResponseSize) {
        this.maxResponseSize = maxResponseSize;
    }

    public String getUserAgent() {
        return userAgent;
    }

    public void setUserAgent(String userAgent) {
        this.userAgent = userAgent;
    }

    public Duration getLease() {
        return lease;
    }

    public void setLease(Duration lease) {
        this.lease = lease;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public int getQueueSize() {
        return queueSize;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public DestinationSettings.Circuit getCircuit() {
        return circuit;
    }
}
