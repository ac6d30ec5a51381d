package io.castwire.processing.synthesis;

import java.nio.file.Path;
import java.util.List;

/**
 * What the chain made of one text: audio from a provider (or the cache), or text only with the
 * reason. {@code attempts} lists every provider failure on the way, in order.
 *
 * @param provider the provider that produced the audio (also on a cache hit), null when text-only
 * @param file     the cached WAV, null when text-only
 */
public record Speech(String text, String voice, String hash, String provider, Path file, long durationMs, boolean cached,
                     String reason, List<String> attempts) {

    /** True when there is audio. */
    public boolean hasAudio() {
        return file != null;
    }

    static Speech textOnly(String text, String voice, String hash, String reason, List<String> attempts) {
        return new Speech(text, voice, hash, null, null, 0, false, reason, List.copyOf(attempts));
    }
}
