package io.castwire.ingest.rssimport;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code castwire.rss-import.*}: external podcast feeds whose items become episodes (a show
 * migrating to castwire, a partner feed followed). Nothing is imported until a feed is configured.
 */
@Validated
@ConfigurationProperties(prefix = "castwire.rss-import")
public class RssImportProperties {

    /** The feeds to import, each polled by its own route {@code ingest-rssimport-<name>-poll}. */
    @Valid
    @NotNull
    private List<Feed> feeds = new ArrayList<>();
    /** The largest feed document read; a bigger one fails the poll (the document is parsed in memory). */
    @NotNull
    @io.castwire.common.Amount
    private DataSize maxFeedSize = DataSize.ofMegabytes(16);
    /** How long fetching the feed document may take, from the request to its last byte. */
    @NotNull
    @io.castwire.common.Amount
    private Duration feedTimeout = Duration.ofSeconds(60);
    /** How long after start-up each feed is polled first. */
    @NotNull
    private Duration initialDelay = Duration.ofSeconds(10);
    /** Attempts at an enclosure that fails for a reason that may pass (5xx, 429, timeout) before it is FAILED. */
    @Min(1)
    @Max(100)
    private int maxAttempts = 5;
    /** Wait before the second attempt; doubled for every further one. */
    @NotNull
    @io.castwire.common.Amount
    private Duration retryBackoff = Duration.ofMinutes(5);
    /** The longest wait between attempts. */
    @NotNull
    private Duration maxRetryBackoff = Duration.ofHours(6);

    /** One imported feed. */
    public static class Feed {
        /** Id of the feed: names its route, its ledger rows and its API paths. */
        @NotBlank
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,49}", message = "must be lower-case letters, digits and dashes (at most 50)")
        private String name;
        /** The feed's URL (trusted configuration; fetched within max-feed-size and feed-timeout). */
        @NotBlank
        @io.castwire.common.HttpUrl
        private String url;
        /** Slug of the castwire show the items go to. */
        @NotBlank
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,99}", message = "must be a show slug (lower-case letters, digits, dashes)")
        private String show;
        /** Time between polls. */
        @NotNull
        @io.castwire.common.Amount
        private Duration pollInterval = Duration.ofMinutes(15);
        /** Only items published after this (ISO date or date-time); empty: every item (the back catalogue too). */
        private String since;
        /** New enclosures fetched per poll (oldest first); the rest wait for the next poll. */
        @Min(1)
        @Max(1000)
        private int maxItemsPerPoll = 10;
        /** Whether the feed's route starts with the hub (its auto-startup key defaults to this). */
        private boolean enabled = true;
        /** Destinations for the imported episodes (e.g. [rss]); unset: the show's own destinations. */
        private List<String> destinations;

        public String getName() { return name; }
        public void setName(String v) { this.name = v; }
        public String getUrl() { return url; }
        public void setUrl(String v) { this.url = v; }
        public String getShow() { return show; }
        public void setShow(String v) { this.show = v; }
        public Duration getPollInterval() { return pollInterval; }
        public void setPollInterval(Duration v) { this.pollInterval = v; }
        public String getSince() { return since; }
        public void setSince(String v) { this.since = v; }
        public int getMaxItemsPerPoll() { return maxItemsPerPoll; }
        public void setMaxItemsPerPoll(int v) { this.maxItemsPerPoll = v; }
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean v) { this.enabled = v; }
        public List<String> getDestinations() { return destinations; }
        public void setDestinations(List<String> v) { this.destinations = v; }

        @AssertTrue(message = "since must be an ISO date (2026-01-31) or a date-time with offset (2026-01-31T00:00:00Z)")
        public boolean isSinceReadable() {
            try {
                sinceInstant();
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        /** {@code since} as an instant (a date means its start, UTC); empty when unset. */
        public Optional<Instant> sinceInstant() {
            if (since == null || since.isBlank()) {
                return Optional.empty();
            }
            String s = since.strip();
            try {
                return Optional.of(OffsetDateTime.parse(s).toInstant());
            } catch (DateTimeParseException e) {
                try {
                    return Optional.of(LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant());
                } catch (DateTimeParseException e2) {
                    throw new IllegalArgumentException("castwire.rss-import.feeds of '" + name + "': since '" + s
                            + "' is neither an ISO date (2026-01-31) nor a date-time with offset (2026-01-31T00:00:00Z)");
                }
            }
        }
    }

    public List<Feed> getFeeds() { return feeds; }
    public void setFeeds(List<Feed> v) { this.feeds = v; }
    public DataSize getMaxFeedSize() { return maxFeedSize; }
    public void setMaxFeedSize(DataSize v) { this.maxFeedSize = v; }
    public Duration getFeedTimeout() { return feedTimeout; }
    public void setFeedTimeout(Duration v) { this.feedTimeout = v; }
    public Duration getInitialDelay() { return initialDelay; }
    public void setInitialDelay(Duration v) { this.initialDelay = v; }
    public int getMaxAttempts() { return maxAttempts; }
    public void setMaxAttempts(int v) { this.maxAttempts = v; }
    public Duration getRetryBackoff() { return retryBackoff; }
    public void setRetryBackoff(Duration v) { this.retryBackoff = v; }
    public Duration getMaxRetryBackoff() { return maxRetryBackoff; }
    public void setMaxRetryBackoff(Duration v) { this.maxRetryBackoff = v; }

    /** The feed of that name. */
    public Optional<Feed> feed(String name) {
        return feeds.stream().filter(f -> f.getName().equals(name)).findFirst();
    }
}
