package io.castwire.processing.synthesis;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;
import com.sun.speech.freetts.audio.SingleFileAudioPlayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.sound.sampled.AudioFileFormat;

/**
 * FreeTTS, the pure-Java fallback when espeak-ng is not installed: the built-in 16 kHz
 * {@code kevin16} voice, written to a WAV file. FreeTTS voices are not thread-safe, so one call
 * speaks at a time.
 */
class FreeTtsProvider implements SpeechProvider {

    private static final String VOICES = "com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory";
    private Voice voice;

    @Override
    public String name() {
        return "freetts";
    }

    @Override
    public boolean paid() {
        return false;
    }

    @Override
    public synchronized void speak(String text, String voiceName, Path target) throws SpeechFailure {
        try {
            Voice v = voice();
            // SingleFileAudioPlayer appends the extension itself
            String base = target.toString() + ".freetts";
            SingleFileAudioPlayer player = new SingleFileAudioPlayer(base, AudioFileFormat.Type.WAVE);
            v.setAudioPlayer(player);
            boolean spoken = v.speak(text);
            player.close();
            Path written = Path.of(base + ".wav");
            if (!spoken || !Files.exists(written)) {
                Files.deleteIfExists(written);
                throw new SpeechFailure(SpeechFailure.Kind.UNAVAILABLE, "freetts produced no audio");
            }
            Files.move(written, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (SpeechFailure e) {
            throw e;
        } catch (Exception | LinkageError e) {
            throw new SpeechFailure(SpeechFailure.Kind.UNAVAILABLE, "freetts failed (" + e + ")", e);
        }
    }

    private Voice voice() throws SpeechFailure {
        if (voice == null) {
            if (System.getProperty("freetts.voices") == null) {
                System.setProperty("freetts.voices", VOICES);
            }
            Voice v = VoiceManager.getInstance().getVoice("kevin16");
            if (v == null) {
                throw new SpeechFailure(SpeechFailure.Kind.UNAVAILABLE, "freetts has no kevin16 voice");
            }
            v.allocate();
            voice = v;
        }
        return voice;
    }
}
