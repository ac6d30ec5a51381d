package io.castwire.processing.scoring;

import io.castwire.processing.transcript.TranscriptSegment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

/**
 * A transcript prepared for scoring many windows: segments sorted by time, prefix sums of the per-segment
 * counts so any window's totals cost O(1), and the per-start and per-end judgements computed once.
 * Positions here are places in the sorted copy, not {@link TranscriptSegment#index()}.
 */
final class TranscriptIndex {

    // the opening line may run over a few short segments, but not over a silence
    private static final int OPENING_MAX_SEGMENTS = 3;
    // transcripts without punctuation still pause between sentences: a pause this long counts as a
    // sentence start after it, and half counts as a sentence end before it
    static final long SENTENCE_PAUSE_MILLIS = 1_000;

    private static final Comparator<TranscriptSegment> BY_TIME = Comparator
            .comparingLong(TranscriptSegment::startMillis)
            .thenComparingLong(TranscriptSegment::endMillis)
            .thenComparingInt(TranscriptSegment::index);

    final List<TranscriptSegment> segments;
    final long maxGapMillis;
    final long[] start;
    final long[] end;
    final double[] hook;
    final double[] startScore;
    final double[] endScore;
    final String[] opening;
    private final int[] words;
    private final int[] questions;
    private final int[] listMarkers;
    private final int[] arousal;
    private final int[] payoff;

    TranscriptIndex(List<TranscriptSegment> input, long maxGapMillis) {
        List<TranscriptSegment> sorted = new ArrayList<>(input);
        sorted.sort(BY_TIME);
        this.segments = List.copyOf(sorted);
        this.maxGapMillis = maxGapMillis;
        int n = segments.size();
        start = new long[n];
        end = new long[n];
        hook = new double[n];
        startScore = new double[n];
        endScore = new double[n];
        opening = new String[n];
        words = new int[n + 1];
        questions = new int[n + 1];
        listMarkers = new int[n + 1];
        arousal = new int[n + 1];
        payoff = new int[n + 1];

        Tokens[] tokens = new Tokens[n];
        for (int i = 0; i < n; i++) {
            TranscriptSegment segment = segments.get(i);
            start[i] = segment.startMillis();
            end[i] = segment.endMillis();
            tokens[i] = Tokens.of(segment.text());
            TextFeatures.Counts counts = TextFeatures.counts(segment.text(), tokens[i]);
            words[i + 1] = words[i] + counts.words();
            questions[i + 1] = questions[i] + counts.questions();
            listMarkers[i + 1] = listMarkers[i] + counts.listMarkers();
            arousal[i + 1] = arousal[i] + counts.arousal();
            payoff[i + 1] = payoff[i] + counts.payoff();
        }
        long latestEnd = Long.MIN_VALUE;
        double previousPunctuation = 0.0;
        for (int i = 0; i < n; i++) {
            double punctuation = TextFeatures.sentenceEnd(segments.get(i).text());
            boolean pauseAfter = i + 1 == n || start[i + 1] - end[i] >= SENTENCE_PAUSE_MILLIS;
            endScore[i] = punctuation == 0.0 && pauseAfter ? 0.5 : punctuation;

            boolean sentenceStart = i == 0 || previousPunctuation == 1.0
                    || start[i] - latestEnd >= SENTENCE_PAUSE_MILLIS
                    || TextFeatures.startsCapitalised(segments.get(i).text(), tokens[i]);
            opening[i] = openingLine(i);
            Tokens openingTokens = Tokens.of(opening[i]);
            hook[i] = TextFeatures.hook(opening[i], openingTokens);
            startScore[i] = TextFeatures.startScore(openingTokens, sentenceStart);
            latestEnd = Math.max(latestEnd, end[i]);
            previousPunctuation = punctuation;
        }
    }

    int size() {
        return segments.size();
    }

    /** Writes the features of the window {@code first..last} (positions), ending at {@code endMillis}, in {@link ClipFeature} order. */
    void features(int first, int last, long endMillis, ClipProfile profile, double[] out) {
        long duration = endMillis - start[first];
        int w = words[last + 1] - words[first];
        // short windows must not win the density features with one lucky word
        double per100 = 100.0 / Math.max(w, 40);
        double seconds = duration / 1000.0;

        out[0] = hook[first];
        out[1] = TextFeatures.clamp((questions[last + 1] - questions[first]
                + listMarkers[last + 1] - listMarkers[first]) / 3.0);
        out[2] = TextFeatures.clamp((arousal[last + 1] - arousal[first]) * per100 / 4.0);
        out[3] = TextFeatures.clamp((payoff[last + 1] - payoff[first]) * per100 / 5.0);
        out[4] = seconds > 0 ? pace(w / seconds) : 0.0;
        out[5] = 0.5 * startScore[first] + 0.5 * endScore[last];
        out[6] = profile.lengthFit(duration);
    }

    /** 1.0 for 2.3-3.3 words per second, linear down to 0.0 at 1.0 and at 5.0 words per second. */
    static double pace(double wordsPerSecond) {
        if (wordsPerSecond < 2.3) {
            return TextFeatures.clamp((wordsPerSecond - 1.0) / 1.3);
        }
        if (wordsPerSecond > 3.3) {
            return TextFeatures.clamp((5.0 - wordsPerSecond) / 1.7);
        }
        return 1.0;
    }

    String text(int first, int last) {
        StringJoiner text = new StringJoiner(" ");
        for (int i = first; i <= last; i++) {
            if (!segments.get(i).text().isEmpty()) {
                text.add(segments.get(i).text());
            }
        }
        return text.toString();
    }

    private String openingLine(int first) {
        StringJoiner text = new StringJoiner(" ");
        long latestEnd = end[first];
        for (int i = first; i < size() && i < first + OPENING_MAX_SEGMENTS; i++) {
            if (i > first && start[i] - latestEnd > maxGapMillis) {
                break;
            }
            latestEnd = Math.max(latestEnd, end[i]);
            String segmentText = segments.get(i).text();
            if (!segmentText.isEmpty()) {
                text.add(segmentText);
            }
            // firstSentence() does the exact cut; this only stops collecting once a sentence may have ended
            if (segmentText.indexOf('.') >= 0 || segmentText.indexOf('?') >= 0 || segmentText.indexOf('!') >= 0) {
                break;
            }
        }
        return TextFeatures.firstSentence(text.toString());
    }
}
