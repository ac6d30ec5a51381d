package io.castwire.operations.queue;

import io.castwire.episode.Priority;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Job control settings: {@code castwire.shows.<slug>.priority}, {@code castwire.limits.*} and
 * {@code castwire.queue.*}. Every one has a default that works for the embedded run.
 */
@Validated
@ConfigurationProperties(prefix = "castwire")
public class JobControlProperties {

    /** Per-show settings, by show slug; only {@code priority} is read here. */
    private Map<String, Show> shows = new LinkedHashMap<>();
    @jakarta.validation.Valid
    private final Limits limits = new Limits();
    @jakarta.validation.Valid
    private final Queue queue = new Queue();

    public static class Show {
        /** The priority of this show's new episodes: urgent, normal or bulk. */
        private Priority priority = Priority.NORMAL;

        public Priority getPriority() { return priority; }
        public void setPriority(Priority v) { this.priority = v; }
    }

    /**
     * Jobs of one kind that may run at once in the whole cluster (all replicas together); 0 means
     * no limit. Other kinds a step names are refused, so a typo cannot silently lift a limit.
     */
    public static class Limits {
        /** ffmpeg processes of processing and publishing (cuts, transcodes, audiograms, covers). */
        @Min(0)
        private int ffmpeg = 2;
        /** ffmpeg probes of new media at ingest (kept apart so ingest never waits behind long cuts). */
        @Min(0)
        private int probe = 2;
        /** Uploads to one destination, unless {@code upload.<destination>} says otherwise. */
        @Min(0)
        private int uploads = 2;
        /** Per-destination upload limits, e.g. {@code castwire.limits.upload.youtube=1}. */
        private Map<String, Integer> upload = new LinkedHashMap<>();
        /** Calls to a language model. */
        @Min(0)
        private int llm = 2;
        /** Calls to a speech synthesis engine or service. */
        @Min(0)
        private int tts = 2;
        /** How long a held permit lasts unless renewed; its holder renews it every third of this. */
        @NotNull
        @io.castwire.common.Amount
        private Duration lease = Duration.ofSeconds(30);
        /** How often a job waiting for a permit held elsewhere looks again. */
        @NotNull
        @io.castwire.common.Amount
        private Duration poll = Duration.ofMillis(100);

        public int getFfmpeg() { return ffmpeg; }
        public int getProbe() { return probe; }
        public void setProbe(int v) { this.probe = v; }
        public void setFfmpeg(int v) { this.ffmpeg = v; }
        public int getUploads() { return uploads; }
        public void setUploads(int v) { this.uploads = v; }
        public Map<String, Integer> getUpload() { return upload; }
        public void setUpload(Map<String, Integer> v) { this.upload = v; }
        public int getLlm() { return llm; }
        public void setLlm(int v) { this.llm = v; }
        public int getTts() { return tts; }
        public void setTts(int v) { this.tts = v; }
        public Duration getLease() { return lease; }
        public void setLease(Duration v) { this.lease = v; }
        public Duration getPoll() { return poll; }
        public void setPoll(Duration v) { this.poll = v; }

        /**
         * The limit of a kind: {@code ffmpeg}, {@code llm}, {@code tts} or {@code upload.<destination>}.
         *
         * @throws IllegalArgumentException for any other kind
         */
        public int of(String kind) {
            if (kind != null && kind.startsWith(JobLimits.UPLOAD)) {
                return upload.getOrDefault(kind.substring(JobLimits.UPLOAD.length()), uploads);
            }
            if (JobLimits.FFMPEG.equals(kind)) {
                return ffmpeg;
            }
            if (JobLimits.PROBE.equals(kind)) {
                return probe;
            }
            if (JobLimits.LLM.equals(kind)) {
                return llm;
            }
            if (JobLimits.TTS.equals(kind)) {
                return tts;
            }
            throw new IllegalArgumentException("no concurrency limit is configured for job kind '" + kind
                    + "' (known: ffmpeg, probe, llm, tts, upload.<destination>)");
        }
    }

    public static class Queue {
        /**
         * Episodes waiting or being processed (RECEIVED + PROCESSING, whole cluster) above which new
         * media stays in the inbox and inbound webhooks are answered 503.
         */
        @Min(1)
        private int maxDepth = 1000;
        /** The Retry-After (seconds) of a 503 sent because the queue is full. */
        @Min(1)
        private int retryAfterSeconds = 30;
        /** The window of the throughput figure in GET /api/queue/stats. */
        @NotNull
        @io.castwire.common.Amount
        private Duration throughputWindow = Duration.ofMinutes(10);

        public int getMaxDepth() { return maxDepth; }
        public void setMaxDepth(int v) { this.maxDepth = v; }
        public int getRetryAfterSeconds() { return retryAfterSeconds; }
        public void setRetryAfterSeconds(int v) { this.retryAfterSeconds = v; }
        public Duration getThroughputWindow() { return throughputWindow; }
        public void setThroughputWindow(Duration v) { this.throughputWindow = v; }
    }

    /** The priority of a show's new episodes ({@code castwire.shows.<slug>.priority}, default normal). */
    public Priority priorityOf(String showSlug) {
        Show s = showSlug == null ? null : shows.get(showSlug);
        return s == null || s.getPriority() == null ? Priority.NORMAL : s.getPriority();
    }

    public Map<String, Show> getShows() { return shows; }
    public void setShows(Map<String, Show> v) { this.shows = v; }
    public Limits getLimits() { return limits; }
    public Queue getQueue() { return queue; }
}
