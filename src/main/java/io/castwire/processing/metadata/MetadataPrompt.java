package io.castwire.processing.metadata;

import io.castwire.processing.transcript.TranscriptSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The prompt: an instruction that asks for JSON {title, description, tags, chapters:[{start, end, title}]} grounded
 * in the transcript, and the transcript as lines {@code [start-end] text} with times in seconds. A transcript over
 * the token budget is shortened evenly, never cut off at the end: neighbouring segments are merged into blocks
 * (fewer timestamps) and every block keeps the same share of its words, so chapters can still point anywhere.
 */
final class MetadataPrompt {

    /** Rough tokens per character for English text (about four characters a token). */
    static final double TOKENS_PER_CHAR = 0.25;
    /** A line's timestamp and line break, in tokens. */
    private static final int LINE_OVERHEAD_TOKENS = 8;
    /** Words a shortened block keeps at least. */
    private static final int MIN_WORDS = 4;

    static final String SYSTEM = """
            You write podcast and video metadata from a transcript. Answer with one JSON object only:
            {"title": string, "description": string, "tags": [string], "chapters": [{"start": number, "end": number, "title": string}]}.
            Rules:
            - Use only facts from the transcript. Every name of a person, place, company or product, and every number \
            (digits or words, years, amounts, percentages), must appear in the transcript. Never invent any.
            - title: at most 80 characters, sentence case (capitalise only the first word and names).
            - description: two to four sentences, plain text, no hashtags, no links.
            - tags: 3 to 10 short lowercase topic keywords that occur in the transcript.
            - chapters: in order, not overlapping, start and end in seconds taken from the transcript's timestamps, \
            each covering at least one line; 2 to 8 chapters with short titles in sentence case.""";

    private MetadataPrompt() {
    }

    /** Estimated tokens of a text. */
    static int tokens(String text) {
        return (int) Math.ceil(text.length() * TOKENS_PER_CHAR);
    }

    /** The user prompt for a transcript, within about {@code maxTokens} of transcript. */
    static String prompt(List<TranscriptSegment> segments, int maxTokens) {
        return "Transcript (times in seconds):\n" + transcript(segments, maxTokens);
    }

    /** The prompt again, after an answer the grounding guard refused, naming what was wrong. */
    static String retry(String prompt, List<Violation> violations) {
        StringBuilder b = new StringBuilder(prompt).append("\n\nYour previous answer was rejected because:\n");
        for (Violation v : violations) {
            b.append("- ").append(v).append('\n');
        }
        return b.append("Answer again with the same JSON shape. Use only names and numbers that appear in the "
                + "transcript, and chapter times from its timestamps.").toString();
    }

    static String transcript(List<TranscriptSegment> segments, int maxTokens) {
        long chars = 0;
        for (TranscriptSegment s : segments) {
            chars += s.text().length();
        }
        int maxLines = Math.max(1, maxTokens / (4 * LINE_OVERHEAD_TOKENS));
        int perBlock = (int) Math.ceil(segments.size() / (double) maxLines);
        List<String[]> blocks = new ArrayList<>(); // {start, end, text}
        for (int i = 0; i < segments.size(); i += Math.max(1, perBlock)) {
            List<TranscriptSegment> part = segments.subList(i, Math.min(segments.size(), i + Math.max(1, perBlock)));
            StringBuilder text = new StringBuilder();
            for (TranscriptSegment s : part) {
                if (!s.text().isBlank()) {
                    text.append(text.length() == 0 ? "" : " ").append(s.text().strip());
                }
            }
            blocks.add(new String[] {seconds(part.get(0).startMillis()), seconds(part.get(part.size() - 1).endMillis()),
                    text.toString()});
        }
        double textBudget = Math.max(0, maxTokens - blocks.size() * LINE_OVERHEAD_TOKENS) / TOKENS_PER_CHAR;
        double keep = chars <= textBudget ? 1.0 : textBudget / chars;
        StringBuilder out = new StringBuilder();
        for (String[] b : blocks) {
            out.append('[').append(b[0]).append('-').append(b[1]).append("] ").append(shorten(b[2], keep)).append('\n');
        }
        return out.toString();
    }

    private static String shorten(String text, double keep) {
        if (keep >= 1.0) {
            return text;
        }
        String[] words = text.split("\\s+");
        int n = Math.max(MIN_WORDS, (int) Math.floor(words.length * keep));
        if (n >= words.length) {
            return text;
        }
        return String.join(" ", java.util.Arrays.asList(words).subList(0, n)) + " \u2026";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }
}
