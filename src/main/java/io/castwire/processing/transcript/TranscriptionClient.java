package io.castwire.processing.transcript;

import io.castwire.common.HubPaths;
import io.castwire.processing.probe.Ffmpeg;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Calls an OpenAI-compatible speech-to-text endpoint ({@code POST /v1/audio/transcriptions}, the
 * form OpenAI, Groq, speaches/faster-whisper-server and whisper.cpp's server accept) and reads its
 * {@code verbose_json} answer with {@link TranscriptParser}.
 * <p>
 * The media is streamed from disk and the answer is streamed to a work file: neither is held in
 * memory. The API key and the answer's body are never logged; logs name sizes and status codes.
 */
@Component
public class TranscriptionClient {

    private static final Logger LOG = LoggerFactory.getLogger(TranscriptionClient.class);

    private final TranscriptionProperties properties;
    private final TranscriptParser parser;
    private final Ffmpeg ffmpeg;
    private final HubPaths paths;
    private final Clock clock;
    private final HttpClient http;

    public TranscriptionClient(TranscriptionProperties properties, TranscriptParser parser, Ffmpeg ffmpeg,
                               HubPaths paths, Clock clock) {
        this.properties = properties;
        this.parser = parser;
        this.ffmpeg = ffmpeg;
        this.paths = paths;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                // a redirect would carry the key to wherever it points
                .followRedirects(HttpClient.Redirect.NEVER)
                // plain http servers (whisper.cpp) need no h2c upgrade attempt on a large POST
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(min(properties.getTimeout(), Duration.ofSeconds(30)))
                .build();
    }

    /** True when {@code castwire.transcription.url} is set. */
    public boolean enabled() {
        return properties.enabled();
    }

    /** The configured model ({@code castwire.transcription.model}), the provider the price table knows it by. */
    public String model() {
        return properties.getModel();
    }

    /** host[:port] of the configured service, for timelines and logs (never credentials or paths). */
    public String service() {
        URI uri = properties.endpoint();
        return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /**
     * Transcribes a media file.
     *
     * @param audio the stored media; reduced to mono MP3 first when it is large or not plain audio
     * @return the segments, as {@link TranscriptParser} reads them from the service's verbose_json
     * @throws TranscriptionException {@link TranscriptionException#permanent() permanent} when trying
     *                                again cannot help, else retryable (service busy or down, timeout)
     */
    public Transcript transcribe(Path audio) throws TranscriptionException {
        return transcribe(audio, null, () -> { });
    }

    /**
     * Transcribes a media file, calling {@code stillWorking} once the upload is ready and then every
     * {@code every} while the service works, so a caller can keep a lease on the episode through a
     * long transcription.
     *
     * @see #transcribe(Path)
     */
    public Transcript transcribe(Path audio, Duration every, Runnable stillWorking) throws TranscriptionException {
        if (!enabled()) {
            throw new IllegalStateException("no transcription service configured (castwire.transcription.url)");
        }
        try (UploadAudio upload = UploadAudio.prepare(audio, properties.getMaxUploadSize().toBytes(), ffmpeg, paths.work())) {
            // reducing a long video takes a while too
            stillWorking.run();
            Path answer = workFile();
            try {
                return call(upload, answer, every, stillWorking);
            } finally {
                try {
                    Files.deleteIfExists(answer);
                } catch (IOException e) {
                    LOG.warn("Could not delete work file {}: {}", answer, e.getMessage());
                }
            }
        }
    }

    private Transcript call(UploadAudio upload, Path answer, Duration every, Runnable stillWorking)
            throws TranscriptionException {
        HttpRequest request = request(upload);
        long size = sizeOf(upload.file);
        LOG.info("Sending {} bytes ({}) to the transcription service at {}", size,
                upload.reduced() ? UploadAudio.REDUCED : upload.fileName, service());
        long started = System.nanoTime();
        HttpResponse<Path> response = await(http.sendAsync(request, HttpResponse.BodyHandlers.ofFile(answer)),
                every, stillWorking);
        long answerSize = sizeOf(answer);
        LOG.info("The transcription service at {} answered HTTP {} with {} bytes after {} ms", service(),
                response.statusCode(), answerSize, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        if (response.statusCode() / 100 != 2) {
            throw failure(response, answer, answerSize);
        }
        try {
            return parser.parse(answer);
        } catch (TranscriptParseException e) {
            String reason = ServiceAnswer.error(answer, answerSize).map(ServiceAnswer.Error::message)
                    .map(m -> "it says " + quoted(m)).orElse(e.getMessage());
            throw TranscriptionException.permanent("the transcription service's answer is not a usable transcript: "
                    + scrub(reason));
        } catch (IOException e) {
            throw TranscriptionException.retryable("cannot read the transcription service's answer: " + e.getMessage(), e);
        }
    }

    private HttpRequest request(UploadAudio upload) throws TranscriptionException {
        io.castwire.common.http.MultipartBody form = new io.castwire.common.http.MultipartBody()
                .field("model", properties.getModel())
                .field("response_format", "verbose_json")
                .field("timestamp_granularities[]", "segment");
        if (!properties.getLanguage().isBlank()) {
            form.field("language", properties.getLanguage());
        }
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(properties.endpoint())
                    .timeout(properties.getTimeout())
                    .header("Content-Type", form.contentType())
                    .header("Accept", "application/json")
                    .POST(form.publisher("file", upload.fileName, upload.contentType, upload.file));
        } catch (IOException e) {
            throw TranscriptionException.retryable("cannot read the media to upload: " + e.getMessage(), e);
        }
        if (!properties.getApiKey().isBlank()) {
            b.header("Authorization", "Bearer " + properties.getApiKey());
        }
        return b.build();
    }

    /** Waits for the answer up to the timeout, reporting progress; a late answer is cancelled. */
    private HttpResponse<Path> await(CompletableFuture<HttpResponse<Path>> future, Duration every, Runnable stillWorking)
            throws TranscriptionException {
        long deadline = System.nanoTime() + properties.getTimeout().toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    future.cancel(true);
                    throw timedOut(null);
                }
                long wait = every == null || every.isZero() || every.isNegative() ? left : Math.min(left, every.toNanos());
                try {
                    return future.get(wait, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (deadline - System.nanoTime() > 0) {
                        stillWorking.run();
                    }
                }
            }
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw TranscriptionException.retryable("interrupted while waiting for the transcription service", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
                throw TranscriptionException.retryable("cannot reach the transcription service at " + service()
                        + " (" + describe(cause) + ")", cause);
            }
            if (cause instanceof HttpTimeoutException) {
                throw timedOut(cause);
            }
            throw TranscriptionException.retryable("the connection to the transcription service at " + service()
                    + " failed (" + describe(cause) + ")", cause);
        }
    }

    private TranscriptionException timedOut(Throwable cause) {
        return TranscriptionException.retryable("no answer from the transcription service at " + service()
                + " within castwire.transcription.timeout (" + properties.getTimeout() + ")", cause);
    }

    private TranscriptionException failure(HttpResponse<Path> response, Path answer, long size) {
        int status = response.statusCode();
        Optional<ServiceAnswer.Error> error = ServiceAnswer.error(answer, size);
        String code = error.map(ServiceAnswer.Error::code).orElse(null);
        String said = error.map(ServiceAnswer.Error::message).map(m -> ": " + quoted(scrub(m))).orElse("");
        String at = "the transcription service at " + service();
        if (status == 401 || status == 403) {
            // the service's text may quote part of the key, so it is left out
            return TranscriptionException.permanent("the transcription service refused the API key (HTTP " + status
                    + "); check CASTWIRE_TRANSCRIPTION_API_KEY");
        }
        if (status == 429 && "insufficient_quota".equals(code)) {
            return TranscriptionException.permanent(at + " says the account has no quota left (HTTP 429" + said + ")");
        }
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            Optional<Duration> wait = ServiceAnswer.retryAfter(response.headers(), clock);
            return new TranscriptionException(at + " answered HTTP " + status + said
                    + wait.map(d -> "; it asked to retry after " + d.toSeconds() + " s").orElse(""), false, wait.orElse(null));
        }
        if (status == 404) {
            return TranscriptionException.permanent(at + " has no " + properties.endpoint().getPath()
                    + " (HTTP 404); check castwire.transcription.url");
        }
        if (status == 413) {
            return TranscriptionException.permanent(at + " refused the upload as too large (HTTP 413); lower"
                    + " castwire.transcription.max-upload-size so the hub sends reduced audio");
        }
        if (status / 100 == 3) {
            return TranscriptionException.permanent(at + " answered with a redirect (HTTP " + status
                    + "); set castwire.transcription.url to the address it redirects to");
        }
        return TranscriptionException.permanent(at + " rejected the request (HTTP " + status + said + ")");
    }

    /** Removes the key should a service ever echo it in a message the hub passes on. */
    private String scrub(String s) {
        String key = properties.getApiKey();
        return key.isBlank() ? s : s.replace(key, "***");
    }

    private Path workFile() throws TranscriptionException {
        try {
            // the name tells TranscriptParser it is JSON
            return Files.createTempFile(paths.work(), "transcription-", ".transcript.json");
        } catch (IOException e) {
            throw TranscriptionException.retryable("cannot create a work file: " + e.getMessage(), e);
        }
    }

    private static long sizeOf(Path p) throws TranscriptionException {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw TranscriptionException.retryable("cannot read " + p.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String quoted(String s) {
        return "'" + s + "'";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }
}
