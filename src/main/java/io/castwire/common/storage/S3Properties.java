package io.castwire.common.storage;

import io.castwire.common.Amount;
import io.castwire.common.HttpUrl;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/**
 * {@code castwire.s3.*}: how castwire reaches S3 or an S3-compatible store, and the S3 inbox
 * ({@code castwire.s3.ingest.*}), off until {@code castwire.s3.ingest.bucket} is set. Credentials
 * are read from the environment variables named here; when they are unset the AWS default chain
 * (instance or pod role, {@code AWS_*} variables, profile) is used.
 */
@Component
@Validated
@ConfigurationProperties("castwire.s3")
public class S3Properties {

    /** An S3-compatible store's address (MinIO, Ceph, s3proxy); empty: AWS itself. */
    @NotNull
    @HttpUrl(optional = true)
    private String endpoint = "";
    /** The bucket's region (S3-compatible stores usually accept any). */
    @NotBlank
    private String region = "us-east-1";
    /** Path-style addressing ({@code <endpoint>/<bucket>/<key>}), which most S3-compatible stores need. */
    private boolean forcePathStyle = false;
    /** Environment variable holding the access key id. */
    private String accessKeyEnv = "CASTWIRE_S3_ACCESS_KEY";
    /** Environment variable holding the secret access key. */
    private String secretKeyEnv = "CASTWIRE_S3_SECRET_KEY";
    @Valid
    private final Ingest ingest = new Ingest();

    /** {@code castwire.s3.ingest.*}: the bucket watched like the inbox folder. */
    public static class Ingest {
        /** The bucket to take episodes from; empty: S3 ingest is off. */
        private String bucket = "";
        /** Keys below this prefix are the inbox: {@code <prefix><show>/<name>.<ext>} or {@code <prefix><name>.<ext>}. */
        private String prefix = "inbox/";
        /** Where a taken object is moved (same bucket), keeping the rest of its key. */
        private String processedPrefix = "processed/";
        /** Where a refused object is moved (same bucket), next to {@code <key>.error.json}. */
        private String quarantinePrefix = "quarantine/";
        /** Time between two listings of the bucket. */
        @NotNull
        @Amount
        private Duration pollInterval = Duration.ofSeconds(5);
        /** Objects taken per listing. */
        @Min(1)
        @Max(1000)
        private int maxPerPoll = 10;

        public String getBucket() { return bucket; }
        public void setBucket(String bucket) { this.bucket = bucket; }
        public String getPrefix() { return prefix; }
        public void setPrefix(String prefix) { this.prefix = prefix; }
        public String getProcessedPrefix() { return processedPrefix; }
        public void setProcessedPrefix(String processedPrefix) { this.processedPrefix = processedPrefix; }
        public String getQuarantinePrefix() { return quarantinePrefix; }
        public void setQuarantinePrefix(String quarantinePrefix) { this.quarantinePrefix = quarantinePrefix; }
        public Duration getPollInterval() { return pollInterval; }
        public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
        public int getMaxPerPoll() { return maxPerPoll; }
        public void setMaxPerPoll(int maxPerPoll) { this.maxPerPoll = maxPerPoll; }
    }

    public String getEndpoint() { return endpoint; }
    public void setEndpoint(String endpoint) { this.endpoint = endpoint; }
    public String getRegion() { return region; }
    public void setRegion(String region) { this.region = region; }
    public boolean isForcePathStyle() { return forcePathStyle; }
    public void setForcePathStyle(boolean forcePathStyle) { this.forcePathStyle = forcePathStyle; }
    public String getAccessKeyEnv() { return accessKeyEnv; }
    public void setAccessKeyEnv(String accessKeyEnv) { this.accessKeyEnv = accessKeyEnv; }
    public String getSecretKeyEnv() { return secretKeyEnv; }
    public void setSecretKeyEnv(String secretKeyEnv) { this.secretKeyEnv = secretKeyEnv; }
    public Ingest getIngest() { return ingest; }
}
