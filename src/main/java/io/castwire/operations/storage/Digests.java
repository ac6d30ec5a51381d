package io.castwire.operations.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and MD5 of a file in one streamed pass (nothing in the heap beyond a buffer). */
public final class Digests {

    /** The sums of one file. */
    public record Sums(long size, String sha256, String md5) {
    }

    private Digests() {
    }

    public static Sums of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[256 * 1024];
            long size = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                md5.update(buffer, 0, n);
                size += n;
            }
            return new Sums(size, HexFormat.of().formatHex(sha.digest()), HexFormat.of().formatHex(md5.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
