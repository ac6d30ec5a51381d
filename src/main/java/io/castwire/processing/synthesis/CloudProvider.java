package io.castwire.processing.synthesis;

import io.castwire.publishing.delivery.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the cloud providers share: the key from its environment variable, one POST whose answer is
 * streamed to a file (audio is never held in memory), and the mapping of HTTP outcomes to
 * {@link SpeechFailure} kinds. Redirects are not followed: they would carry the key elsewhere.
 */
abstract class CloudProvider implements SpeechProvider {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    protected final SynthesisProperties.Provider config;
    private final Secrets secrets;

    CloudProvider(SynthesisProperties.Provider config, Secrets secrets) {
        this.config = config;
        this.secrets = secrets;
    }

    @Override
    public String name() {
        return config.getName();
    }

    @Override
    public boolean paid() {
        return true;
    }

    /** The API key. */
    protected String key() throws SpeechFailure {
        String key = secrets.get(config.getApiKeyEnv());
        if (key == null) {
            throw new SpeechFailure(SpeechFailure.Kind.AUTH, name() + ": the key variable "
                    + (config.getApiKeyEnv() == null || config.getApiKeyEnv().isBlank() ? "(api-key-env not configured)"
                    : "'" + config.getApiKeyEnv() + "'") + " is not set");
        }
        return key;
    }

    /** The configured base URL without a trailing slash, or the provider's public one. */
    protected String base(String publicUrl) {
        String b = config.getBaseUrl() == null || config.getBaseUrl().isBlank() ? publicUrl : config.getBaseUrl();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    protected String model(String fallback) {
        return config.getModel() == null || config.getModel().isBlank() ? fallback : config.getModel();
    }

    /**
     * POSTs {@code body} and streams a 2xx answer into {@code target}.
     *
     * @throws SpeechFailure for any other answer, a timeout or a connection failure
     */
    protected void post(URI uri, Map<String, String> headers, String body, Path target) throws SpeechFailure {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.getTimeout())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        HttpResponse<Path> response;
        try {
            response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofFile(target));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new SpeechFailure(SpeechFailure.Kind.TRANSIENT, name() + " cannot be reached (" + e.getClass().getSimpleName() + ")", e);
        } catch (HttpTimeoutException e) {
            throw new SpeechFailure(SpeechFailure.Kind.TRANSIENT, name() + " did not answer within " + config.getTimeout(), e);
        } catch (IOException e) {
            throw new SpeechFailure(SpeechFailure.Kind.TRANSIENT, name() + ": the connection failed (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechFailure(SpeechFailure.Kind.TRANSIENT, name() + ": interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            String said = snippet(target);
            String key = secrets.get(config.getApiKeyEnv());
            // an error text may quote the key it refused
            throw SpeechFailure.ofStatus(name(), response.statusCode(), key == null ? said : said.replace(key, "***"));
        }
    }

    /** The start of an error answer, one line, for the result's reason. */
    private static String snippet(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            String s = new String(in.readNBytes(300), StandardCharsets.UTF_8);
            return s.replaceAll("[\\p{Cc}\\s]+", " ").strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** A JSON string literal. */
    protected static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
