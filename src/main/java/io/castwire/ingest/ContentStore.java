package io.castwire.ingest;

import io.castwire.common.HubPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * Where accepted files live: {@code media/<show>/<hash[0..2]>/<hash>.<ext>}, content-addressed so
 * the same bytes always land at the same place. Files are streamed, never read into the heap.
 */
@Component
public class ContentStore {

    /** Below the G1 "humongous" size at small heaps: a 1 MiB buffer per file churned the collector. */
    private static final int BUFFER = 256 * 1024;
    private final HubPaths paths;

    public ContentStore(HubPaths paths) {
        this.paths = paths;
    }

    /** SHA-256 of the file, hex, read in 1 MiB blocks. */
    public String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Where media with this hash is kept for a show. */
    public Path mediaPath(String showSlug, String hash, String extension) {
        return paths.within(paths.media(), showSlug + "/" + hash.substring(0, 2) + "/" + hash + "." + extension);
    }

    /** Where a sidecar with this hash is kept for a show. */
    public Path sidecarPath(String showSlug, String hash, String extension) {
        return paths.within(paths.media(), showSlug + "/sidecars/" + hash + "." + extension);
    }

    /**
     * Moves a file into the store. Atomic on one file system; across file systems it copies to a
     * temporary name, syncs, renames, and only then removes the source, so a crash never leaves a
     * half-written file under the final name.
     */
    public void moveInto(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Path tmp = Files.createTempFile(target.getParent(), ".incoming-", ".tmp");
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.delete(source);
        }
        paths.written(target);
    }
}
