package io.castwire.processing.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/** castwire.transcription.* as Spring binds it: defaults, the environment variable, the endpoint rule, validation. */
class TranscriptionPropertiesTest {

    private static ValidatorFactory validators;
    private static Validator validator;

    @BeforeAll
    static void validator() {
        validators = Validation.buildDefaultValidatorFactory();
        validator = validators.getValidator();
    }

    @AfterAll
    static void close() {
        validators.close();
    }

    private static TranscriptionProperties bind(Map<String, Object> properties, Map<String, Object> env) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                // Spring maps environment variable names only for sources named like this
                "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        return Binder.get(environment).bindOrCreate("castwire.transcription", TranscriptionProperties.class);
    }

    @Test
    void defaultsLeaveTranscriptionOff() {
        TranscriptionProperties p = new TranscriptionProperties();
        assertThat(p.enabled()).isFalse();
        assertThat(p.getModel()).isEqualTo("whisper-1");
        assertThat(p.getLanguage()).isEmpty();
        assertThat(p.getApiKey()).isEmpty();
        assertThat(p.getTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(p.getMaxUploadSize()).isEqualTo(DataSize.ofMegabytes(25));
        assertThat(validator.validate(p)).isEmpty();
    }

    @Test
    void theKeyComesFromTheDocumentedEnvironmentVariable() {
        TranscriptionProperties p = bind(Map.of("castwire.transcription.url", "http://localhost:8081",
                "castwire.transcription.timeout", "90s", "castwire.transcription.max-upload-size", "100MB"),
                Map.of("CASTWIRE_TRANSCRIPTION_API_KEY", "sk-from-env"));
        assertThat(p.enabled()).isTrue();
        assertThat(p.getApiKey()).isEqualTo("sk-from-env");
        assertThat(p.getTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.getMaxUploadSize()).isEqualTo(DataSize.ofMegabytes(100));
    }

    @ParameterizedTest
    @CsvSource({
            "http://localhost:8081,                             http://localhost:8081/v1/audio/transcriptions",
            "http://localhost:8081/,                            http://localhost:8081/v1/audio/transcriptions",
            "https://api.openai.com/v1,                         https://api.openai.com/v1/audio/transcriptions",
            "https://api.groq.com/openai,                       https://api.groq.com/openai/v1/audio/transcriptions",
            "http://whisper:8080/v1/audio/transcriptions,       http://whisper:8080/v1/audio/transcriptions",
            "http://whisper:8080/v1/audio/transcriptions/,      http://whisper:8080/v1/audio/transcriptions"
    })
    void theEndpointIsTheBaseUrlPlusTheOpenAiPath(String url, String endpoint) {
        TranscriptionProperties p = new TranscriptionProperties();
        p.setUrl(url);
        assertThat(p.endpoint()).hasToString(endpoint);
    }

    @Test
    void invalidValuesAreRefusedAtStartUp() {
        TranscriptionProperties p = new TranscriptionProperties();
        p.setUrl("localhost:8081");
        p.setModel("whisper-1\r\nX-Injected: 1");
        p.setLanguage("en\"");
        Set<ConstraintViolation<TranscriptionProperties>> violations = validator.validate(p);
        assertThat(violations).extracting(v -> v.getPropertyPath().toString())
                .containsExactlyInAnyOrder("url", "model", "language");
    }
}
