package io.castwire.processing.synthesis;

import io.castwire.publishing.delivery.Secrets;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** ElevenLabs: {@code POST /v1/text-to-speech/{voice_id}} with {@code xi-api-key}; MP3 back. */
class ElevenLabsProvider extends CloudProvider {

    static final String PUBLIC_URL = "https://api.elevenlabs.io";

    ElevenLabsProvider(SynthesisProperties.Provider config, Secrets secrets) {
        super(config, secrets);
    }

    @Override
    public void speak(String text, String voice, Path target) throws SpeechFailure {
        String voiceId = config.voiceFor(voice, "21m00Tcm4TlvDq8ikWAM");
        URI uri = URI.create(base(PUBLIC_URL) + "/v1/text-to-speech/" + URLEncoder.encode(voiceId, StandardCharsets.UTF_8)
                + "?output_format=mp3_44100_128");
        String body = "{\"text\":" + json(text) + ",\"model_id\":" + json(model("eleven_multilingual_v2")) + "}";
        post(uri, Map.of("xi-api-key", key(), "Content-Type", "application/json", "Accept", "audio/mpeg"), body, target);
    }
}
