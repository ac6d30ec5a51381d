package io.castwire.processing.synthesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.castwire.processing.probe.Ffmpeg;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real local synthesis: espeak-ng (installed on CI by .ci/run) and the pure-Java FreeTTS fallback
 * each produce audio ffmpeg decodes, as long as the sentence takes to say, and not silence.
 */
class LocalSynthesisTest {

    private static final String TEXT = "Welcome to castwire. This is episode one, about media integration.";
    private static final Pattern MEAN = Pattern.compile("mean_volume: (-?[\\d.]+) dB");
    private SpeechFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SpeechFixture();
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private Speech speakWith(String type) throws Exception {
        SynthesisProperties.Provider p = fx.provider(type, type, "");
        p.setApiKeyEnv("");
        return fx.chain().speak(1, "synthesis-intro", TEXT, "narrator");
    }

    @Test
    void espeakNgSpeaksDecodableAudioOfPlausibleLength() throws Exception {
        assumeTrue(EspeakProvider.available("espeak-ng"), "espeak-ng is not installed (apt-get install espeak-ng)");

        Speech s = speakWith("espeak-ng");

        assertPlausibleSpeech(s, "espeak-ng");
        assertThat(fx.authorized).as("a local engine costs nothing: no budget call").isEmpty();
    }

    @Test
    void localPicksEspeakNgWhenInstalled() throws Exception {
        assumeTrue(EspeakProvider.available("espeak-ng"));
        assertPlausibleSpeech(speakWith("local"), "espeak-ng");
    }

    @Test
    void freeTtsSpeaksWhenForced() throws Exception {
        Speech s = speakWith("freetts");

        assertPlausibleSpeech(s, "freetts");
    }

    @Test
    void localFallsBackToFreeTtsWithoutEspeakNg() throws Exception {
        fx.properties.setEspeakPath("/nonexistent/espeak-ng");

        Speech s = speakWith("local");

        assertPlausibleSpeech(s, "freetts");
    }

    private void assertPlausibleSpeech(Speech s, String provider) throws Exception {
        assertThat(s.hasAudio()).as("reason: %s", s.reason()).isTrue();
        assertThat(s.provider()).as("the engine that spoke is recorded").isEqualTo(provider);
        // about 15 characters a second is ordinary speech: 68 characters take 2.5 to 10 s
        assertThat(s.durationMs()).isBetween(2500L, 10_000L);
        Ffmpeg.Result r = fx.ffmpeg.run(List.of("-hide_banner", "-nostdin", "-i", "file:" + s.file(), "-af", "volumedetect",
                "-f", "null", "-"));
        assertThat(r.ok()).as(r.stderr()).isTrue();
        Matcher m = MEAN.matcher(r.stderr());
        assertThat(m.find()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).as("mean volume (dB)").isGreaterThan(-45);
        assertThat(Path.of(s.file().toString())).startsWith(fx.paths.media());
    }
}
