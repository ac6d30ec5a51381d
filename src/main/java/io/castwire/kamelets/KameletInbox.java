package io.castwire.kamelets;

import io.castwire.common.HubPaths;
import io.castwire.ingest.FileNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where the source Kamelets ({@code castwire-folder-source}, {@code castwire-s3-source}) hand files to
 * castwire: into the watched inbox, under the show's folder, appearing there only when complete
 * (written as a hidden {@code .part} file, then renamed). From there the hub's own ingest takes
 * them exactly like a file a producer dropped: the same validation, quarantine, duplicate
 * detection and sidecar matching. The body is streamed, never held in memory.
 */
@Component("kameletInbox")
public class KameletInbox {

    private static final Logger LOG = LoggerFactory.getLogger(KameletInbox.class);

    private final HubPaths paths;

    public KameletInbox(HubPaths paths) {
        this.paths = paths;
    }

    /**
     * Writes the message body (a file, a stream) into the inbox. The file name is the last segment of
     * {@code CamelFileName} (file consumer) or {@code CamelAwsS3Key} (S3 consumer), made safe.
     * The show is {@code show} when given, else the first folder of that name, else {@code default}.
     * Called by the source Kamelets; leaves the body as the inbox-relative path it wrote.
     *
     * @param show the show slug, or empty to take it from the name's first folder
     * @throws FileAlreadyExistsException when a file of that name still waits in the show's inbox
     *         (the source keeps its file and offers it again on a later poll)
     */
    public String deliver(Exchange exchange, String show) throws IOException {
        Message in = exchange.getMessage();
        String name = in.getHeader(Exchange.FILE_NAME, String.class);
        if (name == null) {
            name = in.getHeader("CamelAwsS3Key", String.class);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the message names no file (no CamelFileName or CamelAwsS3Key header)");
        }
        if (name.endsWith("/")) {
            // an S3 "folder" marker object: nothing to ingest
            exchange.setRouteStop(true);
            return null;
        }
        String[] parts = name.replace('\\', '/').split("/");
        String last = parts[parts.length - 1];
        String slug = show == null || show.isBlank() ? (parts.length > 1 ? FileNames.slug(parts[0]) : "") : FileNames.slug(show);
        if (slug.isEmpty()) {
            slug = FileNames.DEFAULT_SHOW;
        }
        String safe = FileNames.sanitize(last);
        Path dir = Files.createDirectories(paths.inbox().resolve(slug));
        Path target = dir.resolve(safe);
        if (!target.normalize().startsWith(paths.inbox().normalize())) {
            throw new IllegalArgumentException("not below the inbox: " + FileNames.printable(name));
        }
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(slug + "/" + safe, null, "a file of that name still waits in the inbox");
        }
        Path part = dir.resolve("." + safe + "." + Long.toHexString(System.nanoTime()) + ".part");
        try (InputStream body = in.getMandatoryBody(InputStream.class)) {
            Files.copy(body, part);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (org.apache.camel.InvalidPayloadException e) {
            throw new IllegalArgumentException("the message body is not a file or a stream: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(part);
        }
        String relative = slug + "/" + safe;
        LOG.info("Kamelet source handed {} to the inbox", FileNames.printable(relative));
        in.setHeader(KameletHeaders.SHOW, slug);
        in.setHeader(KameletHeaders.INBOX_PATH, relative);
        in.setBody(relative);
        return relative;
    }
}
