package io.castwire.processing.chapters;

import io.castwire.processing.transcript.TranscriptSegment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names chapters after their most distinctive words: term frequency in the chapter, weighted by how few of the
 * episode's chapters use the word (TF-IDF with the chapters as documents). Falls back to the opening words of
 * the chapter when no two words recur in it, and to a fixed name when the chapter has no words at all.
 */
final class ChapterTitles {

    static final int MAX_TITLE_LENGTH = 60;
    static final String EPISODE = "Episode";

    /** How many keywords a chapter reports; the title uses the first two to four of them. */
    static final int MAX_KEYWORDS = 5;
    private static final int MIN_TITLE_WORDS = 2;
    private static final int MAX_TITLE_WORDS = 4;
    /** A word mentioned once is not what a chapter is about. */
    private static final int MIN_KEYWORD_COUNT = 2;
    /** Title words beyond the first two must score at least this share of the best word's score. */
    private static final double TITLE_SCORE_SHARE = 0.5;
    private static final int FALLBACK_WORDS = 6;
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?…])\\s+");
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\p{Punct}…\\s]+$");
    /** Two words make a phrase keyword only if both rank this high: "black hole", not "decent defender". */
    private static final int PHRASE_RANKS = 2 * MAX_KEYWORDS;

    /** A chapter's title and keywords. */
    record Titled(String title, List<String> keywords) {
    }

    private ChapterTitles() {
    }

    /**
     * Titles for every chapter.
     *
     * @param counts     per chapter, the occurrences of each term id
     * @param pairs      per chapter, how often each two terms were spoken one right after the other, by {@link #pair}
     * @param vocabulary the terms by id: the display form of each
     * @param openings   per chapter, its segments in time order, for the fallback title
     */
    static List<Titled> titles(List<int[]> counts, List<Map<Long, Integer>> pairs, List<String> vocabulary,
            List<List<TranscriptSegment>> openings) {
        int chapters = counts.size();
        int[] documentFrequency = new int[vocabulary.size()];
        for (int[] chapter : counts) {
            for (int term = 0; term < chapter.length; term++) {
                if (chapter[term] > 0) {
                    documentFrequency[term]++;
                }
            }
        }
        List<Titled> titled = new ArrayList<>(chapters);
        for (int c = 0; c < chapters; c++) {
            Ranked ranked = rank(counts.get(c), pairs.get(c), documentFrequency, chapters, vocabulary);
            String title = ranked.titleWordCount() >= MIN_TITLE_WORDS
                    ? join(ranked.keywords().subList(0, ranked.titleWords())) : null;
            if (title == null) {
                title = openingWords(openings.get(c));
            }
            if (title == null) {
                title = chapters == 1 ? EPISODE : "Chapter " + (c + 1);
            }
            titled.add(new Titled(title, ranked.keywords()));
        }
        return titled;
    }

    /** The keywords, most distinctive first, and how many of the first ones make the title. */
    private record Ranked(List<String> keywords, int titleWords) {

        /** Words in the title: a phrase keyword counts each of its words. */
        int titleWordCount() {
            return keywords.subList(0, titleWords).stream().mapToInt(k -> k.split(" ").length).sum();
        }
    }

    private record Scored(int term, double score, int count) {
    }

    /** The key of the phrase "{@code first} {@code second}" in a chapter's phrase counts. */
    static long pair(int first, int second) {
        return (long) first << 32 | second;
    }

    private static Ranked rank(int[] counts, Map<Long, Integer> pairs, int[] documentFrequency, int chapters,
            List<String> vocabulary) {
        long total = 0;
        for (int count : counts) {
            total += count;
        }
        List<Scored> scored = new ArrayList<>();
        for (int term = 0; term < counts.length; term++) {
            if (counts[term] >= MIN_KEYWORD_COUNT) {
                // smoothed IDF: 1 for a word every chapter uses, so a single chapter ranks by frequency alone
                double idf = Math.log((1.0 + chapters) / (1.0 + documentFrequency[term])) + 1.0;
                scored.add(new Scored(term, counts[term] / (double) total * idf, counts[term]));
            }
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed()
                .thenComparing(Comparator.comparingInt(Scored::count).reversed())
                .thenComparing(s -> vocabulary.get(s.term())));
        List<String> keywords = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        Set<Integer> used = new HashSet<>();
        for (Scored word : scored) {
            if (keywords.size() >= MAX_KEYWORDS) {
                break;
            }
            if (!used.add(word.term())) {
                continue;
            }
            String keyword = vocabulary.get(word.term());
            Scored partner = partner(word, scored, pairs, used);
            if (partner != null) {
                used.add(partner.term());
                String other = vocabulary.get(partner.term());
                keyword = pairCount(pairs, word.term(), partner.term()) >= pairCount(pairs, partner.term(), word.term())
                        ? keyword + " " + other : other + " " + keyword;
            }
            keywords.add(keyword);
            scores.add(word.score());
        }
        int titleWords = Math.min(MIN_TITLE_WORDS, keywords.size());
        while (titleWords < Math.min(MAX_TITLE_WORDS, keywords.size())
                && scores.get(titleWords) >= scores.get(0) * TITLE_SCORE_SHARE) {
            titleWords++;
        }
        return new Ranked(List.copyOf(keywords), titleWords);
    }

    /**
     * The word that {@code word} forms a phrase with ("black" and "hole"): another of the chapter's top words,
     * spoken next to it, in either order, at least twice and in at least half the uses of each; null if none.
     */
    private static Scored partner(Scored word, List<Scored> scored, Map<Long, Integer> pairs, Set<Integer> used) {
        Scored best = null;
        int bestCount = 0;
        for (Scored other : scored.subList(0, Math.min(scored.size(), PHRASE_RANKS))) {
            if (used.contains(other.term())) {
                continue;
            }
            int together = pairCount(pairs, word.term(), other.term()) + pairCount(pairs, other.term(), word.term());
            if (together >= MIN_KEYWORD_COUNT && 2 * together >= Math.max(word.count(), other.count())
                    && together > bestCount) {
                best = other;
                bestCount = together;
            }
        }
        return best;
    }

    private static int pairCount(Map<Long, Integer> pairs, int first, int second) {
        return pairs.getOrDefault(pair(first, second), 0);
    }

    /** "Budgets, Savings and Interest": the keywords (each word) capitalised, dropping the last ones until it fits. */
    static String join(List<String> words) {
        for (int n = words.size(); n >= 1; n--) {
            String title = joinNaturally(words.subList(0, n));
            if (title.length() <= MAX_TITLE_LENGTH) {
                return title;
            }
        }
        return truncate(capitaliseWords(words.get(0)));
    }

    private static String joinNaturally(List<String> words) {
        StringBuilder title = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) {
                title.append(i == words.size() - 1 ? " and " : ", ");
            }
            title.append(capitaliseWords(words.get(i)));
        }
        return title.toString();
    }

    /** The first few words of the chapter's first sentence with a content word, or null if it has none. */
    private static String openingWords(List<TranscriptSegment> segments) {
        for (TranscriptSegment segment : segments) {
            for (String sentence : SENTENCE_END.split(segment.text().strip())) {
                if (!ChapterTerms.words(sentence).isEmpty()) {
                    return firstWords(sentence);
                }
            }
        }
        return null;
    }

    private static String firstWords(String sentence) {
        String[] words = sentence.strip().split("\\s+");
        StringBuilder title = new StringBuilder(truncate(words[0]));
        for (int i = 1; i < Math.min(words.length, FALLBACK_WORDS)
                && title.length() + 1 + words[i].length() <= MAX_TITLE_LENGTH; i++) {
            title.append(' ').append(words[i]);
        }
        String trimmed = TRAILING_PUNCTUATION.matcher(title).replaceAll("");
        return capitalise(trimmed.isEmpty() ? title.toString() : trimmed);
    }

    private static String capitaliseWords(String keyword) {
        StringBuilder words = new StringBuilder();
        for (String word : keyword.split(" ")) {
            words.append(words.isEmpty() ? "" : " ").append(capitalise(word));
        }
        return words.toString();
    }

    private static String capitalise(String word) {
        if (word.isEmpty()) {
            return word;
        }
        int first = word.offsetByCodePoints(0, 1);
        return word.substring(0, first).toUpperCase(Locale.ROOT) + word.substring(first);
    }

    private static String truncate(String text) {
        return text.length() <= MAX_TITLE_LENGTH ? text : text.substring(0, MAX_TITLE_LENGTH);
    }
}
