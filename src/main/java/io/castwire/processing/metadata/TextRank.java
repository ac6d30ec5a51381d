package io.castwire.processing.metadata;

import io.castwire.processing.chapters.ChapterTerms;
import io.castwire.processing.transcript.TranscriptSegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Picks the sentences that best summarise a transcript, TextRank-style (Mihalcea and Tarau 2004): sentences are
 * nodes, two sentences are linked by how many content words they share (normalised by their lengths), and a
 * PageRank over that graph ranks the sentences that echo the most others. The chosen sentences are returned in
 * spoken order, word for word as transcribed.
 */
final class TextRank {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?\u2026])\\s+");
    private static final double DAMPING = 0.85;
    private static final int ITERATIONS = 30;
    /** A sentence needs this many content words to stand alone in a description ("Yeah, totally." does not). */
    static final int MIN_CONTENT_WORDS = 4;
    /** Long run-on sentences (transcripts without punctuation) make poor descriptions. */
    static final int MAX_SENTENCE_CHARS = 300;
    /** Sentences considered at most: the graph is quadratic in them; longer episodes are sampled evenly. */
    static final int MAX_SENTENCES = 600;

    private TextRank() {
    }

    /** The sentences of a transcript, in spoken order; a sentence may run over several segments. */
    static List<String> sentences(List<TranscriptSegment> segments) {
        StringBuilder text = new StringBuilder();
        for (TranscriptSegment s : segments) {
            if (!s.text().isBlank()) {
                text.append(text.length() == 0 ? "" : " ").append(s.text().strip());
            }
        }
        List<String> out = new ArrayList<>();
        for (String sentence : SENTENCE_END.split(text)) {
            if (!sentence.isBlank()) {
                out.add(sentence.strip());
            }
        }
        return out;
    }

    /**
     * The {@code n} most central sentences, in spoken order.
     *
     * @param sentences the transcript's sentences, in spoken order
     */
    static List<String> summary(List<String> sentences, int n) {
        List<String> usable = new ArrayList<>();
        List<Set<String>> words = new ArrayList<>();
        int step = Math.max(1, (int) Math.ceil(sentences.size() / (double) MAX_SENTENCES));
        for (int i = 0; i < sentences.size(); i += step) {
            String s = sentences.get(i);
            Set<String> content = new HashSet<>();
            ChapterTerms.words(s).forEach(w -> content.add(ChapterTerms.stem(w.text())));
            if (content.size() >= MIN_CONTENT_WORDS && s.length() <= MAX_SENTENCE_CHARS) {
                usable.add(s);
                words.add(content);
            }
        }
        int size = usable.size();
        if (size == 0) {
            return List.of();
        }
        double[][] weight = new double[size][size];
        double[] outWeight = new double[size];
        for (int i = 0; i < size; i++) {
            for (int j = i + 1; j < size; j++) {
                double shared = 0;
                for (String w : words.get(i)) {
                    shared += words.get(j).contains(w) ? 1 : 0;
                }
                double sim = shared == 0 ? 0
                        : shared / (Math.log(words.get(i).size() + 1.0) + Math.log(words.get(j).size() + 1.0));
                weight[i][j] = sim;
                weight[j][i] = sim;
                outWeight[i] += sim;
                outWeight[j] += sim;
            }
        }
        double[] rank = new double[size];
        Arrays.fill(rank, 1.0 / size);
        for (int it = 0; it < ITERATIONS; it++) {
            double[] next = new double[size];
            for (int i = 0; i < size; i++) {
                double sum = 0;
                for (int j = 0; j < size; j++) {
                    if (weight[j][i] > 0) {
                        sum += weight[j][i] / outWeight[j] * rank[j];
                    }
                }
                next[i] = (1 - DAMPING) / size + DAMPING * sum;
            }
            rank = next;
        }
        double[] finalRank = rank;
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        // deterministic: the higher rank, then the earlier sentence
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -finalRank[i]).thenComparingInt(i -> i));
        List<Integer> chosen = new ArrayList<>(Arrays.asList(order).subList(0, Math.min(n, size)));
        chosen.sort(null);
        return chosen.stream().map(usable::get).toList();
    }
}
