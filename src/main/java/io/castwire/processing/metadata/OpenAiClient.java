package io.castwire.processing.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * An OpenAI-compatible chat endpoint ({@code POST {base}/v1/chat/completions}: OpenAI, and the many servers that
 * copy its API) with {@code response_format: {type: json_object}}. Reads {@code choices[0].message.content} and
 * {@code usage.total_tokens}.
 */
final class OpenAiClient implements LlmClient {

    private final MetadataProperties properties;
    private final LlmHttp http;
    private final ObjectMapper json;
    private final String key;

    OpenAiClient(MetadataProperties properties, LlmHttp http, ObjectMapper json, String key) {
        this.properties = properties;
        this.http = http;
        this.json = json;
        this.key = key;
    }

    @Override
    public String provider() {
        return MetadataProperties.OPENAI;
    }

    @Override
    public LlmAnswer complete(String system, String prompt) throws LlmException {
        ObjectNode body = json.createObjectNode();
        body.put("model", properties.effectiveModel());
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", prompt);
        body.putObject("response_format").put("type", "json_object");
        body.put("temperature", 0.2);
        String base = properties.effectiveBaseUrl();
        URI url = URI.create(base + (base.endsWith("/v1") ? "" : "/v1") + "/chat/completions");
        String answer = http.post(provider(), url, Map.of("Authorization", "Bearer " + key), body.toString(),
                properties.getApiKeyEnv());
        try {
            JsonNode root = json.readTree(answer);
            JsonNode content = root.path("choices").path(0).path("message").path("content");
            if (!content.isTextual() || content.asText().isBlank()) {
                throw new LlmException("the chat answer has no message content (finish_reason "
                        + root.path("choices").path(0).path("finish_reason").asText("unknown") + ")", true);
            }
            return new LlmAnswer(content.asText(), root.path("usage").path("total_tokens").asLong(-1));
        } catch (IOException e) {
            throw new LlmException("the chat answer is not JSON", true, e);
        }
    }
}
