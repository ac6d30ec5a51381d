package io.castwire.publishing.delivery;

import io.castwire.common.Amount;
import io.castwire.common.StartupRequirements;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Settings every destination has, under {@code castwire.publish.<destination>.*}. A destination's
 * own properties class extends this one and adds its endpoint, credentials (names of environment
 * variables, never the secrets) and templates.
 */
public class DestinationSettings implements StartupRequirements {

    /** Off until configured. */
    private boolean enabled = false;
    /** Shows this destination publishes for; empty means every show. */
    private List<String> shows = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** How many of an episode's best clips get a post of their own (0: the episode only). */
    @Min(0)
    private int clips = 0;
    /** Post text, with {title}, {description}, {url}, {show}, {feed} and {duration} placeholders. */
    @NotNull
    private String template = "{title}\n\n{description}\n\n{url}";
    /** Quick retries in the same attempt (exponential backoff with jitter), before the item waits in the ledger. */
    @Min(0)
    private int maxRedeliveries = 2;
    @NotNull
    @Amount(zero = true)
    private Duration redeliveryDelay = Duration.ofSeconds(1);
    /** Attempts in all (each after its quick retries) before the item goes to the dead-letter list. */
    @Min(1)
    private int maxAttempts = 10;
    /** Wait after the first failed attempt; doubles per attempt, with jitter, up to {@link #maxBackoff}. */
    @NotNull
    @Amount
    private Duration backoff = Duration.ofSeconds(30);
    @NotNull
    @Amount
    private Duration maxBackoff = Duration.ofHours(1);
    /** HTTP timeouts of the outbound call. */
    @NotNull
    @Amount
    private Duration connectTimeout = Duration.ofSeconds(10);
    @NotNull
    @Amount
    private Duration requestTimeout = Duration.ofMinutes(5);
    @Valid
    private final Circuit circuit = new Circuit();

    /** The destination's circuit breaker (Resilience4j), around the outbound call only. */
    public static class Circuit {
        /** Failure rate (percent) over the window that opens the circuit. */
        @Min(1)
        @Max(100)
        private float failureRateThreshold = 50;
        /** Calls needed before the rate counts. */
        @Min(1)
        private int minimumCalls = 4;
        /** Calls in the sliding window. */
        @Min(1)
        private int slidingWindow = 10;
        /** How long the circuit stays open before it lets a few calls through. */
        @NotNull
        @Amount
        private Duration waitInOpen = Duration.ofSeconds(60);
        /** Calls let through while half open. */
        @Min(1)
        private int halfOpenCalls = 1;

        public float getFailureRateThreshold() {
            return failureRateThreshold;
        }

        public void setFailureRateThreshold(float failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
        }

        public int getMinimumCalls() {
            return minimumCalls;
        }

        public void setMinimumCalls(int minimumCalls) {
            this.minimumCalls = minimumCalls;
        }

        public int getSlidingWindow() {
            return slidingWindow;
        }

        public void setSlidingWindow(int slidingWindow) {
            this.slidingWindow = slidingWindow;
        }

        public Duration getWaitInOpen() {
            return waitInOpen;
        }

        public void setWaitInOpen(Duration waitInOpen) {
            this.waitInOpen = waitInOpen;
        }

        public int getHalfOpenCalls() {
            return halfOpenCalls;
        }

        public void setHalfOpenCalls(int halfOpenCalls) {
            this.halfOpenCalls = halfOpenCalls;
        }
    }

    /**
     * An enabled destination needs what {@link #declareEnabled} names: the hub refuses to start
     * rather than fail every publication later.
     */
    @Override
    public final void declare(Requirements requirements) {
        if (enabled) {
            declareEnabled(requirements);
        }
    }

    /** The settings and credential variables this destination needs once enabled; none by default. */
    protected void declareEnabled(Requirements requirements) {
    }

    /** A setting this destination cannot work without. */
    protected void requireSetting(Requirements r, String field, Object value) {
        r.setting(field, value, prefix() + " is enabled", "set " + prefix() + ".enabled=false");
    }

    /** An environment variable (named by the {@code *-env} setting {@code field}) holding a credential. */
    protected void requireCredential(Requirements r, String field, String variable) {
        r.credential(field, variable, prefix() + " is enabled", "set " + prefix() + ".enabled=false");
    }

    /** This destination's key prefix, e.g. {@code castwire.publish.x}. */
    protected String prefix() {
        ConfigurationProperties p = AnnotatedElementUtils.findMergedAnnotation(getClass(), ConfigurationProperties.class);
        return p == null ? getClass().getSimpleName() : p.prefix();
    }

    /** Whether this destination publishes episodes of the show. */
    public boolean appliesTo(String showSlug) {
        return enabled && (shows.isEmpty() || shows.contains(showSlug));
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getShows() {
        return shows;
    }

    public void setShows(List<String> shows) {
        // read by the planner while an admin (or a test) may change it
        this.shows = new java.util.concurrent.CopyOnWriteArrayList<>(shows);
    }

    public int getClips() {
        return clips;
    }

    public void setClips(int clips) {
        this.clips = clips;
    }

    public String getTemplate() {
        return template;
    }

    public void setTemplate(String template) {
        this.template = template;
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

    public Circuit getCircuit() {
        return circuit;
    }
}
