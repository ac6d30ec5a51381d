package io.castwire.processing.synthesis;

import io.castwire.publishing.delivery.Secrets;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * An OpenAI-compatible speech endpoint ({@code POST /v1/audio/speech}: OpenAI, and self-hosted
 * servers that copy its API) with a Bearer key; WAV back.
 */
class OpenAiSpeechProvider extends CloudProvider {

    static final String PUBLIC_URL = "https://api.openai.com";

    OpenAiSpeechProvider(SynthesisProperties.Provider config, Secrets secrets) {
        super(config, secrets);
    }

    @Override
    public void speak(String text, String voice, Path target) throws SpeechFailure {
        String body = "{\"model\":" + json(model("gpt-4o-mini-tts")) + ",\"input\":" + json(text) + ",\"voice\":"
                + json(config.voiceFor(voice, "alloy")) + ",\"response_format\":\"wav\"}";
        post(URI.create(base(PUBLIC_URL) + "/v1/audio/speech"), Map.of("Authorization", "Bearer " + key(),
                "Content-Type", "application/json"), body, target);
    }
}
