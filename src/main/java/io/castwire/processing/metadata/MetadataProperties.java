package io.castwire.processing.metadata;

import io.castwire.publishing.delivery.DestinationSettings;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code castwire.metadata.*}: generated titles, descriptions, tags and chapter titles. With
 * {@code provider=none} (the default) the extractive path (no LLM) makes them; {@code gemini} or
 * {@code openai} (any OpenAI-compatible chat endpoint) sends the transcript to an LLM first. The key
 * comes only from the environment variable named by {@code api-key-env}.
 */
@Validated
@ConfigurationProperties(prefix = "castwire.metadata")
public class MetadataProperties {

    public static final String NONE = "none";
    public static final String GEMINI = "gemini";
    public static final String OPENAI = "openai";

    /** False skips the step entirely: no generated metadata at all. */
    private boolean enabled = true;

    /** {@code none} (extractive only), {@code gemini} or {@code openai}. */
    @NotNull
    @Pattern(regexp = "^(none|gemini|openai)$", message = "must be none, gemini or openai")
    private String provider = NONE;

    /** Base URL of the API; empty uses the provider's public one. */
    @NotNull
    @Pattern(regexp = "^$|^https?://[^\\s]+$", message = "must be empty or an http(s) URL")
    private String baseUrl = "";

    /** The model; empty uses {@code gemini-2.0-flash} or {@code gpt-4o-mini}. */
    @NotNull
    @Pattern(regexp = "^[A-Za-z0-9._:/-]*$", message = "must be a model name")
    private String model = "";

    /** The environment variable that holds the API key. */
    @NotNull
    private String apiKeyEnv = "CASTWIRE_METADATA_API_KEY";

    /** Connecting to the API. */
    @NotNull
    private Duration connectTimeout = Duration.ofSeconds(10);

    /** Longest wait for one answer; a late answer counts as a failed call. */
    @NotNull
    private Duration timeout = Duration.ofSeconds(60);

    /** Calls per request when the API answers 5xx/429 or does not answer (1 = no retry). */
    @Min(1)
    private int maxAttempts = 3;

    /** Wait before the first retry; doubles each time (a Retry-After from the API wins when longer, up to 30 s). */
    @NotNull
    private Duration retryBackoff = Duration.ofSeconds(1);

    /** Estimated tokens of transcript put into one prompt; longer transcripts are shortened evenly. */
    @Min(500)
    private int maxTranscriptTokens = 12_000;

    /** Most tags kept. */
    @Min(1)
    private int maxTags = 10;

    /** Sentences in an extractive description. */
    @Min(1)
    private int descriptionSentences = 3;

    /** Circuit breaker around the LLM call (open: straight to the extractive path). */
    private DestinationSettings.Circuit circuit = new DestinationSettings.Circuit();

    /** True when an LLM provider is configured. */
    public boolean llmEnabled() {
        return !NONE.equals(provider);
    }

    /** The base URL, or the provider's public API. */
    public String effectiveBaseUrl() {
        if (!baseUrl.isBlank()) {
            return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        }
        return GEMINI.equals(provider) ? "https://generativelanguage.googleapis.com" : "https://api.openai.com";
    }

    /** The model, or the provider's default. */
    public String effectiveModel() {
        if (!model.isBlank()) {
            return model;
        }
        return GEMINI.equals(provider) ? "gemini-2.0-flash" : "gpt-4o-mini";
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public String getApiKeyEnv() {
        return apiKeyEnv;
    }

    public void setApiKeyEnv(String apiKeyEnv) {
        this.apiKeyEnv = apiKeyEnv;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Duration getRetryBackoff() {
        return retryBackoff;
    }

    public void setRetryBackoff(Duration retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    public int getMaxTranscriptTokens() {
        return maxTranscriptTokens;
    }

    public void setMaxTranscriptTokens(int maxTranscriptTokens) {
        this.maxTranscriptTokens = maxTranscriptTokens;
    }

    public int getMaxTags() {
        return maxTags;
    }

    public void setMaxTags(int maxTags) {
        this.maxTags = maxTags;
    }

    public int getDescriptionSentences() {
        return descriptionSentences;
    }

    public void setDescriptionSentences(int descriptionSentences) {
        this.descriptionSentences = descriptionSentences;
    }

    public DestinationSettings.Circuit getCircuit() {
        return circuit;
    }

    public void setCircuit(DestinationSettings.Circuit circuit) {
        this.circuit = circuit;
    }
}
