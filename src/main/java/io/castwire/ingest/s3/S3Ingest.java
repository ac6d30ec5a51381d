package io.castwire.ingest.s3;

import io.castwire.common.storage.S3Properties;
import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.ingest.FileNames;
import io.castwire.ingest.IngestGate;
import io.castwire.ingest.IngestOutcome;
import io.castwire.ingest.IngestRejection;
import io.castwire.ingest.IngestRejection.Code;
import io.castwire.ingest.MediaIngest;
import io.castwire.ingest.Quarantine;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Takes one object from the S3 inbox. Its body is streamed to a file under
 * {@code castwire.home/work} (never held in memory) and judged by the same {@link IngestGate} as
 * the watched folder. Taken objects are moved to the processed prefix; refused ones to the
 * quarantine prefix next to {@code <key>.error.json}. When the database is away, the object stays
 * where it is and is listed again on a later poll.
 */
@Component
@Conditional(S3IngestEnabled.class)
public class S3Ingest {

    private static final Logger LOG = LoggerFactory.getLogger(S3Ingest.class);
    private static final int BUFFER = 256 * 1024;

    private final S3Client s3;
    private final IngestGate gate;
    private final Quarantine quarantine;
    private final HubPaths paths;
    private final MeterRegistry meters;
    private final FileNames names;
    private final long maxFileSize;
    private final String bucket;
    private final String prefix;
    private final String processedPrefix;
    private final String quarantinePrefix;

    public S3Ingest(@Qualifier(S3IngestConfiguration.CLIENT) S3Client s3, S3Properties properties, IngestGate gate,
                    Quarantine quarantine, HubPaths paths, MeterRegistry meters, FileNames names,
                    CastwireProperties castwire) {
        this.names = names;
        this.maxFileSize = castwire.getIngest().getMaxFileSize().toBytes();
        this.s3 = s3;
        this.gate = gate;
        this.quarantine = quarantine;
        this.paths = paths;
        this.meters = meters;
        S3Properties.Ingest p = properties.getIngest();
        this.bucket = p.getBucket();
        this.prefix = folder(p.getPrefix());
        this.processedPrefix = folder(p.getProcessedPrefix());
        this.quarantinePrefix = folder(p.getQuarantinePrefix());
        checkDisjoint(prefix, processedPrefix, quarantinePrefix);
        removeLeftovers(paths.work());
    }

    /**
     * Downloads a crash interrupted are useless (their objects are still in the bucket, to be taken
     * again): removed at start-up, before the route can start a new one.
     */
    static void removeLeftovers(Path work) {
        try (var dirs = Files.newDirectoryStream(work, "s3-*")) {
            for (Path dir : dirs) {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
                LOG.info("Removed an interrupted S3 download: {}", dir.getFileName());
            }
        } catch (IOException e) {
            LOG.warn("Could not remove interrupted S3 downloads in {}: {}", work, e.toString());
        }
    }

    /** A key prefix as a folder: no leading slash, one trailing slash (empty stays empty). */
    static String folder(String prefix) {
        String p = prefix == null ? "" : prefix.strip().replaceAll("^/+", "");
        return p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }

    /** Taken and refused objects must land outside the inbox prefix, or they would be taken again. */
    static void checkDisjoint(String inbox, String processed, String quarantined) {
        for (String[] pair : new String[][] {{"processed-prefix", processed}, {"quarantine-prefix", quarantined}}) {
            if (pair[1].isEmpty() || pair[1].startsWith(inbox) || inbox.startsWith(pair[1])) {
                throw new IllegalStateException("castwire.s3.ingest." + pair[0] + " '" + pair[1]
                        + "' must be a non-empty prefix outside castwire.s3.ingest.prefix '" + inbox + "'");
            }
        }
        if (processed.equals(quarantined)) {
            throw new IllegalStateException("castwire.s3.ingest.processed-prefix and quarantine-prefix must differ");
        }
    }

    /** The inbox prefix listed by route {@code ingest-s3-poll}. */
    public String prefix() {
        return prefix;
    }

    /**
     * Takes the object with this key, reading its body once, to a local file. Called by route
     * {@code ingest-s3-poll} with the consumer's open object stream and its length.
     *
     * @param length the object's size as listed (null if unknown): media above
     *               {@code castwire.ingest.max-file-size} are refused before a byte is downloaded
     * @return what happened; the object has left the inbox prefix unless an exception is thrown
     */
    public IngestOutcome accept(String key, InputStream body, Long length) throws Exception {
        boolean read = false;
        Path tmp = null;
        try {
            Path relative;
            try {
                relative = relative(key);
                if (length != null && length > maxFileSize && isMedia(relative)) {
                    throw MediaIngest.tooLarge(length, maxFileSize);
                }
            } catch (IngestRejection bad) {
                String name = key.substring(key.lastIndexOf('/') + 1);
                String show = key.substring(prefix.length()).contains("/")
                        ? FileNames.slug(key.substring(prefix.length(), key.indexOf('/', prefix.length()))) : FileNames.DEFAULT_SHOW;
                reject(key, show.isEmpty() ? FileNames.DEFAULT_SHOW : show, name, bad);
                meters.counter("castwire.ingest.files", "source", "s3", "result", IngestOutcome.Result.QUARANTINED.name())
                        .increment();
                return IngestOutcome.quarantined(bad.getMessage());
            }
            // while the database is away, do not download what cannot be registered
            String id = "s3://" + bucket + "/" + key;
            gate.checkDatabase(id);
            // nor while the processing queue is full (the object stays in the bucket)
            gate.checkRoom("s3", relative);
            // the original name is kept: parsers judge sidecars by their suffix
            tmp = Files.createTempDirectory(paths.work(), "s3-")
                    .resolve(FileNames.sanitize(relative.getFileName().toString()));
            copy(body, tmp);
            read = true;
            IngestOutcome outcome = gate.take("s3", id, tmp, relative,
                    (show, original, why) -> reject(key, show, original, why));
            if (outcome.result() != IngestOutcome.Result.QUARANTINED) {
                move(key, processedPrefix + key.substring(prefix.length()));
            }
            return outcome;
        } finally {
            if (!read && body instanceof ResponseInputStream<?> response) {
                // closing an unread response would drain the whole object over the network
                response.abort();
            }
            if (tmp != null) {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(tmp.getParent());
            }
        }
    }

    private boolean isMedia(Path relative) {
        try {
            return names.classify(relative).kind() == io.castwire.ingest.InboxFile.Kind.MEDIA;
        } catch (IngestRejection e) {
            return false; // refused later, with its own reason
        }
    }

    /** The key below the inbox prefix as a path in the inbox layout, or why it cannot be one. */
    Path relative(String key) throws IngestRejection {
        if (!key.startsWith(prefix) || key.length() == prefix.length()) {
            throw new IllegalArgumentException("not below the S3 inbox prefix: " + FileNames.printable(key));
        }
        String rest = key.substring(prefix.length());
        for (String segment : rest.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IngestRejection(Code.BAD_LOCATION, "the key '" + FileNames.printable(key)
                        + "' has an empty, '.' or '..' part", "name objects " + prefix + "<show>/<name>.<ext> or "
                        + prefix + "<name>.<ext>");
            }
        }
        try {
            return Path.of(rest);
        } catch (InvalidPathException e) {
            throw new IngestRejection(Code.UNSAFE_FILE, "the key '" + FileNames.printable(key)
                    + "' cannot be a file name: " + e.getReason(), "rename the object without control characters");
        }
    }

    private static void copy(InputStream in, Path target) throws IOException {
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        }
    }

    /** Quarantines the object: its explanation first, then the copy, then the original goes. */
    private void reject(String key, String show, String original, IngestRejection why) throws IOException {
        String target = free(quarantinePrefix + key.substring(prefix.length()));
        byte[] report = quarantine.explain(show, original, why, "s3://" + bucket + "/" + target);
        s3.putObject(r -> r.bucket(bucket).key(target + ".error.json").contentType("application/json"),
                RequestBody.fromBytes(report));
        move(key, target);
        quarantine.counted(why);
        LOG.warn("Quarantined s3://{}/{} as {} ({}): {}", bucket, FileNames.printable(key), FileNames.printable(target),
                why.code(), why.getMessage());
    }

    /** A quarantine key not yet taken by an earlier refusal: {@code name.mp3}, {@code name-1.mp3}, ... */
    private String free(String key) {
        String candidate = key;
        for (int i = 1; exists(candidate) || exists(candidate + ".error.json"); i++) {
            int slash = key.lastIndexOf('/') + 1;
            int dot = key.indexOf('.', slash);
            candidate = dot > slash ? key.substring(0, dot) + "-" + i + key.substring(dot) : key + "-" + i;
        }
        return candidate;
    }

    private boolean exists(String key) {
        try {
            s3.headObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Server-side copy, then delete: the bytes never pass through castwire. */
    private void move(String from, String to) {
        s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to));
        s3.deleteObject(r -> r.bucket(bucket).key(from));
    }
}
