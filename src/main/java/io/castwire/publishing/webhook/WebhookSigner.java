package io.castwire.publishing.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/, symmetric scheme {@code v1}):
 * HMAC-SHA256 over {@code <webhook-id>.<webhook-timestamp>.<body>} with the base64-decoded part of a
 * {@code whsec_...} secret as the key, sent as {@code webhook-signature: v1,<base64>}.
 * <p>
 * A secret value may hold several secrets separated by spaces ({@code "whsec_new whsec_old"}):
 * each one signs, so receivers keep verifying while a secret is rotated. Secrets never appear in
 * an exception message.
 */
public final class WebhookSigner {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    /** How far a timestamp may be from the verifier's clock (the spec's libraries use 5 minutes). */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String PREFIX = "whsec_";
    private static final String VERSION = "v1";
    /** The spec: random, at least 24 bytes (192 bits), at most 64 (512 bits). */
    static final int MIN_KEY_BYTES = 24;
    static final int MAX_KEY_BYTES = 64;

    private WebhookSigner() {
    }

    /**
     * The {@code webhook-signature} value for a message: one {@code v1,<base64>} per secret.
     *
     * @param secrets one or more {@code whsec_...} secrets separated by spaces
     * @throws IllegalArgumentException when a secret is malformed or the id contains a '.' or space
     */
    public static String sign(String msgId, long timestamp, byte[] body, String secrets) {
        if (msgId == null || msgId.isEmpty() || msgId.contains(".") || msgId.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a webhook id must be non-empty, without '.' or spaces");
        }
        StringJoiner header = new StringJoiner(" ");
        for (byte[] key : keys(secrets)) {
            header.add(VERSION + "," + Base64.getEncoder().encodeToString(hmac(key, msgId, Long.toString(timestamp), body)));
        }
        return header.toString();
    }

    /**
     * Checks a received message: all three headers present, the timestamp within {@code tolerance}
     * of {@code now} (either way), and at least one {@code v1} signature made with one of the secrets.
     * Signatures of other versions are skipped; comparisons take constant time.
     *
     * @throws SignatureException saying which check failed
     */
    public static void verify(String msgId, String timestamp, String signatures, byte[] body, String secrets, Instant now,
                              Duration tolerance) throws SignatureException {
        if (msgId == null || msgId.isEmpty() || timestamp == null || timestamp.isEmpty() || signatures == null
                || signatures.isBlank()) {
            throw new SignatureException("missing webhook-id, webhook-timestamp or webhook-signature");
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw new SignatureException("webhook-timestamp is not a number of seconds");
        }
        if (Math.abs(now.getEpochSecond() - ts) > tolerance.toSeconds()) {
            throw new SignatureException("webhook-timestamp is outside the tolerance of " + tolerance);
        }
        List<byte[]> keys = keys(secrets);
        for (String candidate : signatures.strip().split("\\s+")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !candidate.substring(0, comma).equals(VERSION)) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            for (byte[] key : keys) {
                if (MessageDigest.isEqual(hmac(key, msgId, timestamp.strip(), body), given)) {
                    return;
                }
            }
        }
        throw new SignatureException("no valid v1 signature");
    }

    /** The HMAC keys in a secret value (one or more {@code whsec_...}, space separated). */
    static List<byte[]> keys(String secrets) {
        if (secrets == null || secrets.isBlank()) {
            throw new IllegalArgumentException("no webhook secret");
        }
        List<byte[]> keys = new ArrayList<>();
        for (String secret : secrets.strip().split("\\s+")) {
            String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
            byte[] key;
            try {
                key = Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a webhook secret is not whsec_ followed by base64");
            }
            if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
                throw new IllegalArgumentException("a webhook secret must decode to " + MIN_KEY_BYTES + " to "
                        + MAX_KEY_BYTES + " bytes, this one has " + key.length);
            }
            keys.add(key);
        }
        return keys;
    }

    /** A new random secret ({@code whsec_} and 32 random bytes in base64), e.g. for a new subscriber. */
    public static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    private static byte[] hmac(byte[] key, String msgId, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((msgId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
