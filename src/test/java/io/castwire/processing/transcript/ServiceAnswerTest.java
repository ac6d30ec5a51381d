package io.castwire.processing.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Error texts and Retry-After as services send them. */
class ServiceAnswerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static HttpHeaders headers(String name, String value) {
        return HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
    }

    private ServiceAnswer.Error error(String body) throws IOException {
        Path file = Files.writeString(dir.resolve("answer.json"), body);
        return ServiceAnswer.error(file, Files.size(file)).orElse(null);
    }

    @Test
    void retryAfterInSecondsAsAnHttpDateOrInMilliseconds() {
        assertThat(ServiceAnswer.retryAfter(headers("Retry-After", "120"), CLOCK)).contains(Duration.ofMinutes(2));
        assertThat(ServiceAnswer.retryAfter(headers("Retry-After", "Sat, 21 Nov 2026 10:00:30 GMT"), CLOCK))
                .contains(Duration.ofSeconds(30));
        assertThat(ServiceAnswer.retryAfter(headers("retry-after-ms", "1500"), CLOCK)).contains(Duration.ofMillis(1500));
        assertThat(ServiceAnswer.retryAfter(headers("Retry-After", "Sat, 21 Nov 2026 09:00:00 GMT"), CLOCK))
                .as("a date in the past means now").contains(Duration.ZERO);
        assertThat(ServiceAnswer.retryAfter(headers("Retry-After", "soon"), CLOCK)).isEmpty();
        assertThat(ServiceAnswer.retryAfter(HttpHeaders.of(Map.of(), (a, b) -> true), CLOCK)).isEmpty();
    }

    @Test
    void readsOpenAiPlainAndFastApiErrors() throws IOException {
        assertThat(error("{\"error\":{\"message\":\"Invalid file format.\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":\"invalid_value\"}}")).isEqualTo(new ServiceAnswer.Error("Invalid file format.", "invalid_value"));
        assertThat(error("{\"error\":\"failed to read audio data\"}"))
                .isEqualTo(new ServiceAnswer.Error("failed to read audio data", null));
        assertThat(error("{\"detail\":\"Model not found\"}")).isEqualTo(new ServiceAnswer.Error("Model not found", null));
        assertThat(error("<html>Bad gateway</html>")).isNull();
        assertThat(error("{\"text\":\"hello\"}")).isNull();
    }

    @Test
    void longErrorTextsAreShortened() throws IOException {
        ServiceAnswer.Error e = error("{\"error\":{\"message\":\"" + "x".repeat(5000) + "\"}}");
        assertThat(e.message()).hasSize(200).endsWith("…");
    }
}
