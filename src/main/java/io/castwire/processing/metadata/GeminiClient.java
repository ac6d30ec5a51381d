package io.castwire.processing.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Gemini {@code POST {base}/v1beta/models/{model}:generateContent}, the key in the {@code x-goog-api-key} header
 * (never in the URL, where access logs would keep it), asking for JSON that follows {@link #schema()}. Reads
 * {@code candidates[0].content.parts[*].text} and {@code usageMetadata.totalTokenCount}.
 */
final class GeminiClient implements LlmClient {

    private final MetadataProperties properties;
    private final LlmHttp http;
    private final ObjectMapper json;
    private final String key;

    GeminiClient(MetadataProperties properties, LlmHttp http, ObjectMapper json, String key) {
        this.properties = properties;
        this.http = http;
        this.json = json;
        this.key = key;
    }

    @Override
    public String provider() {
        return MetadataProperties.GEMINI;
    }

    @Override
    public LlmAnswer complete(String system, String prompt) throws LlmException {
        ObjectNode body = json.createObjectNode();
        body.putObject("systemInstruction").putArray("parts").addObject().put("text", system);
        ObjectNode user = body.putArray("contents").addObject();
        user.put("role", "user");
        user.putArray("parts").addObject().put("text", prompt);
        ObjectNode config = body.putObject("generationConfig");
        config.put("responseMimeType", "application/json");
        config.set("responseSchema", schema());
        config.put("temperature", 0.2);
        URI url = URI.create(properties.effectiveBaseUrl() + "/v1beta/models/"
                + URLEncoder.encode(properties.effectiveModel(), StandardCharsets.UTF_8) + ":generateContent");
        String answer = http.post(provider(), url, Map.of("x-goog-api-key", key), body.toString(),
                properties.getApiKeyEnv());
        try {
            JsonNode root = json.readTree(answer);
            JsonNode candidate = root.path("candidates").path(0);
            if (candidate.isMissingNode()) {
                String blocked = root.path("promptFeedback").path("blockReason").asText("");
                throw new LlmException("gemini gave no candidate" + (blocked.isEmpty() ? "" : " (blocked: " + blocked + ")"),
                        true);
            }
            StringBuilder text = new StringBuilder();
            for (JsonNode part : candidate.path("content").path("parts")) {
                text.append(part.path("text").asText(""));
            }
            if (text.length() == 0) {
                throw new LlmException("gemini's candidate has no text (finishReason "
                        + candidate.path("finishReason").asText("unknown") + ")", true);
            }
            return new LlmAnswer(text.toString(), root.path("usageMetadata").path("totalTokenCount").asLong(-1));
        } catch (IOException e) {
            throw new LlmException("gemini's answer is not JSON", true, e);
        }
    }

    /** The answer's shape, in the OpenAPI subset Gemini's {@code responseSchema} takes. */
    static ObjectNode schema() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode().put("type", "OBJECT");
        ObjectNode props = root.putObject("properties");
        props.putObject("title").put("type", "STRING");
        props.putObject("description").put("type", "STRING");
        props.putObject("tags").put("type", "ARRAY").putObject("items").put("type", "STRING");
        ObjectNode chapter = props.putObject("chapters").put("type", "ARRAY").putObject("items").put("type", "OBJECT");
        ObjectNode chapterProps = chapter.putObject("properties");
        chapterProps.putObject("start").put("type", "NUMBER");
        chapterProps.putObject("end").put("type", "NUMBER");
        chapterProps.putObject("title").put("type", "STRING");
        ArrayNode chapterRequired = chapter.putArray("required");
        chapterRequired.add("start").add("end").add("title");
        root.putArray("required").add("title").add("description").add("tags").add("chapters");
        return root;
    }
}
