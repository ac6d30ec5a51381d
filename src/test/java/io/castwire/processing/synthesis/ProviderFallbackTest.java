package io.castwire.processing.synthesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castwire.operations.budget.BudgetExceededException;
import io.castwire.processing.synthesis.FakeSpeechApi.Reply;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider chain against two OpenAI-compatible fakes ({@code first}, then {@code second}): each
 * failure mode either retries the same provider or moves on, and the result names who spoke.
 */
class ProviderFallbackTest {

    private static byte[] wav;
    private SpeechFixture fx;
    private FakeSpeechApi first;
    private FakeSpeechApi second;
    private SynthesisProperties.Provider firstConfig;

    @BeforeAll
    static void audio() {
        wav = SpeechFixture.wav(2.0);
    }

    @BeforeEach
    void chain() throws Exception {
        fx = new SpeechFixture();
        first = new FakeSpeechApi(Reply.audio("audio/wav", wav));
        second = new FakeSpeechApi(Reply.audio("audio/wav", wav));
        firstConfig = fx.provider("first", "openai", first.baseUrl());
        fx.provider("second", "openai", second.baseUrl());
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
        fx.close();
    }

    private Speech speak(String text) throws Exception {
        return fx.chain().speak(7, "synthesis-intro", text, "narrator");
    }

    @Test
    void aWorkingFirstProviderSpeaksAndIsRecordedWithTheBudget() throws Exception {
        Speech s = speak("Welcome to the show about wires.");

        assertThat(s.hasAudio()).isTrue();
        assertThat(s.provider()).isEqualTo("first");
        assertThat(s.durationMs()).isBetween(1900L, 2100L);
        assertThat(second.requests()).isZero();
        assertThat(fx.authorized).containsExactly("first");
        assertThat(fx.recorded).singleElement().satisfies(u -> {
            assertThat(u.item()).isEqualTo("tts-characters");
            assertThat(u.step()).isEqualTo("synthesis-intro");
            assertThat(u.quantity()).isEqualTo("Welcome to the show about wires.".length());
        });
    }

    @Test
    void a5xxIsRetriedOnTheSameProvider() throws Exception {
        first.then(Reply.error(503, "busy"));

        Speech s = speak("Five hundred, then fine.");

        assertThat(s.provider()).isEqualTo("first");
        assertThat(first.requests()).isEqualTo(2);
        assertThat(second.requests()).isZero();
        assertThat(s.attempts()).singleElement().asString().contains("HTTP 503");
    }

    @Test
    void a5xxThatPersistsMovesOnAfterTheRetries() throws Exception {
        first.answerAlways(Reply.error(500, "down"));

        Speech s = speak("Down for good.");

        assertThat(s.provider()).isEqualTo("second");
        assertThat(first.requests()).isEqualTo(1 + fx.properties.getRetries());
    }

    @Test
    void a429QuotaMovesToTheNextProviderAtOnce() throws Exception {
        first.answerAlways(Reply.error(429, "You exceeded your current quota"));

        Speech s = speak("Quota gone.");

        assertThat(s.provider()).isEqualTo("second");
        assertThat(first.requests()).isEqualTo(1);
        assertThat(s.attempts()).singleElement().asString().contains("quota").contains("429");
        assertThat(fx.meters.counter("castwire.synthesis.provider.failures", "provider", "first", "kind", "quota").count())
                .isEqualTo(1);
        assertThat(fx.meters.counter("castwire.synthesis.speech", "result", "synthesized", "provider", "second").count())
                .isEqualTo(1);
    }

    @Test
    void a401MovesToTheNextProviderAtOnceWithoutEchoingTheKey() throws Exception {
        first.answerAlways(Reply.error(401, "Incorrect API key provided: " + SpeechFixture.KEY));

        Speech s = speak("Wrong key.");

        assertThat(s.provider()).isEqualTo("second");
        assertThat(first.requests()).isEqualTo(1);
        assertThat(s.attempts()).singleElement().asString().contains("HTTP 401").doesNotContain(SpeechFixture.KEY);
    }

    @Test
    void aKeyQuotedInAnotherErrorIsMasked() throws Exception {
        first.answerAlways(Reply.error(400, "key " + SpeechFixture.KEY + " may not use this voice"));

        Speech s = speak("Masked.");

        assertThat(s.attempts()).singleElement().asString().contains("HTTP 400").contains("***")
                .doesNotContain(SpeechFixture.KEY);
    }

    @Test
    void aMissingKeyVariableMovesOnWithoutACall() throws Exception {
        firstConfig.setApiKeyEnv("TEST_TTS_KEY_NOT_SET");

        Speech s = speak("No key at all.");

        assertThat(s.provider()).isEqualTo("second");
        assertThat(first.requests()).isZero();
        assertThat(s.attempts()).singleElement().asString().contains("TEST_TTS_KEY_NOT_SET");
    }

    @Test
    void aTimeoutIsRetriedThenTheNextProviderSpeaks() throws Exception {
        firstConfig.setTimeout(Duration.ofMillis(300));
        first.answerAlways(Reply.audio("audio/wav", wav).delayed(1500));

        Speech s = speak("Slow provider.");

        assertThat(s.provider()).isEqualTo("second");
        assertThat(first.requests()).isEqualTo(2);
        assertThat(s.attempts()).hasSize(2).allSatisfy(a -> assertThat(a).contains("did not answer within"));
    }

    @Test
    void undecodableAudioMovesToTheNextProviderAtOnce() throws Exception {
        first.answerAlways(Reply.audio("audio/wav", "this is not audio at all, just text".repeat(20).getBytes()));

        Speech s = speak("Garbage audio.");

        assertThat(s.provider()).isEqualTo("second");
        assertThat(first.requests()).isEqualTo(1);
        assertThat(s.attempts()).singleElement().asString().contains("cannot decode");
    }

    @Test
    void emptyAudioMovesOn() throws Exception {
        first.answerAlways(Reply.audio("audio/wav", new byte[0]));

        Speech s = speak("Empty audio.");

        assertThat(s.provider()).isEqualTo("second");
        assertThat(s.attempts()).singleElement().asString().contains("empty");
    }

    @Test
    void audioTooShortForTheTextMovesOn() throws Exception {
        first.answerAlways(Reply.audio("audio/wav", SpeechFixture.wav(0.05)));

        Speech s = speak("This sentence cannot possibly be spoken in fifty milliseconds by anyone.");

        assertThat(s.provider()).isEqualTo("second");
        assertThat(s.attempts()).singleElement().asString().contains("too short");
    }

    @Test
    void whenEveryProviderFailsTheResultIsTextOnlyWithEachReason() throws Exception {
        first.answerAlways(Reply.error(401, "nope"));
        second.answerAlways(Reply.error(429, "quota"));

        Speech s = speak("Nobody will say this.");

        assertThat(s.hasAudio()).isFalse();
        assertThat(s.provider()).isNull();
        assertThat(s.text()).isEqualTo("Nobody will say this.");
        assertThat(s.reason()).startsWith("no provider produced audio").contains("first: ").contains("HTTP 401")
                .contains("second: ").contains("HTTP 429");
    }

    @Test
    void theCircuitOfAFailingProviderOpensAndItIsNoLongerCalled() throws Exception {
        firstConfig.getCircuit().setMinimumCalls(2);
        firstConfig.getCircuit().setSlidingWindow(2);
        firstConfig.getCircuit().setWaitInOpen(Duration.ofMinutes(5));
        first.answerAlways(Reply.error(429, "quota"));
        SpeechChain chain = fx.chain();

        chain.speak(7, "synthesis-teaser", "First teaser.", "narrator");
        chain.speak(7, "synthesis-teaser", "Second teaser.", "narrator");
        assertThat(fx.circuits.state(firstConfig)).isEqualTo(CircuitBreaker.State.OPEN);
        int calls = first.requests();

        Speech s = chain.speak(7, "synthesis-teaser", "Third teaser.", "narrator");

        assertThat(first.requests()).isEqualTo(calls);
        assertThat(s.provider()).isEqualTo("second");
        assertThat(s.attempts()).singleElement().asString().contains("circuit is open");
    }

    @Test
    void aCacheHitCallsNoProviderAndKeepsWhoSpokeIt() throws Exception {
        Speech made = speak("Say this only once.");
        int calls = first.requests();

        Speech again = fx.chain().speak(8, "synthesis-outro", "  Say this   only once. ", "narrator");

        assertThat(again.cached()).isTrue();
        assertThat(again.provider()).isEqualTo("first");
        assertThat(again.file()).isEqualTo(made.file()).exists();
        assertThat(first.requests()).isEqualTo(calls);
        assertThat(fx.recorded).hasSize(1);
    }

    @Test
    void aTextOnlyResultIsNotCachedSoALaterRunCanSpeakIt() throws Exception {
        first.answerAlways(Reply.error(500, "down"));
        second.answerAlways(Reply.error(500, "down"));
        assertThat(speak("Try me later.").hasAudio()).isFalse();
        first.answerAlways(Reply.audio("audio/wav", wav));

        assertThat(speak("Try me later.").provider()).isEqualTo("first");
    }

    @Test
    void anExceededBudgetPropagatesAndNothingIsCalled() {
        fx.overBudget = true;

        assertThatThrownBy(() -> speak("Too expensive.")).isInstanceOf(BudgetExceededException.class);
        assertThat(first.requests()).isZero();
        assertThat(second.requests()).isZero();
    }

    @Test
    void invalidTextIsTextOnlyWithoutACall() throws Exception {
        Speech s = fx.chain().speak(7, "synthesis-intro", "<speak><break time='10s'/>hi</speak>", "narrator");
        Speech voice = fx.chain().speak(7, "synthesis-intro", "Hello.", "robot");

        assertThat(s.hasAudio()).isFalse();
        assertThat(s.reason()).contains("markup");
        assertThat(voice.reason()).contains("voice 'robot'");
        assertThat(first.requests()).isZero();
    }
}
