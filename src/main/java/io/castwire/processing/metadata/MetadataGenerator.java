package io.castwire.processing.metadata;

import io.castwire.operations.budget.Budget;
import io.castwire.operations.queue.JobLimits;
import io.castwire.operations.budget.PaidUse;
import io.castwire.processing.transcript.TranscriptSegment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes an episode's metadata. With an LLM configured: ask it, let the {@link GroundingGuard} judge each field,
 * ask once more naming what was refused, and take the {@link ExtractiveMetadata} for any field still refused (or
 * for all of them when the LLM gave no answer). Without one: the extractive path. Every LLM call is authorised by
 * the {@link Budget} first and recorded after; a {@code BudgetExceededException} leaves this class unchanged.
 */
@Component
public class MetadataGenerator {

    public static final String STEP = "metadata";
    public static final String ITEM = "llm-tokens";
    public static final String EXTRACTIVE = "extractive";
    /** Calls per episode: the first answer and one regeneration. */
    static final int MAX_CALLS = 2;
    /** Tokens allowed for the answer in the budget estimate: a title, a few sentences and up to ten chapters. */
    static final int ANSWER_TOKENS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(MetadataGenerator.class);

    private final LlmGateway llm;
    private final GroundingGuard guard;
    private final ExtractiveMetadata extractive;
    private final Budget budget;
    private final MetadataProperties properties;
    private final JobLimits limits;

    /** A generator without concurrency limits (tests that wire it by hand). */
    public MetadataGenerator(LlmGateway llm, GroundingGuard guard, ExtractiveMetadata extractive, Budget budget,
                             MetadataProperties properties) {
        this(llm, guard, extractive, budget, properties, null);
    }

    /** Every LLM call holds an {@code llm} permit ({@code castwire.limits.llm}, across replicas). */
    @org.springframework.beans.factory.annotation.Autowired
    public MetadataGenerator(LlmGateway llm, GroundingGuard guard, ExtractiveMetadata extractive, Budget budget,
                             MetadataProperties properties, JobLimits limits) {
        this.limits = limits;
        this.llm = llm;
        this.guard = guard;
        this.extractive = extractive;
        this.budget = budget;
        this.properties = properties;
    }

    /**
     * What was generated and where each field came from.
     *
     * @param metadata the chosen value of every field
     * @param sources  per field, {@code llm:<provider>} or {@value #EXTRACTIVE}
     * @param notes    why fields fell back (for the timeline), empty when nothing did or no LLM is configured
     * @param llmCalls LLM calls made (answered or not)
     */
    public record Result(GeneratedMetadata metadata, Map<MetadataField, String> sources, List<String> notes,
                         int llmCalls) {
    }

    /**
     * Generates metadata for an episode. Called by {@link MetadataStep}.
     *
     * @param segments    the transcript, not empty
     * @param mediaMillis the media's duration, or 0 when unknown
     */
    public Result generate(long episodeId, List<TranscriptSegment> segments, long mediaMillis) {
        GeneratedMetadata fallback = extractive.generate(segments, mediaMillis);
        if (!llm.enabled()) {
            return fromFallback(fallback, new EnumMap<>(MetadataField.class), List.of(), 0);
        }
        String source = "llm:" + llm.provider();
        TranscriptFacts facts = TranscriptFacts.of(segments);
        String prompt = MetadataPrompt.prompt(segments, properties.getMaxTranscriptTokens());
        Map<MetadataField, GeneratedMetadata> accepted = new EnumMap<>(MetadataField.class);
        List<String> notes = new ArrayList<>();
        List<Violation> refused = List.of();
        int calls = 0;
        while (calls < MAX_CALLS && accepted.size() < MetadataField.values().length) {
            String asked = calls == 0 ? prompt : MetadataPrompt.retry(prompt, refused);
            int estimate = MetadataPrompt.tokens(MetadataPrompt.SYSTEM + asked) + ANSWER_TOKENS;
            budget.authorize(episodeId, new PaidUse(STEP, ITEM, llm.provider(), estimate));
            calls++;
            LlmAnswer answer;
            try {
                answer = complete(episodeId, asked);
            } catch (LlmException e) {
                notes.add(llm.provider() + " gave no usable answer (" + e.getMessage() + ")");
                LOG.warn("Episode {}: LLM metadata failed, using the extractive path: {}", episodeId, e.getMessage());
                break;
            }
            budget.record(episodeId, new PaidUse(STEP, ITEM, llm.provider(),
                    answer.totalTokens() >= 0 ? answer.totalTokens() : estimate));
            GeneratedMetadata parsed;
            try {
                parsed = MetadataAnswers.parse(answer.text());
            } catch (LlmException e) {
                refused = List.of(new Violation(MetadataField.TITLE, e.getMessage()));
                notes.add("answer " + calls + " refused: " + e.getMessage());
                continue;
            }
            GroundingGuard.Verdict verdict = guard.check(parsed, facts, mediaMillis);
            for (MetadataField f : MetadataField.values()) {
                if (verdict.accepted(f)) {
                    // a later answer wins: it was written knowing what was wrong, and its fields belong together
                    accepted.put(f, verdict.metadata());
                }
            }
            refused = verdict.violations().stream().filter(v -> !accepted.containsKey(v.field())).toList();
            if (!refused.isEmpty()) {
                notes.add("answer " + calls + " refused by the grounding guard: "
                        + refused.stream().map(Violation::toString).collect(Collectors.joining("; ")));
            }
        }
        Map<MetadataField, String> sources = new EnumMap<>(MetadataField.class);
        accepted.keySet().forEach(f -> sources.put(f, source));
        GeneratedMetadata chosen = new GeneratedMetadata(
                pick(accepted, MetadataField.TITLE, fallback).title(),
                pick(accepted, MetadataField.DESCRIPTION, fallback).description(),
                pick(accepted, MetadataField.TAGS, fallback).tags(),
                pick(accepted, MetadataField.CHAPTERS, fallback).chapters());
        List<String> fellBack = new ArrayList<>();
        for (MetadataField f : MetadataField.values()) {
            if (!accepted.containsKey(f)) {
                fellBack.add(f.key());
            }
        }
        if (!fellBack.isEmpty()) {
            notes.add("extractive " + String.join(", ", fellBack) + " instead");
        }
        return fromFallback(chosen, sources, notes, calls);
    }

    private static GeneratedMetadata pick(Map<MetadataField, GeneratedMetadata> accepted, MetadataField f,
            GeneratedMetadata fallback) {
        return accepted.getOrDefault(f, fallback);
    }

    private Result fromFallback(GeneratedMetadata chosen, Map<MetadataField, String> sources, List<String> notes,
            int calls) {
        for (MetadataField f : MetadataField.values()) {
            sources.putIfAbsent(f, EXTRACTIVE);
        }
        List<String> tags = chosen.tags().size() > properties.getMaxTags()
                ? chosen.tags().subList(0, properties.getMaxTags()) : chosen.tags();
        return new Result(new GeneratedMetadata(chosen.title(), chosen.description(), tags, chosen.chapters()),
                Map.copyOf(sources), List.copyOf(notes), calls);
    }

    private LlmAnswer complete(long episodeId, String asked) throws LlmException {
        try (JobLimits.Permit permit = limits == null ? null : limits.acquire(JobLimits.LLM, episodeId)) {
            return llm.complete(MetadataPrompt.SYSTEM, asked);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an llm permit", e);
        }
    }
}
