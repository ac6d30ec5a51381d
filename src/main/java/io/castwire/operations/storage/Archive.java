package io.castwire.operations.storage;

import java.io.IOException;
import java.nio.file.Path;

/** Where the lifecycle copies files before it removes them ({@code castwire.storage.archive}). */
public interface Archive {

    /** The configured place, e.g. {@code /srv/archive} or {@code s3://bucket/prefix/}. */
    String describe();

    /**
     * Copies the file to {@code <archive>/<relative>} and checks the copy (size, and SHA-256 for a
     * folder or MD5 for S3) before it returns.
     *
     * @return where the verified copy is, e.g. {@code s3://bucket/prefix/media/show/ab/ab12.mp3}
     * @throws IOException when the copy cannot be made or does not match
     */
    String store(Path file, String relative, Digests.Sums sums) throws IOException;
}
