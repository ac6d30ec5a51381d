package io.castwire.publishing.youtube;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts refresh tokens at rest: AES-256-GCM with a random 96-bit nonce per value and the channel
 * name as associated data (a token copied to another channel's row does not decrypt). Stored as
 * {@code v1:} + base64(nonce || ciphertext || tag).
 */
public final class TokenCipher {

    private static final String PREFIX = "v1:";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String keyName;

    /**
     * @param base64Key the 32-byte key, base64 (standard or URL alphabet)
     * @param keyName   the variable it came from, for messages (never the key)
     * @throws IllegalStateException when the key is missing or not 256 bits
     */
    public TokenCipher(String base64Key, String keyName) {
        this.keyName = keyName;
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalStateException("the token encryption key variable " + keyName + " is not set");
        }
        byte[] raw;
        try {
            String k = base64Key.strip();
            raw = k.contains("-") || k.contains("_") ? Base64.getUrlDecoder().decode(k) : Base64.getDecoder().decode(k);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the token encryption key in " + keyName + " is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("the token encryption key in " + keyName + " has " + raw.length * 8
                    + " bits; AES-256 needs 32 bytes (e.g. openssl rand -base64 32)");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** The encrypted form of {@code plaintext}, bound to {@code channel}. */
    public String encrypt(String channel, String plaintext) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(channel.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            System.arraycopy(sealed, 0, out, NONCE, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The plaintext of a stored value.
     *
     * @throws IllegalStateException when it was encrypted with another key (or for another channel), or is damaged
     */
    public String decrypt(String channel, String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            throw new IllegalStateException("the stored refresh token of channel " + channel + " is not in a known format");
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the stored refresh token of channel " + channel + " is damaged");
        }
        if (in.length <= NONCE + TAG_BITS / 8) {
            throw new IllegalStateException("the stored refresh token of channel " + channel + " is damaged");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE));
            c.updateAAD(channel.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(in, NONCE, in.length - NONCE), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("the stored refresh token of channel " + channel
                    + " cannot be decrypted with the key in " + keyName + " (was the key changed?); store the token "
                    + "again with PUT /api/youtube/channels/" + channel + "/token");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
