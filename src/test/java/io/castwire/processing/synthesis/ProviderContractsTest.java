package io.castwire.processing.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.processing.synthesis.FakeSpeechApi.Reply;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each cloud provider sends the request its API documents and its answer becomes checked audio:
 * ElevenLabs (MP3), Azure (SSML in, RIFF WAV out), Gemini (base64 PCM in JSON), OpenAI (WAV).
 */
class ProviderContractsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private SpeechFixture fx;
    private FakeSpeechApi api;

    @BeforeEach
    void setUp() {
        fx = new SpeechFixture();
    }

    @AfterEach
    void tearDown() {
        if (api != null) {
            api.close();
        }
        fx.close();
    }

    private Speech speak(String type, Reply answer, String text) throws Exception {
        api = new FakeSpeechApi(answer);
        SynthesisProperties.Provider p = fx.provider(type, type, api.baseUrl());
        p.getVoices().put("narrator", "voice-of-" + type);
        return fx.chain().speak(3, "synthesis-intro", text, "narrator");
    }

    @Test
    void elevenLabs() throws Exception {
        Speech s = speak("elevenlabs", Reply.audio("audio/mpeg", SpeechFixture.mp3(2)), "Hello from \"ElevenLabs\".");

        assertThat(s.provider()).isEqualTo("elevenlabs");
        assertThat(s.durationMs()).isBetween(1900L, 2200L);
        FakeSpeechApi.Received r = api.received().get(0);
        assertThat(r.path()).isEqualTo("/v1/text-to-speech/voice-of-elevenlabs");
        assertThat(r.query()).contains("output_format=mp3_44100_128");
        assertThat(r.header("xi-api-key")).isEqualTo(SpeechFixture.KEY);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("text").asText()).isEqualTo("Hello from \"ElevenLabs\".");
        assertThat(body.get("model_id").asText()).isNotBlank();
    }

    @Test
    void azureGetsEscapedSsml() throws Exception {
        Speech s = speak("azure", Reply.audio("audio/x-wav", SpeechFixture.wav(2)), "Tom & Jerry say \"hi\" > 3");

        assertThat(s.provider()).isEqualTo("azure");
        FakeSpeechApi.Received r = api.received().get(0);
        assertThat(r.path()).isEqualTo("/cognitiveservices/v1");
        assertThat(r.header("Ocp-Apim-Subscription-Key")).isEqualTo(SpeechFixture.KEY);
        assertThat(r.header("Content-Type")).isEqualTo("application/ssml+xml");
        assertThat(r.header("X-Microsoft-OutputFormat")).isEqualTo("riff-24khz-16bit-mono-pcm");
        assertThat(r.body()).contains("<voice name=\"voice-of-azure\">Tom &amp; Jerry say &quot;hi&quot; &gt; 3</voice>");
    }

    @Test
    void geminiBase64PcmBecomesWav() throws Exception {
        String pcm = Base64.getEncoder().encodeToString(SpeechFixture.pcm(2));
        String answer = "{\"candidates\":[{\"content\":{\"parts\":[{\"inlineData\":{\"mimeType\":\"audio/L16;codec=pcm;rate=24000\","
                + "\"data\":\"" + pcm + "\"}}],\"role\":\"model\"},\"finishReason\":\"STOP\"}]}";
        Speech s = speak("gemini", Reply.audio("application/json", answer.getBytes(StandardCharsets.UTF_8)), "Hello from Gemini.");

        assertThat(s.provider()).isEqualTo("gemini");
        assertThat(s.durationMs()).isBetween(1950L, 2050L);
        FakeSpeechApi.Received r = api.received().get(0);
        assertThat(r.path()).startsWith("/v1beta/models/").endsWith(":generateContent");
        assertThat(r.header("x-goog-api-key")).isEqualTo(SpeechFixture.KEY);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.at("/contents/0/parts/0/text").asText()).isEqualTo("Hello from Gemini.");
        assertThat(body.at("/generationConfig/responseModalities/0").asText()).isEqualTo("AUDIO");
        assertThat(body.at("/generationConfig/speechConfig/voiceConfig/prebuiltVoiceConfig/voiceName").asText())
                .isEqualTo("voice-of-gemini");
    }

    @Test
    void geminiWithoutAudioInTheAnswerIsBadAudio() throws Exception {
        Speech s = speak("gemini", Reply.audio("application/json", "{\"candidates\":[]}".getBytes(StandardCharsets.UTF_8)),
                "Nothing comes back.");

        assertThat(s.hasAudio()).isFalse();
        assertThat(s.reason()).contains("no audio");
    }

    @Test
    void openAiCompatible() throws Exception {
        Speech s = speak("openai", Reply.audio("audio/wav", SpeechFixture.wav(2)), "Hello from OpenAI.");

        assertThat(s.provider()).isEqualTo("openai");
        FakeSpeechApi.Received r = api.received().get(0);
        assertThat(r.path()).isEqualTo("/v1/audio/speech");
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + SpeechFixture.KEY);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("input").asText()).isEqualTo("Hello from OpenAI.");
        assertThat(body.get("voice").asText()).isEqualTo("voice-of-openai");
        assertThat(body.get("response_format").asText()).isEqualTo("wav");
        assertThat(body.get("model").asText()).isNotBlank();
    }
}
