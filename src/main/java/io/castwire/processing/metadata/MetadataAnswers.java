package io.castwire.processing.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the model's JSON text into {@link GeneratedMetadata}. Tolerates what models add around JSON (a
 * {@code ```json} fence) and chapter times written as {@code "m:ss"}; anything else that is not the asked-for
 * shape is a malformed answer.
 */
final class MetadataAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MetadataAnswers() {
    }

    static GeneratedMetadata parse(String text) throws LlmException {
        String t = text.strip();
        if (t.startsWith("```")) {
            t = t.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```$", "");
        }
        JsonNode root;
        try {
            root = JSON.readTree(t);
        } catch (JsonProcessingException e) {
            throw new LlmException("the answer is not JSON (" + e.getOriginalMessage() + ")", true, e);
        }
        if (root == null || !root.isObject()) {
            throw new LlmException("the answer is not a JSON object", true);
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : root.path("tags")) {
            if (tag.isTextual() && !tag.asText().isBlank()) {
                tags.add(tag.asText().strip());
            }
        }
        List<GeneratedChapter> chapters = new ArrayList<>();
        for (JsonNode c : root.path("chapters")) {
            Long start = millis(c.get("start"));
            Long end = millis(c.get("end"));
            if (start == null || end == null) {
                throw new LlmException("a chapter has no numeric start and end: " + abbreviate(c.toString()), true);
            }
            chapters.add(new GeneratedChapter(start, end, c.path("title").asText("").strip()));
        }
        return new GeneratedMetadata(text(root, "title"), text(root, "description"), tags, chapters);
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n != null && n.isTextual() && !n.asText().isBlank() ? n.asText().strip() : null;
    }

    /** Seconds (a number, or text such as "83.5" or "1:23.5") as milliseconds; null when it is neither. */
    static Long millis(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.isNumber()) {
            return Math.round(n.asDouble() * 1000);
        }
        if (!n.isTextual()) {
            return null;
        }
        try {
            double seconds = 0;
            for (String part : n.asText().strip().split(":")) {
                seconds = seconds * 60 + Double.parseDouble(part);
            }
            return Math.round(seconds * 1000);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "\u2026";
    }
}
