package io.castwire.common;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code castwire.*} setting. Each has a default that works for the embedded run;
 * docs/configuration.md lists them all.
 */
@Validated
@ConfigurationProperties(prefix = "castwire")
public class CastwireProperties {

    /** Root of everything the hub writes: inbox/, media/, quarantine/, public/, db/. */
    @NotNull
    private Path home = Path.of("data");

    /** Identifies this process for processing leases; must differ between replicas. */
    @NotBlank
    private String instanceId = defaultInstanceId();

    @Valid
    private final Ingest ingest = new Ingest();
    @Valid
    private final Storage storage = new Storage();
    @Valid
    private final Processing processing = new Processing();
    @Valid
    private final Ffmpeg ffmpeg = new Ffmpeg();
    @Valid
    private final Api api = new Api();
    @Valid
    private final Publish publish = new Publish();
    @Valid
    private final Clips clips = new Clips();
    @Valid
    private final Feed feed = new Feed();

    /** Where listeners reach this hub: the base of every URL in the feeds. */
    @NotBlank
    @HttpUrl
    private String publicUrl = "http://localhost:8080";

    /** Show-level feed settings; a show's inbox/<slug>/show.json overrides them. */
    public static class Feed {
        @NotBlank
        private String language = "en";
        @NotBlank
        private String author = "castwire";
        @NotBlank
        private String ownerName = "castwire";
        @NotBlank
        @Email
        private String ownerEmail = "podcasts@example.org";
        @NotBlank
        private String category = "Technology";
        private String subcategory = "";
        private boolean explicit = false;
        @NotBlank
        private String description = "Episodes published by castwire.";
        /** Newest episodes listed in a feed; older ones stay published but leave the feed. */
        @Min(1)
        private int maxItems = 300;

        public int getMaxItems() { return maxItems; }
        public void setMaxItems(int v) { this.maxItems = v; }

        public String getLanguage() { return language; }
        public void setLanguage(String v) { this.language = v; }
        public String getAuthor() { return author; }
        public void setAuthor(String v) { this.author = v; }
        public String getOwnerName() { return ownerName; }
        public void setOwnerName(String v) { this.ownerName = v; }
        public String getOwnerEmail() { return ownerEmail; }
        public void setOwnerEmail(String v) { this.ownerEmail = v; }
        public String getCategory() { return category; }
        public void setCategory(String v) { this.category = v; }
        public String getSubcategory() { return subcategory; }
        public void setSubcategory(String v) { this.subcategory = v; }
        public boolean isExplicit() { return explicit; }
        public void setExplicit(boolean v) { this.explicit = v; }
        public String getDescription() { return description; }
        public void setDescription(String v) { this.description = v; }
    }

    public static class Clips {
        /** Platform profiles clips are chosen for: default, tiktok, youtube-shorts, instagram-reels, linkedin. */
        @NotNull
        private List<String> profiles = List.of("default", "youtube-shorts", "linkedin");
        @AssertTrue(message = "castwire.clips.profiles must name built-in profiles only: default, tiktok, youtube-shorts, "
                + "instagram-reels, linkedin")
        public boolean isProfilesKnown() {
            return profiles == null || io.castwire.processing.scoring.ClipProfile.defaults().keySet().containsAll(profiles);
        }

        /** Best clips kept per profile. */
        @Min(0)
        private int topN = 3;

        public List<String> getProfiles() { return profiles; }
        public void setProfiles(List<String> v) { this.profiles = v; }
        public int getTopN() { return topN; }
        public void setTopN(int v) { this.topN = v; }
    }

    public static class Ingest {
        /** Files above this size are quarantined before they are read. */
        @NotNull
        @Amount
        private DataSize maxFileSize = DataSize.ofMegabytes(500);
        /** A file must be unchanged (size and mtime) for this long before it is taken. */
        @NotNull
        @Amount(zero = true)
        private Duration settleTime = Duration.ofSeconds(2);
        /** How often the inbox is scanned. */
        @NotNull
        @Amount
        private Duration pollInterval = Duration.ofSeconds(1);
        /** Media without a transcript waits this long for one before processing starts. */
        @NotNull
        @Amount(zero = true)
        private Duration transcriptWait = Duration.ofSeconds(20);
        /** A sidecar whose media has not arrived after this long is quarantined. */
        @NotNull
        @Amount
        private Duration sidecarWindow = Duration.ofMinutes(10);
        /** Media extensions accepted; the content of every such file is then read with ffmpeg as well. */
        @jakarta.validation.constraints.NotEmpty
        private List<@Pattern(regexp = "[A-Za-z0-9]{1,10}", message = "must be a file extension without the dot, such as mp3") String> mediaExtensions = List.of("mp3", "m4a", "wav", "flac", "ogg", "mp4", "mov", "mkv");
        /** How many inbox files are validated and registered at once. */
        @Min(1)
        private int concurrency = 2;

        public DataSize getMaxFileSize() { return maxFileSize; }
        public void setMaxFileSize(DataSize v) { this.maxFileSize = v; }
        public Duration getSettleTime() { return settleTime; }
        public void setSettleTime(Duration v) { this.settleTime = v; }
        public Duration getPollInterval() { return pollInterval; }
        public void setPollInterval(Duration v) { this.pollInterval = v; }
        public Duration getTranscriptWait() { return transcriptWait; }
        public void setTranscriptWait(Duration v) { this.transcriptWait = v; }
        public Duration getSidecarWindow() { return sidecarWindow; }
        public void setSidecarWindow(Duration v) { this.sidecarWindow = v; }
        public List<String> getMediaExtensions() { return mediaExtensions; }
        public void setMediaExtensions(List<String> v) { this.mediaExtensions = v; }
        public int getConcurrency() { return concurrency; }
        public void setConcurrency(int v) { this.concurrency = v; }
    }

    public static class Storage {
        /** Total bytes the hub may keep in media/; new media beyond it is quarantined. */
        @NotNull
        @Amount
        private DataSize quota = DataSize.ofGigabytes(10);
        /** Free disk space always left untouched, whatever the quota says. */
        @NotNull
        @Amount(zero = true)
        private DataSize minFreeDisk = DataSize.ofMegabytes(200);
        /**
         * Age after which a temporary file a crash left behind (in work/, or a hidden partial file
         * next to media and published files) is removed by the storage-cleanup job.
         */
        @NotNull
        @Amount
        private Duration tempMaxAge = Duration.ofHours(6);

        /** How long each area keeps its files before the storage-cleanup job archives or deletes them. */
        @Valid
        private final Retention retention = new Retention();
        /**
         * Where files past retention are copied (and verified) before they are removed: a folder, or
         * {@code s3://bucket/prefix} on the store of {@code castwire.s3.*}. Empty: nothing is archived,
         * and originals, clips and renders are removed only when published elsewhere.
         */
        @NotNull
        private String archive = "";

        public Retention getRetention() { return retention; }
        public String getArchive() { return archive; }
        public void setArchive(String v) { this.archive = v; }
        public Duration getTempMaxAge() { return tempMaxAge; }
        public void setTempMaxAge(Duration v) { this.tempMaxAge = v; }
        public DataSize getQuota() { return quota; }
        public void setQuota(DataSize v) { this.quota = v; }
        public DataSize getMinFreeDisk() { return minFreeDisk; }
        public void setMinFreeDisk(DataSize v) { this.minFreeDisk = v; }
    }

    /**
     * {@code castwire.storage.retention.*}: per area, how long a file is kept (a plain number is days;
     * {@code 0}, the default except for quarantine, keeps it forever).
     */
    public static class Retention {
        @NotNull
        @DurationUnit(ChronoUnit.DAYS)
        private Duration originals = Duration.ZERO;
        @NotNull
        @DurationUnit(ChronoUnit.DAYS)
        private Duration clips = Duration.ZERO;
        /** Captions and chapters made from an episode. */
        @NotNull
        @DurationUnit(ChronoUnit.DAYS)
        private Duration renders = Duration.ZERO;
        @NotNull
        @DurationUnit(ChronoUnit.DAYS)
        private Duration quarantine = Duration.ofDays(30);

        public Duration getOriginals() { return originals; }
        public void setOriginals(Duration v) { this.originals = v; }
        public Duration getClips() { return clips; }
        public void setClips(Duration v) { this.clips = v; }
        public Duration getRenders() { return renders; }
        public void setRenders(Duration v) { this.renders = v; }
        public Duration getQuarantine() { return quarantine; }
        public void setQuarantine(Duration v) { this.quarantine = v; }
    }

    public static class Processing {
        /** Episodes processed at once in this process. */
        @Min(1)
        private int concurrency = 2;
        /** How long a claim on an episode lasts before another worker may take it over. */
        @NotNull
        @Amount
        private Duration lease = Duration.ofMinutes(5);
        /** How often the outbox looks for due or abandoned work. */
        @NotNull
        @Amount
        private Duration outboxInterval = Duration.ofSeconds(2);
        /** Attempts before an episode is marked FAILED. */
        @Min(1)
        private int maxAttempts = 3;
        /** First retry delay; doubled on each further attempt. */
        @NotNull
        @Amount(zero = true)
        private Duration retryBackoff = Duration.ofSeconds(10);
        /** Episodes waiting in memory at most; the rest stay in the database until there is room. */
        @Min(1)
        private int queueSize = 500;

        public int getConcurrency() { return concurrency; }
        public void setConcurrency(int v) { this.concurrency = v; }
        public Duration getLease() { return lease; }
        public void setLease(Duration v) { this.lease = v; }
        public Duration getOutboxInterval() { return outboxInterval; }
        public void setOutboxInterval(Duration v) { this.outboxInterval = v; }
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int v) { this.maxAttempts = v; }
        public Duration getRetryBackoff() { return retryBackoff; }
        public void setRetryBackoff(Duration v) { this.retryBackoff = v; }
        public int getQueueSize() { return queueSize; }
        public void setQueueSize(int v) { this.queueSize = v; }
    }

    public static class Ffmpeg {
        /** An ffmpeg binary to use instead of the one bundled in the jar. */
        private String path = "";
        /** Longest an ffmpeg run may take before it is killed. */
        @NotNull
        @Amount
        private Duration timeout = Duration.ofMinutes(10);

        public String getPath() { return path; }
        public void setPath(String v) { this.path = v; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration v) { this.timeout = v; }
    }

    /** Settings shared by every destination's outbox ({@code castwire.publish.*}). */
    public static class Publish {
        /** How long one send may hold its publication row before another worker may take it. */
        @NotNull
        @Amount
        private Duration lease = Duration.ofMinutes(10);
        /** How often each destination's outbox is polled for due work. */
        @NotNull
        @Amount
        private Duration pollInterval = Duration.ofSeconds(5);
        /** Rows handed to a destination's queue per poll. */
        @Min(1)
        private int batchSize = 50;

        public Duration getLease() { return lease; }
        public void setLease(Duration v) { this.lease = v; }
        public Duration getPollInterval() { return pollInterval; }
        public void setPollInterval(Duration v) { this.pollInterval = v; }
        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int v) { this.batchSize = v; }
    }

    public static class Api {
        /** When true, GET /api/episodes and /api/episodes/{id} answer without a login. */
        private boolean publicRead = false;

        public boolean isPublicRead() { return publicRead; }
        public void setPublicRead(boolean v) { this.publicRead = v; }
    }

    private static String defaultInstanceId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "castwire";
            }
        }
        return host;
    }

    public Path getHome() { return home; }
    public void setHome(Path v) { this.home = v; }
    public String getInstanceId() { return instanceId; }
    public void setInstanceId(String v) { this.instanceId = v; }
    public Ingest getIngest() { return ingest; }
    public Storage getStorage() { return storage; }
    public Processing getProcessing() { return processing; }
    public Ffmpeg getFfmpeg() { return ffmpeg; }
    public Api getApi() { return api; }
    public Publish getPublish() { return publish; }
    public Clips getClips() { return clips; }
    public Feed getFeed() { return feed; }
    public String getPublicUrl() { return publicUrl; }
    public void setPublicUrl(String v) { this.publicUrl = v; }
}
