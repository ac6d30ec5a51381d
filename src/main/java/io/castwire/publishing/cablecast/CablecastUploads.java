package io.castwire.publishing.cablecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castwire.publishing.delivery.DeliveryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Cablecast's chunked file upload: {@code POST /fileuploads} ({@code {"fileUpload": {"fileName",
 * "size"}}}), one {@code POST /fileuploads/{id}/upload?offset=N} per segment (the segment's bytes
 * as {@code application/octet-stream}, streamed from the file), {@code POST /fileuploads/{id}/complete},
 * then {@code GET /fileuploads/{id}} until its {@code state} is {@code finished}
 * ({@code uploading → processing → finished}, or {@code failed}).
 * <p>
 * Resumable: the upload id and the segments done are written to {@code cablecast_publications}
 * after each segment. A later attempt asks the server how many bytes it holds
 * ({@code uploadedBytes}) and continues from there; an upload the server lost (404, or
 * {@code failed}) is started again from the first byte, at most {@link #MAX_RESTARTS} times per attempt.
 */
@Component
public class CablecastUploads {

    static final int MAX_RESTARTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(CablecastUploads.class);

    /** The server no longer has the upload. */
    private static final class Lost extends Exception {
        Lost(String message) {
            super(message);
        }
    }

    private final CablecastApi api;
    private final CablecastProperties props;
    private final CablecastPublications store;

    public CablecastUploads(CablecastApi api, CablecastProperties props, CablecastPublications store) {
        this.api = api;
        this.props = props;
        this.store = store;
    }

    /**
     * Uploads the publication's media file, resuming what an earlier attempt left, and returns the
     * finished upload's id.
     */
    public long media(long publicationId, Path file) throws DeliveryException {
        long size = size(file);
        long chunk = Math.max(1, props.getChunkSize().toBytes());
        String name = file.getFileName().toString();
        boolean fresh = false;
        for (int restarts = 0; ; restarts++) {
            CablecastPublications.Row row = store.find(publicationId).orElseThrow();
            if (row.uploadDone() && row.uploadId() != null && !fresh) {
                return row.uploadId();
            }
            Long id = fresh ? null : row.uploadId();
            long offset = 0;
            String state = "uploading";
            try {
                if (id != null) {
                    JsonNode u = read(id);
                    if (u.path("size").asLong(-1) != size) {
                        throw new Lost("upload " + id + " has another size");
                    }
                    state = u.path("state").asText("uploading");
                    offset = Math.max(0, Math.min(size, u.path("uploadedBytes").asLong(0)));
                    if (offset > 0) {
                        LOG.info("cablecast: resuming upload {} of {} at byte {} of {}", id, name, offset, size);
                    }
                } else {
                    id = create(name, size);
                    store.uploadCreated(publicationId, id, name, size, chunk);
                }
                fresh = false;
                long uploadId = id;
                if (state.equals("uploading")) {
                    send(file, uploadId, offset, size, chunk, sent -> store.segmentsDone(publicationId,
                            (int) ((sent + chunk - 1) / chunk)));
                    complete(uploadId);
                }
                awaitFinished(uploadId);
                store.uploadFinished(publicationId);
                return uploadId;
            } catch (Lost lost) {
                if (restarts + 1 >= MAX_RESTARTS) {
                    throw new DeliveryException("cablecast lost the upload of " + name + " " + MAX_RESTARTS
                            + " times in one attempt (" + lost.getMessage() + ")", 404, null);
                }
                LOG.warn("cablecast: {}; starting the upload of {} again", lost.getMessage(), name);
                fresh = true;
            }
        }
    }

    /** Uploads a small file (a caption file) in one go and returns the finished upload's id; not resumable. */
    public long whole(Path file) throws DeliveryException {
        long size = size(file);
        long chunk = Math.max(1, props.getChunkSize().toBytes());
        String name = file.getFileName().toString();
        for (int restarts = 0; ; restarts++) {
            try {
                long id = create(name, size);
                send(file, id, 0, size, chunk, sent -> { });
                complete(id);
                awaitFinished(id);
                return id;
            } catch (Lost lost) {
                if (restarts + 1 >= MAX_RESTARTS) {
                    throw new DeliveryException("cablecast lost the upload of " + name + ": " + lost.getMessage(), 404,
                            null);
                }
            }
        }
    }

    private long create(String name, long size) throws DeliveryException {
        ObjectNode body = CablecastApi.MAPPER.createObjectNode();
        body.putObject("fileUpload").put("fileName", name).put("size", size);
        CablecastApi.Answer a = api.post("/fileuploads", body, "create upload");
        api.check(a, "create upload");
        JsonNode id = a.json().path("fileUpload").path("id");
        if (!id.canConvertToLong() || id.isMissingNode()) {
            throw new DeliveryException("cablecast create upload answered HTTP " + a.status() + " without an id",
                    a.status(), null);
        }
        return id.asLong();
    }

    private JsonNode read(long id) throws DeliveryException, Lost {
        CablecastApi.Answer a = api.get("/fileuploads/" + id, "read upload " + id);
        if (a.status() == 404) {
            throw new Lost("upload " + id + " is gone (404)");
        }
        api.check(a, "read upload " + id);
        JsonNode u = a.json().path("fileUpload");
        if ("failed".equals(u.path("state").asText())) {
            throw new Lost("upload " + id + " failed at the server");
        }
        return u;
    }

    private interface Progress {
        void sent(long bytes);
    }

    private void send(Path file, long id, long from, long size, long chunk, Progress progress)
            throws DeliveryException, Lost {
        for (long offset = from; offset < size; ) {
            long length = Math.min(chunk, size - offset);
            String what = "upload segment " + (offset / chunk) + " of upload " + id;
            CablecastApi.Answer a = api.postBytes("/fileuploads/" + id + "/upload?offset=" + offset, file, offset, length,
                    what);
            if (a.status() == 404) {
                throw new Lost("upload " + id + " is gone (404 at byte " + offset + ")");
            }
            api.check(a, what);
            offset += length;
            progress.sent(offset);
        }
    }

    private void complete(long id) throws DeliveryException, Lost {
        CablecastApi.Answer a = api.post("/fileuploads/" + id + "/complete", CablecastApi.MAPPER.createObjectNode(),
                "complete upload " + id);
        if (a.status() == 404) {
            throw new Lost("upload " + id + " is gone (404 at complete)");
        }
        api.check(a, "complete upload " + id);
    }

    private void awaitFinished(long id) throws DeliveryException, Lost {
        long deadline = System.nanoTime() + props.getUploadProcessingTimeout().toNanos();
        while (true) {
            String state = read(id).path("state").asText("");
            if (state.equals("finished")) {
                return;
            }
            if (state.equals("uploading")) {
                // the server forgot the completion (a restart on its side): complete again
                complete(id);
            }
            if (System.nanoTime() > deadline) {
                throw new DeliveryException("cablecast is still processing upload " + id + " after "
                        + props.getUploadProcessingTimeout() + " (castwire.publish.cablecast.upload-processing-timeout);"
                        + " the next attempt continues from here", 0, null);
            }
            pause(props.getUploadPollInterval());
        }
    }

    private static void pause(Duration d) throws DeliveryException {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("cablecast: interrupted while waiting for an upload", e);
        }
    }

    private static long size(Path file) throws DeliveryException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new DeliveryException("cablecast: cannot read the media file " + file.getFileName(), e);
        }
    }
}
