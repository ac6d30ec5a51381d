package io.castwire.publishing.wordpress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The slugs castwire gives what it creates in WordPress, so that it can find them again: a post's
 * comes from the item's stable key (the same across versions, retries and restarts), an
 * attachment's from the file's content (the same bytes are uploaded once, whichever post or attempt
 * needs them). WordPress keeps both as given: lower-case ASCII, digits and hyphens, well under its
 * 200 characters.
 */
final class WordpressSlugs {

    private static final int READABLE = 80;

    private WordpressSlugs() {
    }

    /**
     * {@code castwire:my-show:Ep 01:clip-2} gives {@code castwire-my-show-ep-01-clip-2-<10 hex>}: readable
     * for an editor, and the hash of the whole key keeps keys apart that read alike.
     */
    static String post(String key) {
        String readable = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (readable.length() > READABLE) {
            readable = readable.substring(0, READABLE).replaceAll("-+$", "");
        }
        String hash = sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 10);
        return readable.isEmpty() ? "castwire-" + hash : readable + "-" + hash;
    }

    /** {@code castwire-<role>-<24 hex of the content's SHA-256>}; the file is streamed through the digest. */
    static String file(String role, Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file);
             OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            in.transferTo(sink);
        }
        return "castwire-" + role + "-" + HexFormat.of().formatHex(digest.digest()).substring(0, 24);
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
