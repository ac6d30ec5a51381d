package io.castwire.processing.transcript;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What a transcription service said besides a transcript: the short error text of a failed answer
 * and how long it asked the hub to wait. Only a few fields are read; the body itself is never
 * logged or passed on, because it may echo what was sent.
 */
final class ServiceAnswer {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_MESSAGE = 200;

    /** The error fields of a JSON answer: OpenAI {@code error.message/code}, a plain {@code error}, FastAPI {@code detail}. */
    record Error(String message, String code) {
    }

    private ServiceAnswer() {
    }

    /** The error the answer in {@code body} describes, if it is a small JSON object that names one. */
    static Optional<Error> error(Path body, long size) {
        if (size <= 0 || size > MAX_ERROR_BODY) {
            return Optional.empty();
        }
        try (JsonParser parser = MAPPER.createParser(body.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            JsonNode root = MAPPER.readTree(parser);
            JsonNode error = root.get("error");
            if (error != null && error.isTextual()) {
                return Optional.of(new Error(shorten(error.asText()), null));
            }
            if (error != null && error.isObject()) {
                String message = error.path("message").isTextual() ? shorten(error.path("message").asText()) : null;
                String code = error.path("code").isTextual() ? shorten(error.path("code").asText()) : null;
                return message == null && code == null ? Optional.empty() : Optional.of(new Error(message, code));
            }
            JsonNode detail = root.get("detail");
            if (detail != null && detail.isTextual()) {
                return Optional.of(new Error(shorten(detail.asText()), null));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The wait asked for by {@code retry-after-ms} (OpenAI) or {@code Retry-After} (seconds or an
     * HTTP date, RFC 9110).
     */
    static Optional<Duration> retryAfter(HttpHeaders headers, Clock clock) {
        Optional<String> millis = headers.firstValue("retry-after-ms");
        if (millis.isPresent()) {
            try {
                return Optional.of(Duration.ofMillis(Math.max(0, Math.round(Double.parseDouble(millis.get().strip())))));
            } catch (NumberFormatException e) {
                // fall through to Retry-After
            }
        }
        Optional<String> value = headers.firstValue("retry-after").map(String::strip);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.get()))));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= MAX_MESSAGE ? one : one.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
