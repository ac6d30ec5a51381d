package io.castwire.processing.synthesis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.castwire.publishing.delivery.Secrets;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google Gemini TTS: {@code POST /v1beta/models/<model>:generateContent} with
 * {@code responseModalities: [AUDIO]} and {@code x-goog-api-key}. The answer is JSON holding
 * base64 16-bit PCM ({@code inlineData.data}, rate in {@code mimeType}); it is decoded while it is
 * read, straight into a WAV file.
 */
class GeminiSpeechProvider extends CloudProvider {

    static final String PUBLIC_URL = "https://generativelanguage.googleapis.com";
    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern RATE = Pattern.compile("rate=(\\d+)");

    GeminiSpeechProvider(SynthesisProperties.Provider config, Secrets secrets) {
        super(config, secrets);
    }

    @Override
    public void speak(String text, String voice, Path target) throws SpeechFailure {
        String model = model("gemini-2.5-flash-preview-tts");
        String body = "{\"contents\":[{\"parts\":[{\"text\":" + json(text) + "}]}],"
                + "\"generationConfig\":{\"responseModalities\":[\"AUDIO\"],\"speechConfig\":{\"voiceConfig\":"
                + "{\"prebuiltVoiceConfig\":{\"voiceName\":" + json(config.voiceFor(voice, "Kore")) + "}}}}}";
        Path answer = target.resolveSibling(target.getFileName() + ".json");
        try {
            post(URI.create(base(PUBLIC_URL) + "/v1beta/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8)
                    + ":generateContent"), Map.of("x-goog-api-key", key(), "Content-Type", "application/json"), body, answer);
            toWav(answer, target);
        } finally {
            try {
                Files.deleteIfExists(answer);
            } catch (IOException ignored) {
                // a work file; the work folder is swept
            }
        }
    }

    /** Streams {@code inlineData.data} of the answer into a mono 16-bit WAV. */
    static void toWav(Path answer, Path wav) throws SpeechFailure {
        int rate = 24000;
        boolean found = false;
        try (JsonParser p = JSON.createParser(answer.toFile());
             OutputStream out = Files.newOutputStream(wav)) {
            out.write(new byte[44]);
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && "mimeType".equals(p.currentName())) {
                    p.nextToken();
                    Matcher m = RATE.matcher(p.getText());
                    if (m.find()) {
                        rate = Integer.parseInt(m.group(1));
                    }
                } else if (t == JsonToken.FIELD_NAME && "data".equals(p.currentName()) && !found) {
                    p.nextToken();
                    p.readBinaryValue(out);
                    found = true;
                }
            }
        } catch (IOException e) {
            throw new SpeechFailure(SpeechFailure.Kind.BAD_AUDIO, "gemini: the answer is not the expected JSON ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        if (!found) {
            throw new SpeechFailure(SpeechFailure.Kind.BAD_AUDIO, "gemini: the answer holds no audio (inlineData.data)");
        }
        try (FileChannel ch = FileChannel.open(wav, StandardOpenOption.WRITE)) {
            ch.write(header(rate, ch.size() - 44), 0);
        } catch (IOException e) {
            throw new SpeechFailure(SpeechFailure.Kind.BAD_AUDIO, "gemini: cannot write the WAV header", e);
        }
    }

    private static ByteBuffer header(int rate, long dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes))
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        return b.flip();
    }
}
