package io.castwire.publishing.youtube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenCipherTest {

    private static String newKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private final String key = newKey();
    private final TokenCipher cipher = new TokenCipher(key, "CASTWIRE_YOUTUBE_TOKEN_KEY");

    @Test
    void theStoredFormIsNotThePlaintextAndDecryptsWithTheKey() {
        String token = "1//0gAbCdEf-refresh-token-value";

        String stored = cipher.encrypt("default", token);

        assertThat(stored).startsWith("v1:").doesNotContain(token).doesNotContain("refresh-token-value");
        assertThat(new String(Base64.getDecoder().decode(stored.substring(3)))).doesNotContain("refresh");
        assertThat(new TokenCipher(key, "OTHER_NAME").decrypt("default", stored)).isEqualTo(token);
        // a fresh nonce each time: equal tokens do not look equal at rest
        assertThat(cipher.encrypt("default", token)).isNotEqualTo(stored);
    }

    @Test
    void aWrongKeyFailsClearlyWithoutLeakingAnything() {
        String stored = cipher.encrypt("default", "1//secret-token");

        assertThatThrownBy(() -> new TokenCipher(newKey(), "CASTWIRE_YOUTUBE_TOKEN_KEY").decrypt("default", stored))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be decrypted with the key in CASTWIRE_YOUTUBE_TOKEN_KEY")
                .hasMessageContaining("PUT /api/youtube/channels/default/token")
                .hasMessageNotContaining("secret-token");
    }

    @Test
    void aTokenIsBoundToItsChannel() {
        String stored = cipher.encrypt("default", "1//secret-token");
        assertThatThrownBy(() -> cipher.decrypt("other", stored)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tamperingIsDetected() {
        String stored = cipher.encrypt("default", "1//secret-token");
        byte[] raw = Base64.getDecoder().decode(stored.substring(3));
        raw[raw.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt("default", "v1:" + Base64.getEncoder().encodeToString(raw)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be decrypted");
    }

    @Test
    void aKeyMustBe256BitsOfBase64() {
        assertThatThrownBy(() -> new TokenCipher(null, "K")).hasMessageContaining("K is not set");
        assertThatThrownBy(() -> new TokenCipher("not base64 !", "K")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> new TokenCipher(Base64.getEncoder().encodeToString(new byte[16]), "K"))
                .hasMessageContaining("128 bits");
    }
}
