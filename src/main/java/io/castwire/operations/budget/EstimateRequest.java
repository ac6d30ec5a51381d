package io.castwire.operations.budget;

import java.math.BigDecimal;
import java.util.List;

/**
 * The body of {@code POST /api/estimate}: an episode as it would be processed and published.
 *
 * @param show                  a show whose tier and remaining budget apply (optional)
 * @param tier                  the tier to check against (optional: the show's, else the default)
 * @param durationMinutes       length of the episode (required, more than 0)
 * @param hasTranscript         a transcript comes with the media (no transcription is paid for)
 * @param ttsCharacters         characters to synthesize; or leave it out and give intro/outro/teasers
 * @param intro                 intro text to synthesize
 * @param outro                 outro text to synthesize
 * @param teasers               number of teasers, each {@code castwire.budget.teaser-characters} long
 * @param ttsProvider           the voice's provider ({@code elevenlabs}, {@code espeak-ng}, ...)
 * @param llm                   the LLM used for metadata, if any
 * @param destinations          where it is published ({@code rss}, {@code youtube}, ...)
 * @param hd                    HD (above 720p) output wanted
 * @param storageGb             GB kept for a month
 * @param egressGb              GB served
 */
public record EstimateRequest(String show, String tier, BigDecimal durationMinutes, Boolean hasTranscript,
                              Long ttsCharacters, String intro, String outro, Integer teasers, String ttsProvider,
                              Llm llm, List<String> destinations, Boolean hd, BigDecimal storageGb, BigDecimal egressGb) {

    /** The LLM: its provider and, optionally, the tokens (else {@code castwire.budget.llm-tokens-per-minute}). */
    public record Llm(String provider, Long tokens) {
    }
}
