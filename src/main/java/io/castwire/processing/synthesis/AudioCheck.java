package io.castwire.processing.synthesis;

import io.castwire.processing.probe.Ffmpeg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Checks what a provider returned by decoding all of it with ffmpeg into the cache format
 * (mono 24 kHz 16-bit WAV): empty, undecodable, or shorter than the text could plausibly be spoken
 * is {@link SpeechFailure.Kind#BAD_AUDIO}, and the next provider is tried.
 */
@Component
public class AudioCheck {

    static final int RATE = 24000;
    private static final int HEADER = 44;

    private final Ffmpeg ffmpeg;

    public AudioCheck(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /**
     * Decodes {@code answer} into {@code wav} and returns its duration.
     *
     * @param minimumMs the shortest plausible duration for the text
     * @throws SpeechFailure BAD_AUDIO when the answer is not usable audio
     */
    public long decode(String provider, Path answer, Path wav, long minimumMs) throws SpeechFailure, IOException {
        if (!Files.exists(answer) || Files.size(answer) == 0) {
            throw new SpeechFailure(SpeechFailure.Kind.BAD_AUDIO, provider + " returned no audio (an empty answer)");
        }
        Ffmpeg.Result r = ffmpeg.run(List.of("-hide_banner", "-nostdin", "-y", "-v", "error", "-protocol_whitelist", "file",
                "-i", "file:" + answer.toAbsolutePath(), "-vn", "-ac", "1", "-ar", Integer.toString(RATE),
                "-c:a", "pcm_s16le", "-bitexact", "-f", "wav", "file:" + wav.toAbsolutePath()));
        if (!r.ok() || !Files.exists(wav) || Files.size(wav) <= HEADER) {
            Files.deleteIfExists(wav);
            throw new SpeechFailure(SpeechFailure.Kind.BAD_AUDIO, provider + " returned audio ffmpeg cannot decode ("
                    + firstLine(r.stderr()) + ")");
        }
        long ms = durationMs(wav);
        if (ms < minimumMs) {
            Files.deleteIfExists(wav);
            throw new SpeechFailure(SpeechFailure.Kind.BAD_AUDIO, provider + " returned " + ms
                    + " ms of audio, too short for the text (at least " + minimumMs + " ms expected)");
        }
        return ms;
    }

    /** The duration of a WAV this class wrote (mono 16-bit at {@link #RATE}). */
    static long durationMs(Path wav) throws IOException {
        return (Files.size(wav) - HEADER) * 1000 / (RATE * 2L);
    }

    private static String firstLine(String s) {
        String t = s == null ? "" : s.strip();
        if (t.isEmpty()) {
            return "no audio stream";
        }
        String line = t.split("\\R", 2)[0];
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
