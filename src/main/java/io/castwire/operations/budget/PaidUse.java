package io.castwire.operations.budget;

/**
 * One use of something that costs money.
 *
 * @param step     the processing or publishing step (for example {@code synthesis-intro}, {@code metadata})
 * @param item     what the price table prices: {@code transcription-minutes}, {@code tts-characters},
 *                 {@code llm-tokens}, {@code storage-gb}, {@code egress-gb}, {@code youtube-uploads}
 * @param provider who is paid (for example {@code elevenlabs}, {@code openai}, {@code espeak-ng});
 *                 local engines cost nothing in the default table
 * @param quantity how much of {@code item}, in the item's own unit (characters, tokens, minutes, GB, uploads)
 */
public record PaidUse(String step, String item, String provider, double quantity) {
}
