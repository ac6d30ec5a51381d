package io.castwire.processing.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.operations.budget.Budget;
import io.castwire.operations.budget.BudgetExceededException;
import io.castwire.operations.budget.PaidUse;
import io.castwire.processing.chapters.ChapterDetector;
import io.castwire.publishing.delivery.Secrets;
import io.castwire.support.fakes.ApiFake;
import io.castwire.support.fakes.FakeLlm;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.env.MockEnvironment;

/**
 * The LLM path against an HTTP fake of each API: well-formed answers, malformed ones, 5xx retries, a refused key,
 * a timeout, the circuit breaker, the regenerate-then-accept flow and the budget.
 */
class LlmMetadataTest {

    static final String GROUNDED = """
            {"title": "Sourdough with Sarah Chen",
             "description": "Sarah Chen from Toronto has baked bread for twelve years. She explains her rye and her starter.",
             "tags": ["sourdough", "bread", "rye"],
             "chapters": [{"start": 0, "end": 29.6, "title": "Sarah Chen on sourdough"},
                          {"start": 29.6, "end": 60, "title": "The starter and the bakery"}]}""";
    static final String HALLUCINATED = """
            {"title": "Sourdough secrets with Oprah Winfrey",
             "description": "Sarah Chen sold 10,000 loaves last year.",
             "tags": ["sourdough", "bread"],
             "chapters": [{"start": 0, "end": 30, "title": "Sourdough"}, {"start": 30, "end": 60, "title": "Bakery"}]}""";

    private final FakeLlm fake = new FakeLlm();
    private final RecordingBudget budget = new RecordingBudget();

    @AfterEach
    void stop() {
        fake.close();
    }

    private MetadataProperties properties(String provider) {
        MetadataProperties p = new MetadataProperties();
        p.setProvider(provider);
        p.setBaseUrl(fake.baseUrl());
        p.setApiKeyEnv("TEST_LLM_KEY");
        p.setRetryBackoff(Duration.ofMillis(10));
        p.setTimeout(Duration.ofSeconds(10));
        return p;
    }

    private MetadataGenerator generator(MetadataProperties p, String key) {
        MockEnvironment env = new MockEnvironment();
        if (key != null) {
            env.setProperty("TEST_LLM_KEY", key);
        }
        return generator(p, new LlmGateway(p, new Secrets(env), new ObjectMapper()), budget);
    }

    private static MetadataGenerator generator(MetadataProperties p, LlmGateway gateway, Budget budget) {
        return new MetadataGenerator(gateway, new GroundingGuard(), new ExtractiveMetadata(new ChapterDetector(), p),
                budget, p);
    }

    private MetadataGenerator.Result run(MetadataGenerator g) {
        return g.generate(7, GroundingGuardTest.SEGMENTS, GroundingGuardTest.MEDIA);
    }

    private static Map<MetadataField, String> all(String source) {
        return Map.of(MetadataField.TITLE, source, MetadataField.DESCRIPTION, source, MetadataField.TAGS, source,
                MetadataField.CHAPTERS, source);
    }

    private List<ApiFake.Request> calls() {
        return fake.requests();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini", "openai"})
    void aWellFormedGroundedAnswerIsTakenAndPaidFor(String provider) {
        fake.reply(GROUNDED);
        MetadataGenerator.Result r = run(generator(properties(provider), FakeLlm.KEY));

        assertThat(r.sources()).isEqualTo(all("llm:" + provider));
        assertThat(r.metadata().title()).isEqualTo("Sourdough with Sarah Chen");
        assertThat(r.metadata().tags()).containsExactly("sourdough", "bread", "rye");
        // snapped to the segment boundary at 30 s
        assertThat(r.metadata().chapters()).extracting(GeneratedChapter::startMillis).containsExactly(0L, 30_000L);
        assertThat(r.llmCalls()).isEqualTo(1);
        assertThat(r.notes()).isEmpty();
        ApiFake.Request sent = calls().get(0);
        if (provider.equals("gemini")) {
            assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
            assertThat(sent.header("x-goog-api-key")).isEqualTo(FakeLlm.KEY);
            assertThat(sent.rawQuery()).isNull();
            assertThat(sent.json().path("generationConfig").path("responseSchema").path("required").toString())
                    .contains("chapters");
        } else {
            assertThat(sent.path()).isEqualTo("/v1/chat/completions");
            assertThat(sent.header("Authorization")).isEqualTo("Bearer " + FakeLlm.KEY);
            assertThat(sent.json().path("model").asText()).isEqualTo("gpt-4o-mini");
        }
        // the prompt carries the transcript with its timestamps
        assertThat(FakeLlm.prompt(sent)).contains("[10.0-20.0] She has baked bread for twelve years");
        assertThat(budget.authorized).singleElement().satisfies(u -> {
            assertThat(u.step()).isEqualTo("metadata");
            assertThat(u.item()).isEqualTo("llm-tokens");
            assertThat(u.provider()).isEqualTo(provider);
            assertThat(u.quantity()).isGreaterThan(MetadataGenerator.ANSWER_TOKENS);
        });
        assertThat(budget.recorded).singleElement().extracting(PaidUse::quantity)
                .isEqualTo((double) fake.lastTotalTokens());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini", "openai"})
    void aMalformedAnswerIsAskedOnceMoreThenReplacedByTheExtractivePath(String provider) {
        fake.reply("{\"title\": \"Sourdough\", \"description\": ");
        MetadataGenerator.Result r = run(generator(properties(provider), FakeLlm.KEY));

        assertThat(r.sources()).isEqualTo(all("extractive"));
        assertThat(r.llmCalls()).isEqualTo(2);
        assertThat(calls()).hasSize(2);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("not JSON"));
        assertThat(r.metadata().title()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini", "openai"})
    void a5xxIsRetriedAndTheAnswerAfterItIsUsed(String provider) {
        fake.reply(GROUNDED);
        fake.failNext(2, 503, Map.of("Content-Type", "application/json"), "{\"error\": {\"code\": 503}}");
        MetadataGenerator.Result r = run(generator(properties(provider), FakeLlm.KEY));

        assertThat(calls()).hasSize(3);
        assertThat(r.llmCalls()).isEqualTo(1);
        assertThat(r.sources()).isEqualTo(all("llm:" + provider));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini", "openai"})
    void aRefusedKeyFallsBackAtOnceWithoutRetrying(String provider) {
        fake.reply(GROUNDED);
        MetadataGenerator.Result r = run(generator(properties(provider), "wrong-key"));

        assertThat(calls()).hasSize(1);
        assertThat(r.sources()).isEqualTo(all("extractive"));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("HTTP " + (provider.equals("gemini") ? 400 : 401)));
        assertThat(String.join(" ", r.notes())).doesNotContain("wrong-key");
        assertThat(budget.recorded).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini", "openai"})
    void aTimeoutFallsBackToTheExtractivePath(String provider) {
        fake.reply(GROUNDED).delay(Duration.ofSeconds(5));
        MetadataProperties p = properties(provider);
        p.setTimeout(Duration.ofMillis(300));
        p.setMaxAttempts(1);
        MetadataGenerator.Result r = run(generator(p, FakeLlm.KEY));

        assertThat(r.sources()).isEqualTo(all("extractive"));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("did not answer within"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini", "openai"})
    void aHallucinationIsRegeneratedWithTheViolationsNamedAndTheGroundedAnswerStored(String provider) {
        fake.reply(HALLUCINATED, GROUNDED);
        MetadataGenerator.Result r = run(generator(properties(provider), FakeLlm.KEY));

        assertThat(calls()).hasSize(2);
        assertThat(r.llmCalls()).isEqualTo(2);
        assertThat(r.metadata().title()).isEqualTo("Sourdough with Sarah Chen");
        assertThat(r.metadata().description()).startsWith("Sarah Chen from Toronto");
        assertThat(r.sources()).isEqualTo(all("llm:" + provider));
        String retry = FakeLlm.prompt(calls().get(1));
        assertThat(retry).contains("rejected").contains("'Oprah Winfrey'").contains("'10,000'");
        assertThat(r.notes()).singleElement().asString().contains("refused by the grounding guard");
        assertThat(budget.authorized).hasSize(2);
        assertThat(budget.recorded).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini", "openai"})
    void fieldsStillRefusedAfterTheSecondAnswerComeFromTheExtractivePath(String provider) {
        fake.reply(HALLUCINATED);
        MetadataGenerator.Result r = run(generator(properties(provider), FakeLlm.KEY));

        assertThat(r.llmCalls()).isEqualTo(2);
        assertThat(r.sources()).containsEntry(MetadataField.TITLE, "extractive")
                .containsEntry(MetadataField.DESCRIPTION, "extractive")
                .containsEntry(MetadataField.TAGS, "llm:" + provider)
                .containsEntry(MetadataField.CHAPTERS, "llm:" + provider);
        assertThat(r.metadata().title()).doesNotContain("Oprah");
        assertThat(r.metadata().description()).doesNotContain("10,000");
        assertThat(r.notes()).last().asString().contains("extractive title, description instead");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini", "openai"})
    void aMissingKeyNeverCalls(String provider) {
        MetadataGenerator.Result r = run(generator(properties(provider), null));

        assertThat(calls()).isEmpty();
        assertThat(r.sources()).isEqualTo(all("extractive"));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("TEST_LLM_KEY is not set"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini", "openai"})
    void theCircuitOpensAfterRepeatedFailuresAndThenNothingIsSent(String provider) {
        MetadataProperties p = properties(provider);
        p.setMaxAttempts(1);
        p.getCircuit().setMinimumCalls(2);
        p.getCircuit().setSlidingWindow(2);
        p.getCircuit().setWaitInOpen(Duration.ofMinutes(5));
        MockEnvironment env = new MockEnvironment().withProperty("TEST_LLM_KEY", FakeLlm.KEY);
        LlmGateway gateway = new LlmGateway(p, new Secrets(env), new ObjectMapper());
        MetadataGenerator g = generator(p, gateway, budget);
        fake.failNext(2, 500, Map.of(), "");

        run(g);
        run(g);
        assertThat(gateway.state()).isEqualTo(CircuitBreaker.State.OPEN);
        fake.reply(GROUNDED);
        MetadataGenerator.Result r = run(g);

        assertThat(calls()).hasSize(2);
        assertThat(r.sources()).isEqualTo(all("extractive"));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("circuit"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini", "openai"})
    void anExceededBudgetPropagatesUnchangedAndNothingIsSent(String provider) {
        fake.reply(GROUNDED);
        BudgetExceededException over = new BudgetExceededException("bakery", new PaidUse("metadata", "llm-tokens",
                provider, 1), BigDecimal.ONE, BigDecimal.ZERO);
        Budget refusing = new Budget() {
            @Override
            public void authorize(long episodeId, PaidUse use) {
                throw over;
            }

            @Override
            public void record(long episodeId, PaidUse use) {
            }
        };
        MetadataProperties p = properties(provider);
        MetadataGenerator g = generator(p, new LlmGateway(p, new Secrets(new MockEnvironment()
                .withProperty("TEST_LLM_KEY", FakeLlm.KEY)), new ObjectMapper()), refusing);

        assertThatThrownBy(() -> run(g)).isSameAs(over);
        assertThat(calls()).isEmpty();
    }

    /** Remembers what was authorised and recorded. */
    static final class RecordingBudget implements Budget {
        final List<PaidUse> authorized = new ArrayList<>();
        final List<PaidUse> recorded = new ArrayList<>();

        @Override
        public void authorize(long episodeId, PaidUse use) {
            authorized.add(use);
        }

        @Override
        public void record(long episodeId, PaidUse use) {
            recorded.add(use);
        }
    }
}
