package io.castwire.publishing.wordpress;

import io.castwire.publishing.delivery.DestinationSettings;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/**
 * {@code castwire.publish.wordpress.*}: the WordPress site castwire posts episodes (and clips) to,
 * through its REST API with an Application Password. The common settings (enabled, shows, clips,
 * retries, circuit, timeouts) come from {@link DestinationSettings}.
 * <p>
 * Holds the <em>name</em> of the variable with the Application Password, never the password, so
 * this class may be logged or shown in an actuator.
 */
@Component
@Validated
@ConfigurationProperties(prefix = "castwire.publish.wordpress")
public class WordpressProperties extends DestinationSettings {

    /** What a post's status is when castwire creates it. */
    public enum Status {
        /** Visible at once. */
        PUBLISH,
        /** Waits for an editor. */
        DRAFT,
        /** Scheduled {@link #getScheduleDelay()} after publication. */
        FUTURE;

        /** The value WordPress's REST API uses. */
        public String api() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The site's address, e.g. {@code https://blog.example.org} (no {@code /wp-json}); empty: not configured. */
    @NotNull
    @Pattern(regexp = "^$|^https?://[^\\s?#]+$", message = "must be empty or an http(s) URL without query")
    private String url = "";

    /** The WordPress user the Application Password belongs to. */
    @NotNull
    private String user = "";

    /** Name of the environment variable (or property) holding the user's Application Password. */
    @NotNull
    private String passwordEnv = "CASTWIRE_WORDPRESS_APP_PASSWORD";

    /** Status of a new post; updates keep whatever status the post has by then. */
    @NotNull
    private Status status = Status.PUBLISH;

    /** With {@code status: future}: how long after publication the post goes live. */
    @NotNull
    @io.castwire.common.Amount
    private Duration scheduleDelay = Duration.ofHours(1);

    /** Upload the episode's (clip's) media into the media library and play it from there; else play the hub's public URL. */
    private boolean uploadMedia = false;

    /** Category ids a new post gets; empty: the site's default category. */
    @NotNull
    private List<Integer> categories = new ArrayList<>();

    /** Tag ids a new post gets. */
    @NotNull
    private List<Integer> tags = new ArrayList<>();

    /** False for a site without pretty permalinks: the API is then called as {@code /?rest_route=/wp/v2/...}. */
    private boolean prettyPermalinks = true;

    public WordpressProperties() {
        // the post already has the title and a player; the text part is the description (a show's own
        // template in show.json still wins)
        setTemplate("{description}");
    }

    @Override
    protected void declareEnabled(Requirements r) {
        requireSetting(r, "url", url);
        requireSetting(r, "user", user);
        requireCredential(r, "passwordEnv", passwordEnv);
    }

    /** True when the site and user are set. */
    public boolean configured() {
        return !url.isBlank() && !user.isBlank();
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url == null ? "" : url.strip();
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user == null ? "" : user.strip();
    }

    public String getPasswordEnv() {
        return passwordEnv;
    }

    public void setPasswordEnv(String passwordEnv) {
        this.passwordEnv = passwordEnv;
    }

    public Status getStatus() {
        return status;
    }

    public void setStatus(Status status) {
        this.status = status;
    }

    public Duration getScheduleDelay() {
        return scheduleDelay;
    }

    public void setScheduleDelay(Duration scheduleDelay) {
        this.scheduleDelay = scheduleDelay;
    }

    public boolean isUploadMedia() {
        return uploadMedia;
    }

    public void setUploadMedia(boolean uploadMedia) {
        this.uploadMedia = uploadMedia;
    }

    public List<Integer> getCategories() {
        return categories;
    }

    public void setCategories(List<Integer> categories) {
        this.categories = categories;
    }

    public List<Integer> getTags() {
        return tags;
    }

    public void setTags(List<Integer> tags) {
        this.tags = tags;
    }

    public boolean isPrettyPermalinks() {
        return prettyPermalinks;
    }

    public void setPrettyPermalinks(boolean prettyPermalinks) {
        this.prettyPermalinks = prettyPermalinks;
    }
}
