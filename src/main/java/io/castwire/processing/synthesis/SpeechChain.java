package io.castwire.processing.synthesis;

import io.castwire.common.HubPaths;
import io.castwire.operations.budget.Budget;
import io.castwire.operations.queue.JobLimits;
import io.castwire.operations.budget.PaidUse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns text into speech through the provider chain: the cache first (a hit calls no provider),
 * then each provider in order behind its own circuit breaker. A transient failure is retried on
 * the same provider ({@code castwire.synthesis.retries}); quota, auth, a refusal, bad audio or an
 * open circuit move to the next provider at once. When none produces audio the result is
 * text-only, with every provider's failure as the reason. Paid providers are authorized by the
 * budget before each call and recorded after each answer; a {@code BudgetExceededException}
 * propagates to the caller unchanged.
 */
@Component
public class SpeechChain {

    static final String TTS_CHARACTERS = "tts-characters";
    private static final Logger LOG = LoggerFactory.getLogger(SpeechChain.class);

    private final SynthesisProperties properties;
    private final SpeechProviders providers;
    private final ProviderCircuits circuits;
    private final AudioCheck check;
    private final SpeechCache cache;
    private final Budget budget;
    private final HubPaths paths;
    private final MeterRegistry meters;
    private final JobLimits limits;

    /** A chain without concurrency limits (tests that wire it by hand). */
    public SpeechChain(SynthesisProperties properties, SpeechProviders providers, ProviderCircuits circuits,
                       AudioCheck check, SpeechCache cache, Budget budget, HubPaths paths, MeterRegistry meters) {
        this(properties, providers, circuits, check, cache, budget, paths, meters, null);
    }

    /** Every provider call holds a {@code tts} permit ({@code castwire.limits.tts}, across replicas). */
    @org.springframework.beans.factory.annotation.Autowired
    public SpeechChain(SynthesisProperties properties, SpeechProviders providers, ProviderCircuits circuits,
                       AudioCheck check, SpeechCache cache, Budget budget, HubPaths paths, MeterRegistry meters,
                       JobLimits limits) {
        this.limits = limits;
        this.meters = meters;
        this.properties = properties;
        this.providers = providers;
        this.circuits = circuits;
        this.check = check;
        this.cache = cache;
        this.budget = budget;
        this.paths = paths;
    }

    /**
     * Speaks a text for an episode.
     *
     * @param step the step name for the budget ledger ({@code synthesis-intro}, ...)
     * @return audio with the provider that made it, or text-only with the reason; never null
     */
    public Speech speak(long episodeId, String step, String rawText, String voice) throws IOException {
        String text;
        try {
            text = SpeechText.validate(rawText, voice, properties.getMaxCharacters(), properties.getVoices());
        } catch (SpeechText.Invalid invalid) {
            count("refused", "none");
            return Speech.textOnly(SpeechText.normalize(rawText), voice, null, "not spoken: " + invalid.getMessage(), List.of());
        }
        String hash = SpeechCache.hash(text, voice);
        Optional<SpeechCache.Entry> hit = cache.find(hash);
        if (hit.isPresent()) {
            SpeechCache.Entry e = hit.get();
            count("cached", e.provider());
            return new Speech(text, voice, hash, e.provider(), e.file(), e.durationMs(), true, null, List.of());
        }
        long minimumMs = Math.max(100, Math.round(text.length() * 1000 / properties.getMaxCharactersPerSecond()));
        List<String> failures = new ArrayList<>();
        for (SpeechProviders.Configured c : providers.chain()) {
            for (int attempt = 1; ; attempt++) {
                Path answer = Files.createTempFile(paths.work(), "tts-", ".answer");
                Path wav = Files.createTempFile(paths.work(), "tts-", ".wav");
                try {
                    long ms = attempt(episodeId, step, c, text, voice, answer, wav, minimumMs);
                    // the engine that spoke: a cloud provider's configured name, or espeak-ng / freetts
                    String by = c.provider().name();
                    SpeechCache.Entry e = cache.put(hash, by, voice, text.length(), ms, wav);
                    LOG.info("Synthesized {} characters with {} ({} ms of audio) for episode {} ({})", text.length(),
                            by, ms, episodeId, step);
                    count("synthesized", by);
                    return new Speech(text, voice, hash, by, e.file(), ms, false, null, failures);
                } catch (SpeechFailure f) {
                    failures.add(c.config().getName() + ": " + f.getMessage());
                    meters.counter("castwire.synthesis.provider.failures", "provider", c.config().getName(),
                            "kind", f.kind().name().toLowerCase(java.util.Locale.ROOT)).increment();
                    LOG.warn("Speech provider {} failed for episode {} ({}), attempt {}: {}", c.config().getName(), episodeId,
                            step, attempt, f.getMessage());
                    if (f.kind() != SpeechFailure.Kind.TRANSIENT || attempt > properties.getRetries()) {
                        break;
                    }
                    pause();
                } finally {
                    Files.deleteIfExists(answer);
                    Files.deleteIfExists(wav);
                }
            }
        }
        count("text-only", "none");
        return Speech.textOnly(text, voice, hash, "no provider produced audio: " + String.join("; ", failures), failures);
    }

    private long attempt(long episodeId, String step, SpeechProviders.Configured c, String text, String voice,
                         Path answer, Path wav, long minimumMs) throws SpeechFailure {
        String name = c.provider().name();
        PaidUse use = new PaidUse(step, TTS_CHARACTERS, name, text.length());
        boolean paid = c.provider().paid();
        if (paid) {
            // throws BudgetExceededException: the step must not spend
            budget.authorize(episodeId, use);
        }
        long[] ms = new long[1];
        try (JobLimits.Permit permit = limits == null ? null : limits.acquire(JobLimits.TTS, episodeId)) {
            call(c, use, paid, text, voice, answer, wav, minimumMs, episodeId, ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a tts permit", e);
        }
        return ms[0];
    }

    private void call(SpeechProviders.Configured c, PaidUse use, boolean paid, String text, String voice, Path answer,
                      Path wav, long minimumMs, long episodeId, long[] ms) throws SpeechFailure {
        String name = c.provider().name();
        circuits.call(c.config(), () -> {
            c.provider().speak(text, voice, answer);
            if (paid) {
                // the provider answered: it bills the characters whether or not the audio is usable
                budget.record(episodeId, use);
            }
            try {
                ms[0] = check.decode(name, answer, wav, minimumMs);
            } catch (IOException e) {
                throw new SpeechFailure(SpeechFailure.Kind.BAD_AUDIO, name + ": cannot check the audio (" + e.getMessage() + ")", e);
            }
        });
    }

    private void count(String result, String provider) {
        meters.counter("castwire.synthesis.speech", "result", result, "provider", provider).increment();
    }

    private void pause() {
        try {
            Thread.sleep(properties.getRetryDelay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
