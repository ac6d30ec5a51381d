package io.castwire.publishing.social;

import io.castwire.common.http.MultipartBody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * X API v2 chunked media upload: {@code POST /2/media/upload/initialize}, one
 * {@code POST /2/media/upload/{id}/append} per chunk (multipart, {@code segment_index} and
 * {@code media}), {@code POST /2/media/upload/{id}/finalize}, then {@code GET /2/media/upload}
 * with {@code command=STATUS} as often as X asks (its {@code check_after_secs}) until the video
 * is processed. Each chunk is streamed from the file.
 */
final class XMediaUpload {

    /** X's limit for one APPEND. */
    static final long MAX_CHUNK = 5L * 1024 * 1024;
    /** X's limit for segment_index (0 to 999). */
    static final int MAX_SEGMENTS = 1000;

    private final XProperties props;
    private final SocialHttp http;
    private final XFailures failures;

    XMediaUpload(XProperties props, SocialHttp http, XFailures failures) {
        this.props = props;
        this.http = http;
        this.failures = failures;
    }

    /** Uploads the file and returns its media id once X has processed it. */
    String upload(Path file, String mediaType, String token) throws DeliveryException {
        long size = size(file);
        long chunk = chunkSize(size);
        String id = initialize(size, mediaType, token);
        int segments = (int) ((size + chunk - 1) / chunk);
        for (int segment = 0; segment < segments; segment++) {
            long offset = segment * chunk;
            append(id, segment, file, offset, Math.min(chunk, size - offset), token);
        }
        JsonNode processing = finalizeUpload(id, token);
        awaitProcessing(id, processing, token);
        return id;
    }

    private String initialize(long size, String mediaType, String token) throws DeliveryException {
        ObjectNode body = Json.object();
        body.put("media_type", mediaType);
        body.put("total_bytes", size);
        body.put("media_category", props.getMediaCategory());
        HttpRequest request = http.request(uri("/2/media/upload/initialize"), token)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(Json.write(body)))
                .build();
        ApiResponse r = http.send(request, "media initialize");
        if (!r.ok()) {
            throw failures.of("media initialize", r, token);
        }
        String id = Json.text(r.json().path("data"), "id");
        if (id == null) {
            throw new DeliveryException("x media initialize answered without a media id", r.status(), null);
        }
        return id;
    }

    private void append(String id, int segment, Path file, long offset, long length, String token)
            throws DeliveryException {
        MultipartBody form = new MultipartBody().field("segment_index", Integer.toString(segment));
        HttpRequest request = http.request(uri("/2/media/upload/" + id + "/append"), token)
                .header("Content-Type", form.contentType())
                .POST(form.publisher("media", file.getFileName().toString(), "application/octet-stream", file, offset, length))
                .build();
        ApiResponse r = http.send(request, "media append " + segment);
        if (!r.ok()) {
            throw failures.of("media append " + segment, r, token);
        }
    }

    private JsonNode finalizeUpload(String id, String token) throws DeliveryException {
        HttpRequest request = http.request(uri("/2/media/upload/" + id + "/finalize"), token)
                .POST(BodyPublishers.noBody())
                .build();
        ApiResponse r = http.send(request, "media finalize");
        if (!r.ok()) {
            throw failures.of("media finalize", r, token);
        }
        return r.json().path("data").path("processing_info");
    }

    /** Asks for the status as often as X says, up to media-processing-timeout. */
    private void awaitProcessing(String id, JsonNode processing, String token) throws DeliveryException {
        long deadline = System.nanoTime() + props.getMediaProcessingTimeout().toNanos();
        JsonNode info = processing;
        while (!info.isMissingNode() && !"succeeded".equals(Json.text(info, "state"))) {
            if ("failed".equals(Json.text(info, "state"))) {
                JsonNode error = info.path("error");
                throw new PermanentDeliveryException("x could not process the video: "
                        + firstNonNull(Json.text(error, "message"), Json.text(error, "name"), "no reason given"), 0);
            }
            Duration wait = Duration.ofSeconds(Math.max(1, info.path("check_after_secs").asLong(1)));
            if (System.nanoTime() + wait.toNanos() > deadline) {
                throw new DeliveryException("x is still processing the video after "
                        + props.getMediaProcessingTimeout() + " (castwire.publish.x.media-processing-timeout)", 0, wait);
            }
            HttpRequest request = http.request(uri("/2/media/upload?command=STATUS&media_id=" + FormBody.encode(id)), token)
                    .GET()
                    .build();
            ApiResponse r = http.sendAfter(wait, request, "media status");
            if (!r.ok()) {
                throw failures.of("media status", r, token);
            }
            info = r.json().path("data").path("processing_info");
        }
    }

    /** The configured chunk, at most X's limit, and large enough that the file fits 1000 segments. */
    private long chunkSize(long size) {
        long chunk = Math.max(1, Math.min(props.getChunkSize().toBytes(), MAX_CHUNK));
        return Math.max(chunk, (size + MAX_SEGMENTS - 1) / MAX_SEGMENTS);
    }

    private URI uri(String pathAndQuery) {
        return SocialHttp.uri(props.getBaseUrl(), pathAndQuery);
    }

    private static long size(Path file) throws DeliveryException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new DeliveryException("x: cannot read the media file " + file.getFileName(), e);
        }
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
