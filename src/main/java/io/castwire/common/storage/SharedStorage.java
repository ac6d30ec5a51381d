package io.castwire.common.storage;

import io.castwire.common.HubPaths;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Media shared between replicas through one bucket: every file written below
 * {@code castwire.home/media} or {@code castwire.home/public} is uploaded (streamed from disk) to
 * {@code <prefix><path below home>}, and such a file missing locally is downloaded the first time a
 * path to it is resolved ({@link HubPaths#resolve}). Other folders (inbox, quarantine, work) stay
 * local. Installed into {@link HubPaths} by {@code SharedStorageConfiguration}; without it
 * nothing changes.
 */
public class SharedStorage implements HubPaths.Sharing {

    private static final Logger LOG = LoggerFactory.getLogger(SharedStorage.class);

    private final HubPaths paths;
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final MeterRegistry meters;

    public SharedStorage(HubPaths paths, S3Client s3, String bucket, String prefix, MeterRegistry meters) {
        this.paths = paths;
        this.s3 = s3;
        this.bucket = bucket;
        String p = prefix == null ? "" : prefix.strip().replaceAll("^/+", "");
        this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
        this.meters = meters;
    }

    /** Whether files at this path are shared: below media/ or public/, and not a hidden partial file. */
    boolean shared(Path file) {
        Path f = file.toAbsolutePath().normalize();
        boolean below = f.startsWith(paths.media()) || f.startsWith(paths.publicDir());
        return below && !f.getFileName().toString().startsWith(".");
    }

    /** The object key of a file below home. */
    String key(Path file) {
        return prefix + paths.relativize(file);
    }

    /**
     * Uploads the file. A failed upload is logged and counted, not thrown: the local write has
     * succeeded and this hub keeps serving it; other replicas miss it until it is written again.
     */
    @Override
    public void afterWrite(Path file) {
        if (!shared(file) || !Files.isRegularFile(file)) {
            return;
        }
        String key = key(file);
        try {
            s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(file));
            meters.counter("castwire.storage.shared.uploads", "result", "ok").increment();
        } catch (RuntimeException e) {
            meters.counter("castwire.storage.shared.uploads", "result", "failed").increment();
            LOG.warn("Could not upload {} to the shared bucket: {}", key, e.toString());
        }
    }

    /**
     * Deletes the shared copy of a file the storage lifecycle removed (after archiving it), so no
     * replica fetches it back. A failure is logged: the copy stays in the bucket.
     */
    @Override
    public void afterDelete(Path file) {
        if (!shared(file)) {
            return;
        }
        String key = key(file);
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(key));
        } catch (RuntimeException e) {
            LOG.warn("Could not delete {} from the shared bucket: {}", key, e.toString());
        }
    }

    /**
     * Downloads the file when it is missing locally and the bucket has it: to a hidden temporary
     * file in the same folder, then an atomic rename, so a reader never sees half a file. A file the
     * bucket does not have either is left missing, for the caller to handle as before.
     */
    @Override
    public void ensureLocal(Path file) {
        if (Files.exists(file) || !shared(file)) {
            return;
        }
        download(file, key(file));
    }

    /**
     * Fetches the bucket's copy when it differs from the local file (its ETag, the MD5 of a
     * single-part upload, against the local file's MD5) or the local file is missing. Costs one
     * HEAD request per call; a failure is logged and the local copy served.
     */
    @Override
    public void refresh(Path file) {
        if (!shared(file)) {
            return;
        }
        if (!Files.exists(file)) {
            download(file, key(file));
            return;
        }
        String key = key(file);
        try {
            String etag = s3.headObject(r -> r.bucket(bucket).key(key)).eTag();
            if (etag == null || !etag.replace("\"", "").equalsIgnoreCase(md5(file))) {
                download(file, key);
            }
        } catch (NoSuchKeyException e) {
            // only this replica has it
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not compare {} with the shared bucket: {}", key, e.toString());
        }
    }

    private void download(Path file, String key) {
        Path tmp = null;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(key))) {
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), ".shared-", ".tmp");
            copy(in, tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            meters.counter("castwire.storage.shared.downloads", "result", "ok").increment();
        } catch (NoSuchKeyException e) {
            // not shared (yet): the caller sees a missing file, as without shared storage
        } catch (IOException | RuntimeException e) {
            meters.counter("castwire.storage.shared.downloads", "result", "failed").increment();
            LOG.warn("Could not fetch {} from the shared bucket: {}", key, e.toString());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the storage-cleanup job removes hidden leftovers
                }
            }
        }
    }

    private static String md5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(InputStream in, Path target) throws IOException {
        byte[] buffer = new byte[256 * 1024];
        try (var out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        }
    }
}
