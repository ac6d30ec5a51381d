package io.castwire.processing.transcript;

import java.util.Locale;
import java.util.Optional;

/** The transcript file formats the hub accepts. */
public enum TranscriptFormat {
    SRT,
    VTT,
    WHISPER_JSON,
    CASTWIRE_JSON;

    /**
     * Picks the format from a file name, ignoring case: {@code *.srt} is {@link #SRT}, {@code *.vtt} is
     * {@link #VTT}, and {@code *.transcript.json} is a JSON transcript, reported as {@link #CASTWIRE_JSON}.
     * <p>
     * A name cannot tell Whisper JSON from castwire JSON; {@link TranscriptParser#parse} decides that from
     * the content, so a {@code *.transcript.json} file may come back as {@link #WHISPER_JSON}.
     *
     * @param name a file name, or a path ending in one; {@code null} is treated as unknown
     * @return the format, or empty when the name is not a transcript file name
     */
    public static Optional<TranscriptFormat> fromFileName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".srt")) {
            return Optional.of(SRT);
        }
        if (lower.endsWith(".vtt")) {
            return Optional.of(VTT);
        }
        if (lower.endsWith(".transcript.json")) {
            return Optional.of(CASTWIRE_JSON);
        }
        return Optional.empty();
    }
}
