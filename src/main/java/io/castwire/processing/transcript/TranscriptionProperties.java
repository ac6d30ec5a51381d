package io.castwire.processing.transcript;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code castwire.transcription.*}: the OpenAI-compatible speech-to-text service that transcribes
 * episodes which arrive without a transcript. Disabled while {@code url} is empty.
 * <p>
 * No {@code toString}: the API key must never end up in a log line.
 */
@Validated
@ConfigurationProperties(prefix = "castwire.transcription")
public class TranscriptionProperties {

    static final String ENDPOINT = "/v1/audio/transcriptions";

    /**
     * Base URL of the service, e.g. {@code http://localhost:8081} or {@code https://api.openai.com};
     * {@value #ENDPOINT} is appended unless the URL already ends with it. Empty disables transcription.
     */
    @NotNull
    @io.castwire.common.HttpUrl(optional = true)
    private String url = "";

    /** Sent as {@code Authorization: Bearer}; env {@code CASTWIRE_TRANSCRIPTION_API_KEY}. Empty sends none. */
    @NotNull
    @Pattern(regexp = "^[\\x21-\\x7e]*$", message = "must be one word of printable characters (no spaces or line breaks)")
    private String apiKey = "";

    /** The {@code model} form field. */
    @NotBlank
    @Pattern(regexp = "^[^\\r\\n\"]+$", message = "must be one line without quotes")
    private String model = "whisper-1";

    /** ISO-639-1 language of the speech (e.g. {@code en}); empty lets the service detect it. */
    @NotNull
    @Pattern(regexp = "^[A-Za-z_-]{0,16}$", message = "must be a language code such as en")
    private String language = "";

    /** Longest the hub waits for one transcription answer. */
    @NotNull
    @io.castwire.common.Amount
    private Duration timeout = Duration.ofMinutes(30);

    /**
     * Largest file sent. Bigger media, and media the service may not decode, are first reduced to
     * mono 16 kHz 32 kb/s MP3; if that is still bigger, the episode is processed without a transcript.
     */
    @NotNull
    @io.castwire.common.Amount
    private DataSize maxUploadSize = DataSize.ofMegabytes(25);

    /** True when a service is configured. */
    public boolean enabled() {
        return url != null && !url.isBlank();
    }

    /** The full transcription endpoint for the configured {@link #getUrl() url}. */
    public URI endpoint() {
        String base = url.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (base.endsWith(ENDPOINT)) {
            return URI.create(base);
        }
        // hosted services document their base URL with /v1 (https://api.openai.com/v1)
        if (base.endsWith("/v1")) {
            return URI.create(base + ENDPOINT.substring("/v1".length()));
        }
        return URI.create(base + ENDPOINT);
    }

    public String getUrl() { return url; }
    public void setUrl(String v) { this.url = v == null ? "" : v; }
    public String getApiKey() { return apiKey; }
    public void setApiKey(String v) { this.apiKey = v == null ? "" : v; }
    public String getModel() { return model; }
    public void setModel(String v) { this.model = v; }
    public String getLanguage() { return language; }
    public void setLanguage(String v) { this.language = v == null ? "" : v; }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration v) { this.timeout = v; }
    public DataSize getMaxUploadSize() { return maxUploadSize; }
    public void setMaxUploadSize(DataSize v) { this.maxUploadSize = v; }
}
