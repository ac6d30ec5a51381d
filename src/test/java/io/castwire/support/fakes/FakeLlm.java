package io.castwire.support.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Both LLM APIs castwire's metadata step speaks, following their documented contracts:
 * <ul>
 * <li>Gemini {@code POST /v1beta/models/{model}:generateContent}, key in {@code x-goog-api-key}; requires
 * {@code generationConfig.responseMimeType=application/json}; answers {@code candidates[].content.parts[].text}
 * and {@code usageMetadata.totalTokenCount}; a wrong key gets HTTP 400 {@code API_KEY_INVALID} as Gemini sends.</li>
 * <li>OpenAI {@code POST /v1/chat/completions}, {@code Authorization: Bearer}; requires
 * {@code response_format.type=json_object} and a model; answers {@code choices[0].message.content} and
 * {@code usage.total_tokens}; a wrong key gets HTTP 401 {@code invalid_api_key}.</li>
 * </ul>
 * The model's text comes from a script ({@link #reply}); tokens are counted as about four characters each.
 */
public final class FakeLlm extends ApiFake {

    public static final String KEY = "fake-llm-key";

    private final Deque<String> script = new ArrayDeque<>();
    private volatile String always;
    private volatile Duration delay = Duration.ZERO;
    private volatile CountDownLatch released = new CountDownLatch(1);
    private volatile long lastTotalTokens = -1;

    public FakeLlm() {
        super(KEY);
    }

    /** The model's next answers, one per call, in order; the last one repeats once the script runs out. */
    public synchronized FakeLlm reply(String... texts) {
        script.addAll(List.of(texts));
        always = texts[texts.length - 1];
        return this;
    }

    /** Every answer waits this long first (to make the client time out). */
    public FakeLlm delay(Duration d) {
        this.delay = d;
        return this;
    }

    /** totalTokens of the last answer. */
    public long lastTotalTokens() {
        return lastTotalTokens;
    }

    @Override
    protected void forget() {
        synchronized (this) {
            script.clear();
            always = null;
        }
        delay = Duration.ZERO;
        released.countDown();
        released = new CountDownLatch(1);
    }

    @Override
    public void close() {
        released.countDown();
        super.close();
    }

    @Override
    protected String presentedToken(Request request) {
        return request.path().endsWith(":generateContent") ? request.header("x-goog-api-key")
                : super.presentedToken(request);
    }

    @Override
    protected Answer unauthorized(Request request) {
        if (request.path().endsWith(":generateContent")) {
            return Answer.json(400, Map.of("error", Map.of("code", 400, "status", "INVALID_ARGUMENT",
                    "message", "API key not valid. Please pass a valid API key.",
                    "details", List.of(Map.of("reason", "API_KEY_INVALID")))));
        }
        return Answer.json(401, Map.of("error", Map.of("message", "Incorrect API key provided.",
                "type", "invalid_request_error", "code", "invalid_api_key")));
    }

    @Override
    protected Answer answer(Request request) throws Exception {
        if (!delay.isZero()) {
            released.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (!request.method().equals("POST")) {
            return Answer.json(405, Map.of("error", Map.of("message", "method not allowed")));
        }
        JsonNode body = request.json();
        if (request.path().matches("/v1beta/models/[^/:]+:generateContent")) {
            if (!"application/json".equals(body.path("generationConfig").path("responseMimeType").asText())
                    || body.path("contents").path(0).path("parts").path(0).path("text").asText().isEmpty()) {
                return Answer.json(400, Map.of("error", Map.of("code", 400, "status", "INVALID_ARGUMENT",
                        "message", "contents and generationConfig.responseMimeType are required")));
            }
            String text = next();
            long total = tokens(body.toString()) + tokens(text);
            lastTotalTokens = total;
            return Answer.json(200, Map.of("candidates", List.of(Map.of(
                            "content", Map.of("role", "model", "parts", List.of(Map.of("text", text))),
                            "finishReason", "STOP", "index", 0)),
                    "usageMetadata", Map.of("promptTokenCount", tokens(body.toString()),
                            "candidatesTokenCount", tokens(text), "totalTokenCount", total)));
        }
        if (request.path().equals("/v1/chat/completions")) {
            if (!"json_object".equals(body.path("response_format").path("type").asText())
                    || body.path("model").asText().isEmpty() || !body.path("messages").isArray()) {
                return Answer.json(400, Map.of("error", Map.of("message", "model, messages and response_format are required",
                        "type", "invalid_request_error")));
            }
            String text = next();
            long total = tokens(body.toString()) + tokens(text);
            lastTotalTokens = total;
            return Answer.json(200, Map.of("id", "chatcmpl-fake", "object", "chat.completion",
                    "model", body.path("model").asText(),
                    "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                            "message", Map.of("role", "assistant", "content", text))),
                    "usage", Map.of("prompt_tokens", tokens(body.toString()), "completion_tokens", tokens(text),
                            "total_tokens", total)));
        }
        return Answer.json(404, Map.of("error", Map.of("message", "no such endpoint " + request.path())));
    }

    /** The prompt text of a recorded request, whichever API it went to. */
    public static String prompt(Request request) {
        JsonNode body = request.json();
        if (request.path().endsWith(":generateContent")) {
            return body.path("contents").path(0).path("parts").path(0).path("text").asText();
        }
        return body.path("messages").path(1).path("content").asText();
    }

    private synchronized String next() {
        String text = script.poll();
        return text != null ? text : always != null ? always : "{}";
    }

    private static long tokens(String text) {
        return (text.length() + 3) / 4;
    }
}
