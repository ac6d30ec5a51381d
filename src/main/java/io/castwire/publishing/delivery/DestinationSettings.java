package io.castwire.publishing.delivery;

import java.time.Duration;
import java.util.List;

/**
 * Settings every destination has, under {@code castwire.publish.<destination>.*}. A destination's
 * own properties class extends this one and adds its endpoint, credentials (names of environment
 * variables, never the secrets) and templates.
 */
public class DestinationSettings {

    /** Off until configured. */
    private boolean enabled = false;
    /** Shows this destination publishes for; empty means every show. */
    private List<String> shows = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** How many of an episode's best clips get a post of their own (0: the episode only). */
    private int clips = 0;
    /** Post text, with {title}, {description}, {url}, {show}, {feed} and {duration} placeholders. */
    private String template = "{title}\n\n{description}\n\n{url}";
    /** Quick retries in the same attempt (exponential backoff with jitter), before the item waits in the ledger. */
    private int maxRedeliveries = 2;
    private Duration redeliveryDelay = Duration.ofSeconds(1);
    /** Attempts in all (each after its quick retries) before the item goes to the dead-letter list. */
    private int maxAttempts = 10;
    /** Wait after the first failed attempt; doubles per attempt, with jitter, up to {@link #maxBackoff}. */
    private Duration backoff = Duration.ofSeconds(30);
    private Duration maxBackoff = Duration.ofHours(1);
    /** HTTP timeouts of the outbound call. */
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofMinutes(5);
    private final Circuit circuit = new Circuit();

    /** The destination's circuit breaker (Resilience4j), around the outbound call only. */
    public static class Circuit {
        /** Failure rate (percent) over the window that opens the circuit. */
        private float failureRateThreshold = 50;
        /** Calls needed before the rate counts. */
        private int minimumCalls = 4;
        /** Calls in the sliding window. */
        private int slidingWindow = 10;
        /** How long the circuit stays open before it lets a few calls through. */
        private Duration waitInOpen = Duration.ofSeconds(60);
        /** Calls let through while half open. */
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
