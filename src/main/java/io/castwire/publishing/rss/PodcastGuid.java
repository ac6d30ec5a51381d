package io.castwire.publishing.rss;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The Podcasting 2.0 {@code podcast:guid}: a UUIDv5 of the feed URL without its scheme and trailing
 * slashes, in the podcast namespace. A show keeps the guid it was first given even when its feed
 * moves, so this derives the initial value only.
 */
public final class PodcastGuid {

    /** The "podcast" namespace UUID from the Podcasting 2.0 specification. */
    public static final UUID NAMESPACE = UUID.fromString("ead4c236-bf58-58c6-a2c6-a6b28d128cb6");

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");
    private static final Pattern TRAILING_SLASHES = Pattern.compile("/+$");
    private static final Pattern FORM =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private PodcastGuid() {
    }

    /** The guid for a feed URL, with or without its scheme: {@code podnews.net/rss} and {@code https://podnews.net/rss/} agree. */
    public static String forFeedUrl(String feedUrl) {
        if (feedUrl == null || feedUrl.isBlank()) {
            throw new IllegalArgumentException("feedUrl is required to derive a podcast:guid");
        }
        String seed = TRAILING_SLASHES.matcher(SCHEME.matcher(feedUrl.trim()).replaceFirst("")).replaceFirst("");
        return uuidV5(NAMESPACE, seed).toString();
    }

    /** Whether a value has the 8-4-4-4-12 hex form the specification asks readers to look for. */
    public static boolean isWellFormed(String guid) {
        return guid != null && FORM.matcher(guid).matches();
    }

    static UUID uuidV5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha1.update(ByteBuffer.allocate(16)
                .putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits())
                .array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
