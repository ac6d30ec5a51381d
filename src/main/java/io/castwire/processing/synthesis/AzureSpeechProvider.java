package io.castwire.processing.synthesis;

import io.castwire.publishing.delivery.Secrets;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Azure AI Speech: {@code POST <base>/cognitiveservices/v1} with an SSML body and
 * {@code Ocp-Apim-Subscription-Key}; 24 kHz WAV back. The text is XML-escaped into the SSML (it
 * was already checked to hold no markup), so it can only ever be spoken.
 */
class AzureSpeechProvider extends CloudProvider {

    static final String PUBLIC_URL = "https://eastus.tts.speech.microsoft.com";

    AzureSpeechProvider(SynthesisProperties.Provider config, Secrets secrets) {
        super(config, secrets);
    }

    @Override
    public void speak(String text, String voice, Path target) throws SpeechFailure {
        String azureVoice = config.voiceFor(voice, "en-US-AvaMultilingualNeural");
        String ssml = ssml(text, azureVoice);
        post(URI.create(base(PUBLIC_URL) + "/cognitiveservices/v1"), Map.of(
                "Ocp-Apim-Subscription-Key", key(),
                "Content-Type", "application/ssml+xml",
                "X-Microsoft-OutputFormat", "riff-24khz-16bit-mono-pcm",
                "User-Agent", "castwire"), ssml, target);
    }

    static String ssml(String text, String voice) {
        return "<speak version=\"1.0\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"en-US\">"
                + "<voice name=\"" + SpeechText.xmlEscape(voice) + "\">" + SpeechText.xmlEscape(text) + "</voice></speak>";
    }
}
