package io.castwire.publishing.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.publishing.delivery.DeliveryException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * YouTube's resumable upload protocol: {@code POST /upload/youtube/v3/videos?uploadType=resumable}
 * with the metadata opens a session (its URI in {@code Location}); the file goes up in chunks of
 * 256 KiB multiples ({@code PUT} with {@code Content-Range}), each answered 308 with the committed
 * {@code Range}, the last one 200/201 with the video. After an interruption the committed range is
 * asked for ({@code Content-Range: bytes *}/total) and the upload continues from there; a session
 * that expired (404/410) is replaced by a new one. The session and the committed offset are
 * stored after every step ({@link YoutubeUploads}).
 */
final class ResumableUpload {

    static final long QUANTUM = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ResumableUpload.class);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    /** The authenticated calls of the destination (401: refresh once and retry). */
    interface Calls {
        YoutubeHttp.Answer call(String what, java.util.function.Function<String, HttpRequest> build) throws DeliveryException;

        DeliveryException failure(String what, YoutubeHttp.Answer a);

        /** Charges videos.insert if the day has room for it and the {@code alsoNeeded} units that follow it. */
        void reserveInsert(long alsoNeeded) throws DeliveryException;
    }

    /** Where a session stands: finished (with the video) or committed up to an offset, or gone. */
    private record State(JsonNode video, long committed, boolean gone) {
    }

    private final YoutubeProperties props;
    private final YoutubeUploads uploads;
    private final YoutubeHttp http;
    private final Calls calls;

    ResumableUpload(YoutubeProperties props, YoutubeUploads uploads, YoutubeHttp http, Calls calls) {
        this.props = props;
        this.uploads = uploads;
        this.http = http;
        this.calls = calls;
    }

    /**
     * Uploads {@code file} (or finishes the stored session) and returns the video resource.
     *
     * @param metadata   the video resource to create (snippet, status)
     * @param followUps  quota units the calls after the upload will need (a new session starts only if they fit too)
     */
    JsonNode upload(long publicationId, Path file, long total, String contentType, String metadata, long followUps)
            throws DeliveryException {
        YoutubeUploads.Row row = uploads.find(publicationId).orElseThrow();
        String session = row.sessionUri();
        long offset = 0;
        if (session != null) {
            State s = status(session, total);
            if (s.video() != null) {
                return s.video();
            }
            if (s.gone()) {
                LOG.info("youtube: the upload session of publication {} expired; starting a new one", publicationId);
                uploads.dropSession(publicationId);
                session = null;
            } else {
                offset = s.committed();
                uploads.committed(publicationId, offset);
                LOG.info("youtube: resuming the upload of publication {} at byte {} of {}", publicationId, offset, total);
            }
        }
        if (session == null) {
            session = start(publicationId, total, contentType, metadata, followUps);
        }
        long chunk = chunkSize();
        int resumes = 0;
        while (true) {
            long length = Math.min(chunk, total - offset);
            YoutubeHttp.Answer a;
            try {
                a = put(session, file, offset, length, total);
            } catch (DeliveryException interrupted) {
                // no answer: the connection dropped mid-chunk, or timed out (anything else is not an interruption)
                if (interrupted instanceof io.castwire.publishing.delivery.PermanentDeliveryException
                        || interrupted instanceof io.castwire.publishing.delivery.DeferredDeliveryException
                        || interrupted.status() != 0 || ++resumes > props.getMaxResumes()) {
                    throw interrupted;
                }
                LOG.warn("youtube: chunk at byte {} of publication {} interrupted ({}); asking what was committed",
                        offset, publicationId, interrupted.getMessage());
                a = null;
            }
            if (a != null && (a.status() == 200 || a.status() == 201)) {
                return a.json();
            }
            if (a != null && a.status() == 308) {
                long now = committed(a);
                if (now <= offset && ++resumes > props.getMaxResumes()) {
                    // YouTube keeps answering without taking the bytes: stop, the next attempt resumes
                    throw new DeliveryException("youtube upload chunk: the session committed nothing past byte " + now
                            + " of " + total + " after " + props.getMaxResumes() + " tries", 308, null);
                }
                offset = now;
                uploads.committed(publicationId, offset);
                continue;
            }
            if (a != null && (a.status() == 404 || a.status() == 410)) {
                LOG.info("youtube: the upload session of publication {} expired mid-upload; starting a new one",
                        publicationId);
                uploads.dropSession(publicationId);
                session = start(publicationId, total, contentType, metadata, followUps);
                offset = 0;
                continue;
            }
            if (a != null && a.status() < 500) {
                throw calls.failure("upload chunk", a);
            }
            if (a != null && ++resumes > props.getMaxResumes()) {
                throw calls.failure("upload chunk", a);
            }
            State s = status(session, total);
            if (s.video() != null) {
                return s.video();
            }
            if (s.gone()) {
                uploads.dropSession(publicationId);
                session = start(publicationId, total, contentType, metadata, followUps);
                offset = 0;
            } else {
                offset = s.committed();
                uploads.committed(publicationId, offset);
            }
        }
    }

    /**
     * Asks the stored session whether it finished (a crash after the last chunk): the video
     * resource when it did, else null.
     */
    JsonNode finished(String session, long total) throws DeliveryException {
        return status(session, total).video();
    }

    private String start(long publicationId, long total, String contentType, String metadata, long followUps)
            throws DeliveryException {
        calls.reserveInsert(followUps);
        URI uri = YoutubeHttp.uri(props.getBaseUrl(), "/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status");
        YoutubeHttp.Answer a = calls.call("videos.insert", token -> http.request(uri)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json; charset=UTF-8")
                .header("X-Upload-Content-Length", Long.toString(total))
                .header("X-Upload-Content-Type", contentType)
                .POST(BodyPublishers.ofString(metadata))
                .build());
        if (!a.ok()) {
            throw calls.failure("videos.insert", a);
        }
        String location = a.header("Location");
        if (location == null) {
            throw new DeliveryException("youtube videos.insert answered HTTP " + a.status() + " without a session URI",
                    a.status(), null);
        }
        URI session = URI.create(props.getBaseUrl()).resolve(location);
        uploads.session(publicationId, session.toString());
        return session.toString();
    }

    private YoutubeHttp.Answer put(String session, Path file, long offset, long length, long total)
            throws DeliveryException {
        return calls.call("upload chunk", token -> http.request(URI.create(session))
                .header("Authorization", "Bearer " + token)
                .header("Content-Range", "bytes " + offset + "-" + (offset + length - 1) + "/" + total)
                .PUT(io.castwire.common.http.FileSlice.publisher(file, offset, length))
                .build());
    }

    private State status(String session, long total) throws DeliveryException {
        YoutubeHttp.Answer a = calls.call("upload status", token -> http.request(URI.create(session))
                .header("Authorization", "Bearer " + token)
                .header("Content-Range", "bytes */" + total)
                .PUT(BodyPublishers.noBody())
                .build());
        if (a.status() == 200 || a.status() == 201) {
            return new State(a.json(), total, false);
        }
        if (a.status() == 308) {
            return new State(null, committed(a), false);
        }
        if (a.status() == 404 || a.status() == 410) {
            return new State(null, 0, true);
        }
        throw calls.failure("upload status", a);
    }

    /** The offset after the committed range of a 308 ({@code Range: bytes=0-N}; none: nothing yet). */
    static long committed(YoutubeHttp.Answer a) {
        String range = a.header("Range");
        if (range == null) {
            return 0;
        }
        Matcher m = RANGE.matcher(range.strip());
        return m.matches() ? Long.parseLong(m.group(2)) + 1 : 0;
    }

    private long chunkSize() {
        long c = props.getChunkSize().toBytes();
        return Math.max(QUANTUM, c - c % QUANTUM);
    }

}
