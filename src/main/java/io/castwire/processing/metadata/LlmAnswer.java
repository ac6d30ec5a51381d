package io.castwire.processing.metadata;

/**
 * What an LLM answered.
 *
 * @param text        the model's text: the JSON the prompt asked for (not yet checked)
 * @param totalTokens prompt plus answer tokens as the API counted them, or -1 when it did not say
 */
public record LlmAnswer(String text, long totalTokens) {
}
