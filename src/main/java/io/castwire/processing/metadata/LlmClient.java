package io.castwire.processing.metadata;

/** One LLM API: sends a system instruction and a prompt, returns the model's JSON text. */
interface LlmClient {

    /** The provider's name for budgets, timelines and sources ({@code gemini}, {@code openai}). */
    String provider();

    LlmAnswer complete(String system, String prompt) throws LlmException;
}
