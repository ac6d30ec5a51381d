package io.castwire.processing.transcript;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Whisper JSON (openai-whisper / OpenAI API verbose_json, and whisper.cpp {@code -oj}) and castwire
 * JSON, and tells them apart by their fields.
 * <p>
 * The document is streamed and only one segment at a time becomes a tree, because Whisper output with
 * per-token data is many times larger as a tree than as text.
 */
final class JsonTranscriptReader {

    /** What the JSON turned out to be, and its segments in file order. */
    record Result(TranscriptFormat format, List<RawCue> cues) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    // fields Whisper writes into every segment; castwire's own segments do not need them
    private static final List<String> WHISPER_SEGMENT_FIELDS = List.of("id", "tokens", "avg_logprob");
    private static final Pattern TIMESTAMP = Pattern.compile(Timecodes.HOURS_MINUTES_SECONDS);
    // parts of Jackson's messages meant for the developer, not for the producer of the file
    private static final Pattern DEVELOPER_DETAIL = Pattern.compile(
            "\\s*\\((?:start marker at )?\\[Source:[^\\]]*]\\)|: enable `[^`]*` to allow");
    private static final double MAX_MILLIS = 1e15; // over 30,000 years; anything larger is garbage, not a time

    private final List<RawCue> cues = new ArrayList<>();
    private boolean whisperSegmentFields;

    private JsonTranscriptReader() {
    }

    /** Reads a whole JSON transcript. */
    static Result read(Reader reader) throws IOException, TranscriptParseException {
        try (JsonParser parser = MAPPER.createParser(reader)) {
            Result result = new JsonTranscriptReader().readDocument(parser);
            if (parser.nextToken() != null) {
                throw new TranscriptParseException(at(parser) + "unexpected content after the end of the JSON document");
            }
            return result;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    private Result readDocument(JsonParser parser) throws IOException, TranscriptParseException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new TranscriptParseException("the file holds no JSON: it contains no captions/segments");
        }
        if (first == JsonToken.START_ARRAY) {
            readSegments(parser);
            return new Result(TranscriptFormat.CASTWIRE_JSON, cues);
        }
        if (first != JsonToken.START_OBJECT) {
            throw new TranscriptParseException(at(parser) + "expected a JSON object or a list of segments, found "
                    + describe(first));
        }
        return readObject(parser);
    }

    private Result readObject(JsonParser parser) throws IOException, TranscriptParseException {
        boolean hasSegments = false;
        boolean hasTranscription = false;
        boolean hasLanguage = false;
        String text = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "segments" -> {
                    requireList(parser, field, value);
                    hasSegments = true;
                    readSegments(parser);
                }
                case "transcription" -> {
                    requireList(parser, field, value);
                    hasTranscription = true;
                    readSegments(parser);
                }
                case "language" -> {
                    hasLanguage = true;
                    parser.skipChildren();
                }
                case "text" -> {
                    text = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    parser.skipChildren();
                }
                default -> parser.skipChildren();
            }
        }
        if (cues.isEmpty() && text != null && !text.isBlank()) {
            throw new TranscriptParseException("the JSON has no timed segments, only a plain 'text';"
                    + " export Whisper output as verbose_json or with whisper.cpp -oj");
        }
        if (!hasSegments && !hasTranscription) {
            throw new TranscriptParseException("the JSON has no 'segments' or 'transcription' list:"
                    + " it contains no captions/segments");
        }
        boolean whisper = hasTranscription || whisperSegmentFields || (hasLanguage && text != null);
        return new Result(whisper ? TranscriptFormat.WHISPER_JSON : TranscriptFormat.CASTWIRE_JSON, cues);
    }

    /** Reads the list the parser is at, one segment object at a time. */
    private void readSegments(JsonParser parser) throws IOException, TranscriptParseException {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String label = "segment " + (cues.size() + 1) + " (line " + parser.currentTokenLocation().getLineNr() + ")";
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw new TranscriptParseException(label + ": expected an object with start, end and text, found "
                        + describe(parser.currentToken()));
            }
            JsonNode segment = MAPPER.readTree(parser);
            whisperSegmentFields |= WHISPER_SEGMENT_FIELDS.stream().anyMatch(segment::has);
            cues.add(toCue(segment, label));
        }
    }

    private static RawCue toCue(JsonNode segment, String label) throws TranscriptParseException {
        long start;
        long end;
        if (segment.has("offsets")) {            // whisper.cpp, milliseconds
            start = millis(segment.path("offsets").get("from"), 1, label, "offsets.from");
            end = millis(segment.path("offsets").get("to"), 1, label, "offsets.to");
        } else if (segment.has("timestamps")) {  // whisper.cpp without offsets
            start = timestamp(segment.path("timestamps").get("from"), label, "timestamps.from");
            end = timestamp(segment.path("timestamps").get("to"), label, "timestamps.to");
        } else {                                 // Whisper verbose_json and castwire, seconds
            start = millis(segment.get("start"), 1000, label, "start");
            end = millis(segment.get("end"), 1000, label, "end");
        }
        String text = string(segment.get("text"), label, "text");
        return new RawCue(start, end, text == null ? "" : text, string(segment.get("speaker"), label, "speaker"), label);
    }

    private static long millis(JsonNode node, double millisPerUnit, String label, String field)
            throws TranscriptParseException {
        if (node == null || node.isNull()) {
            throw new TranscriptParseException(label + " has no '" + field + "' time");
        }
        if (!node.isNumber()) {
            throw new TranscriptParseException(label + ": '" + field + "' must be a number, found " + Text.quote(node.toString()));
        }
        double millis = node.asDouble() * millisPerUnit;
        if (!Double.isFinite(millis) || millis > MAX_MILLIS) {
            throw new TranscriptParseException(label + ": '" + field + "' is not a usable time (" + Text.quote(node.toString()) + ")");
        }
        if (millis < 0) {
            throw new TranscriptParseException(label + ": '" + field + "' is negative (" + node + ")");
        }
        return Math.round(millis);
    }

    private static long timestamp(JsonNode node, String label, String field) throws TranscriptParseException {
        Matcher m = TIMESTAMP.matcher(node == null ? "" : node.asText());
        if (node == null || !node.isTextual() || !m.matches()) {
            throw new TranscriptParseException(label + ": '" + field + "' must be a time like 00:01:02,500, found "
                    + Text.quote(String.valueOf(node)));
        }
        return Timecodes.millis(m, 1);
    }

    /** A string field, {@code null} when missing or null. */
    private static String string(JsonNode node, String label, String field) throws TranscriptParseException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new TranscriptParseException(label + ": '" + field + "' must be a string, found " + Text.quote(node.toString()));
        }
        return node.asText();
    }

    private static void requireList(JsonParser parser, String field, JsonToken value) throws TranscriptParseException {
        if (value != JsonToken.START_ARRAY) {
            throw new TranscriptParseException(at(parser) + "'" + field + "' must be a list, found " + describe(value));
        }
    }

    private static TranscriptParseException malformed(JsonProcessingException e) {
        String detail = DEVELOPER_DETAIL.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("")
                .lines().findFirst().orElse("");
        return new TranscriptParseException(where(e.getLocation()) + "the JSON is malformed (" + detail + ")", e);
    }

    private static String at(JsonParser parser) {
        return where(parser.currentTokenLocation());
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true/false";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }
}
