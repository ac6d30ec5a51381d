package io.castwire.processing.chapters;

import io.castwire.processing.transcript.TranscriptSegment;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Splits an episode into chapters where the transcript changes topic, TextTiling-style (Hearst 1997): the
 * episode is cut into blocks of about {@value #BLOCK_MILLIS} ms, the IDF-weighted word counts of the blocks on
 * either side of every block gap are compared by cosine similarity, and the valleys of that curve are candidate
 * chapter starts. Each candidate moves to the segment start where the two sides differ most and is kept, deepest
 * first, if it respects the minimum chapter length and count and passes a permutation test (its sides are far
 * less alike than random splits of the same speech). Chapters are titled from their most distinctive words.
 * Deterministic (no clock, seeded shuffles), no I/O, no Camel; see docs/chapters.md.
 */
@Component
public class ChapterDetector {

    public static final long DEFAULT_MIN_CHAPTER_MILLIS = 60_000;
    /** At most one chapter per this much media: a podcast app shows chapters, not paragraphs. */
    public static final long DEFAULT_MILLIS_PER_CHAPTER = 180_000;

    /** Long enough to hold a few sentences, short enough to place a boundary within half a minute. */
    static final long BLOCK_MILLIS = 30_000;
    /** Blocks compared on each side of a gap: 90 s of speech is enough words for a stable similarity. */
    static final int WINDOW_BLOCKS = 3;
    /** A boundary found between blocks moves to the best segment start at most this far away. */
    static final long REFINE_RANGE_MILLIS = 45_000;
    /** Speech compared each way when placing a boundary; longer than the tiling windows, for a steadier minimum. */
    static final long REFINE_WINDOW_MILLIS = 120_000;
    /** How far each way from a candidate boundary the significance test looks: a few minutes of speech. */
    static final long SIGNIFICANCE_SPAN_MILLIS = 240_000;
    /** Random splits the significance test compares a boundary with; more only steadies the estimate. */
    static final int PERMUTATIONS = 100;
    /**
     * A boundary's sides must be this many standard deviations less alike than random splits of the same speech.
     * On generated episodes the deepest chance valley of a 12-minute single-topic episode stayed under it every
     * time, while real changes of topic scored about 8 to 12.
     */
    static final double MIN_SIGNIFICANCE = 5.0;
    /** The significance test needs this many segments on each side to deal them meaningfully. */
    static final int MIN_SIDE_SEGMENTS = 3;

    private final long minChapterMillis;
    private final long millisPerChapter;

    public ChapterDetector() {
        this(DEFAULT_MIN_CHAPTER_MILLIS, DEFAULT_MILLIS_PER_CHAPTER);
    }

    public ChapterDetector(long minChapterMillis) {
        this(minChapterMillis, Math.max(DEFAULT_MILLIS_PER_CHAPTER, minChapterMillis));
    }

    /**
     * @param minChapterMillis the shortest chapter, also the shortest first and last chapter
     * @param millisPerChapter at most one chapter per this much media
     */
    public ChapterDetector(long minChapterMillis, long millisPerChapter) {
        if (minChapterMillis <= 0) {
            throw new IllegalArgumentException("minChapterMillis must be positive: " + minChapterMillis);
        }
        if (millisPerChapter <= 0) {
            throw new IllegalArgumentException("millisPerChapter must be positive: " + millisPerChapter);
        }
        this.minChapterMillis = minChapterMillis;
        this.millisPerChapter = millisPerChapter;
    }

    /**
     * Finds the chapters of an episode.
     *
     * @param segments            the transcript, in any order; may be null or empty
     * @param mediaDurationMillis the length of the media, or 0 (or less) when unknown: the last segment's end
     *                            is used when it is later
     * @return at least one chapter; the first starts at 0, later ones at segment starts, strictly increasing, each
     *         at least the minimum length apart and from the end of the media
     */
    public List<DetectedChapter> detect(List<TranscriptSegment> segments, long mediaDurationMillis) {
        List<TranscriptSegment> sorted = segments == null ? List.of() : segments.stream()
                .filter(Objects::nonNull)
                .sorted(Comparator.comparingLong(TranscriptSegment::startMillis)
                        .thenComparingLong(TranscriptSegment::endMillis)
                        .thenComparingInt(TranscriptSegment::index))
                .toList();
        if (sorted.isEmpty()) {
            return List.of(new DetectedChapter(0, ChapterTitles.EPISODE, List.of()));
        }
        Terms terms = Terms.of(sorted);
        long lastEnd = sorted.stream().mapToLong(TranscriptSegment::endMillis).max().orElse(0);
        long end = Math.max(mediaDurationMillis, lastEnd);
        List<Integer> starts = new ArrayList<>(); // index of each chapter's first segment
        starts.add(0);
        if (end >= 2 * minChapterMillis) {
            starts.addAll(new Tiling(sorted, terms, minChapterMillis, millisPerChapter, end).boundaries());
        }
        return titled(sorted, terms, starts);
    }

    private static List<DetectedChapter> titled(List<TranscriptSegment> sorted, Terms terms, List<Integer> starts) {
        List<int[]> counts = new ArrayList<>();
        List<Map<Long, Integer>> pairs = new ArrayList<>();
        List<List<TranscriptSegment>> chapterSegments = new ArrayList<>();
        for (int c = 0; c < starts.size(); c++) {
            int from = starts.get(c);
            int to = c + 1 < starts.size() ? starts.get(c + 1) : sorted.size();
            int[] chapter = new int[terms.vocabulary().size()];
            Map<Long, Integer> chapterPairs = new HashMap<>();
            for (int s = from; s < to; s++) {
                int[] segmentTerms = terms.bySegment()[s];
                for (int w = 0; w < segmentTerms.length; w++) {
                    chapter[segmentTerms[w]]++;
                    if (terms.followsWord()[s][w]) {
                        chapterPairs.merge(ChapterTitles.pair(segmentTerms[w - 1], segmentTerms[w]), 1, Integer::sum);
                    }
                }
            }
            counts.add(chapter);
            pairs.add(chapterPairs);
            chapterSegments.add(sorted.subList(from, to));
        }
        List<ChapterTitles.Titled> titles = ChapterTitles.titles(counts, pairs, terms.vocabulary(), chapterSegments);
        List<DetectedChapter> chapters = new ArrayList<>(starts.size());
        for (int c = 0; c < starts.size(); c++) {
            long start = c == 0 ? 0 : sorted.get(starts.get(c)).startMillis();
            chapters.add(new DetectedChapter(start, titles.get(c).title(), titles.get(c).keywords()));
        }
        return List.copyOf(chapters);
    }

    /**
     * The content words of every segment as term ids, whether each directly follows the one before it (see
     * {@link ChapterTerms.Word}), and each term's display form: the spelling used most often in the episode (the
     * shorter, then the alphabetically first, on a tie).
     */
    record Terms(int[][] bySegment, boolean[][] followsWord, List<String> vocabulary) {

        static Terms of(List<TranscriptSegment> sorted) {
            Map<String, Integer> ids = new HashMap<>();
            List<Map<String, Integer>> spellings = new ArrayList<>();
            int[][] bySegment = new int[sorted.size()][];
            boolean[][] followsWord = new boolean[sorted.size()][];
            for (int s = 0; s < sorted.size(); s++) {
                List<ChapterTerms.Word> words = ChapterTerms.words(sorted.get(s).text());
                int[] termIds = new int[words.size()];
                boolean[] follows = new boolean[words.size()];
                for (int w = 0; w < words.size(); w++) {
                    String word = words.get(w).text();
                    follows[w] = words.get(w).followsWord();
                    int id = ids.computeIfAbsent(ChapterTerms.stem(word), stem -> {
                        spellings.add(new HashMap<>());
                        return spellings.size() - 1;
                    });
                    spellings.get(id).merge(word, 1, Integer::sum);
                    termIds[w] = id;
                }
                bySegment[s] = termIds;
                followsWord[s] = follows;
            }
            List<String> vocabulary = new ArrayList<>(spellings.size());
            for (Map<String, Integer> forms : spellings) {
                vocabulary.add(forms.entrySet().stream()
                        .min(Comparator.<Map.Entry<String, Integer>>comparingInt(e -> -e.getValue())
                                .thenComparingInt(e -> e.getKey().length())
                                .thenComparing(Map.Entry::getKey))
                        .orElseThrow().getKey());
            }
            return new Terms(bySegment, followsWord, List.copyOf(vocabulary));
        }
    }

    /** One run of the boundary search over a sorted transcript. */
    private static final class Tiling {

        private final List<TranscriptSegment> sorted;
        private final int[][] termsBySegment;
        private final long[] startMillis;
        private final long minChapterMillis;
        private final long millisPerChapter;
        private final long endMillis;
        private final int[] identity;
        // scratch term counts for the two sides of a comparison, all zero between comparisons
        private final int[] left;
        private final int[] right;
        private double[] weight;

        Tiling(List<TranscriptSegment> sorted, Terms terms, long minChapterMillis, long millisPerChapter,
                long endMillis) {
            this.sorted = sorted;
            this.termsBySegment = terms.bySegment();
            this.startMillis = sorted.stream().mapToLong(TranscriptSegment::startMillis).toArray();
            this.minChapterMillis = minChapterMillis;
            this.millisPerChapter = millisPerChapter;
            this.endMillis = endMillis;
            this.identity = IntStream.range(0, sorted.size()).toArray();
            this.left = new int[terms.vocabulary().size()];
            this.right = new int[terms.vocabulary().size()];
        }

        /** Indexes of the segments that start the second and later chapters, ascending. */
        List<Integer> boundaries() {
            List<Integer> blocks = blockStarts();
            int gaps = blocks.size() - 1;
            int maxChapters = (int) Math.min(Integer.MAX_VALUE, endMillis / millisPerChapter);
            if (gaps < 2 || maxChapters < 2) {
                return List.of();
            }
            weight = inverseBlockFrequency(blocks);
            // short episodes have few blocks: shrink the windows so most gaps still have full windows
            int k = Math.max(1, Math.min(WINDOW_BLOCKS, blocks.size() / 4));
            double[] similarity = new double[gaps];
            for (int g = 1; g <= gaps; g++) {
                int from = blocks.get(Math.max(0, g - k));
                int to = g + k < blocks.size() ? blocks.get(g + k) : sorted.size();
                similarity[g - 1] = cosine(identity, from, blocks.get(g), to);
            }
            double[] smooth = smooth(fillUndefined(similarity));
            double[] depth = new double[gaps];
            for (int i = 0; i < gaps; i++) {
                depth[i] = climb(smooth, i, -1) + climb(smooth, i, +1) - 2 * smooth[i];
            }
            double mean = Arrays.stream(depth).average().orElse(0);
            double sd = Math.sqrt(Arrays.stream(depth).map(d -> (d - mean) * (d - mean)).average().orElse(0));
            double cutoff = mean - sd / 2; // Hearst's cutoff, a cheap first sieve: the significance test decides
            List<Integer> candidates = new ArrayList<>();
            for (int i = 0; i < gaps; i++) {
                boolean valley = (i == 0 || smooth[i] <= smooth[i - 1])
                        && (i == gaps - 1 || smooth[i] <= smooth[i + 1]);
                if (valley && depth[i] > cutoff) {
                    candidates.add(i);
                }
            }
            // deepest first, so a shallow valley never blocks a deeper one through the minimum length
            candidates.sort(Comparator.<Integer>comparingDouble(i -> -depth[i]).thenComparingInt(i -> i));
            // refined once: the position of a candidate does not depend on the others
            int[] refined = candidates.stream().mapToInt(gap -> refine(blocks.get(gap + 1))).toArray();
            TreeSet<Long> accepted = new TreeSet<>(List.of(0L, endMillis));
            List<Integer> boundaries = new ArrayList<>();
            boolean[] taken = new boolean[refined.length];
            long[][] testedWithin = new long[refined.length][];
            // a boundary accepted later can make the speech around an earlier candidate purer, so test again
            // until nothing changes; a candidate is only retested when a new boundary narrowed its span
            for (boolean changed = true; changed && boundaries.size() + 1 < maxChapters; ) {
                changed = false;
                for (int c = 0; c < refined.length && boundaries.size() + 1 < maxChapters; c++) {
                    long at = startMillis[refined[c]];
                    long before = accepted.floor(at);
                    long after = accepted.ceiling(at);
                    if (taken[c] || at - before < minChapterMillis || after - at < minChapterMillis) {
                        continue;
                    }
                    long[] span = {Math.max(before, at - SIGNIFICANCE_SPAN_MILLIS),
                            Math.min(after, at + SIGNIFICANCE_SPAN_MILLIS)};
                    if (Arrays.equals(span, testedWithin[c])) {
                        continue;
                    }
                    testedWithin[c] = span;
                    if (significance(refined[c], span[0], span[1]) >= MIN_SIGNIFICANCE) {
                        taken[c] = true;
                        accepted.add(at);
                        boundaries.add(refined[c]);
                        changed = true;
                    }
                }
            }
            boundaries.sort(null);
            return boundaries;
        }

        /** First segment of each block: a block ends once a segment starts {@link #BLOCK_MILLIS} after its start. */
        private List<Integer> blockStarts() {
            List<Integer> blocks = new ArrayList<>();
            blocks.add(0);
            long blockStart = startMillis[0];
            for (int s = 1; s < startMillis.length; s++) {
                if (startMillis[s] - blockStart >= BLOCK_MILLIS) {
                    blocks.add(s);
                    blockStart = startMillis[s];
                }
            }
            return blocks;
        }

        /**
         * ln(blocks / blocks using the term): words spoken all through the episode weigh nothing, words confined
         * to a stretch of it weigh most. Plain TextTiling uses raw counts, but in speech the conversational words
         * shared by every topic otherwise make every pair of windows look alike.
         */
        private double[] inverseBlockFrequency(List<Integer> blocks) {
            int[] blockFrequency = new int[left.length];
            int[] lastBlock = new int[left.length];
            Arrays.fill(lastBlock, -1);
            for (int b = 0; b < blocks.size(); b++) {
                int to = b + 1 < blocks.size() ? blocks.get(b + 1) : sorted.size();
                for (int s = blocks.get(b); s < to; s++) {
                    for (int term : termsBySegment[s]) {
                        if (lastBlock[term] != b) {
                            lastBlock[term] = b;
                            blockFrequency[term]++;
                        }
                    }
                }
            }
            double[] weights = new double[left.length];
            for (int term = 0; term < weights.length; term++) {
                weights[term] = blockFrequency[term] == 0 ? 0 : Math.log((double) blocks.size() / blockFrequency[term]);
            }
            return weights;
        }

        /**
         * Moves a block-gap boundary to the segment start within {@value #REFINE_RANGE_MILLIS} ms of it where the
         * speech on either side ({@value #REFINE_WINDOW_MILLIS} ms each way) is least alike; on a tie, the one
         * nearest the gap, then the earlier. Blocks only place a boundary to within a block; this places it on
         * the sentence where the topic changes.
         */
        private int refine(int gapSegment) {
            long gapMillis = startMillis[gapSegment];
            int best = gapSegment;
            double bestSimilarity = Double.POSITIVE_INFINITY;
            long bestDistance = Long.MAX_VALUE;
            for (int s = firstStartingAtOrAfter(gapMillis - REFINE_RANGE_MILLIS);
                    s < startMillis.length && startMillis[s] <= gapMillis + REFINE_RANGE_MILLIS; s++) {
                if (startMillis[s] <= 0 || s > 0 && startMillis[s] == startMillis[s - 1]) {
                    continue; // only the first of several segments starting together can start a chapter
                }
                double similarity = cosine(identity, firstStartingAtOrAfter(startMillis[s] - REFINE_WINDOW_MILLIS), s,
                        firstStartingAtOrAfter(startMillis[s] + REFINE_WINDOW_MILLIS));
                long distance = Math.abs(startMillis[s] - gapMillis);
                if (similarity < bestSimilarity || similarity == bestSimilarity && distance < bestDistance) {
                    best = s;
                    bestSimilarity = similarity;
                    bestDistance = distance;
                }
            }
            return best;
        }

        /**
         * A permutation test of a boundary: how many standard deviations the speech on the two sides of
         * {@code split} (the segments starting in [fromMillis, toMillis): up to {@value #SIGNIFICANCE_SPAN_MILLIS}
         * ms each way, but not past the chapter starts already accepted on either side) is less alike than the same
         * segments dealt at random into two piles of the same sizes. Within one topic a valley is chance and the
         * random piles are about as alike as the real sides; at a change of topic they are far more alike.
         * The shuffles are seeded by the split, so the result is deterministic.
         */
        private double significance(int split, long fromMillis, long toMillis) {
            int from = firstStartingAtOrAfter(fromMillis);
            int to = firstStartingAtOrAfter(toMillis);
            if (split - from < MIN_SIDE_SEGMENTS || to - split < MIN_SIDE_SEGMENTS) {
                return 0; // a handful of segments can be dealt only a few ways: no test is possible
            }
            double observed = cosine(identity, from, split, to);
            if (Double.isNaN(observed)) {
                return 0;
            }
            int[] deck = Arrays.copyOfRange(identity, from, to);
            Random random = new Random(split);
            double sum = 0;
            double sumOfSquares = 0;
            int dealt = 0;
            for (int p = 0; p < PERMUTATIONS; p++) {
                for (int i = deck.length - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int card = deck[i];
                    deck[i] = deck[j];
                    deck[j] = card;
                }
                double similarity = cosine(deck, 0, split - from, deck.length);
                if (!Double.isNaN(similarity)) {
                    sum += similarity;
                    sumOfSquares += similarity * similarity;
                    dealt++;
                }
            }
            if (dealt < 2) {
                return 0;
            }
            double mean = sum / dealt;
            double sd = Math.sqrt(Math.max(0, sumOfSquares / dealt - mean * mean));
            return sd == 0 ? 0 : (mean - observed) / sd;
        }

        private int firstStartingAtOrAfter(long millis) {
            int low = 0;
            int high = startMillis.length;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (startMillis[mid] < millis) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low;
        }

        /**
         * Cosine similarity of the weighted term counts of segments {@code order[from..split)} and
         * {@code order[split..to)}; NaN when one side has no weighted words.
         */
        private double cosine(int[] order, int from, int split, int to) {
            count(left, order, from, split);
            count(right, order, split, to);
            double dot = 0;
            double leftNorm = 0;
            double rightNorm = 0;
            for (int s = from; s < split; s++) {
                for (int term : termsBySegment[order[s]]) {
                    if (left[term] > 0) { // each distinct term once: mark it visited by negating
                        double w = weight[term] * weight[term];
                        dot += w * left[term] * right[term];
                        leftNorm += w * left[term] * left[term];
                        left[term] = -left[term];
                    }
                }
            }
            for (int s = split; s < to; s++) {
                for (int term : termsBySegment[order[s]]) {
                    if (right[term] > 0) {
                        rightNorm += weight[term] * weight[term] * right[term] * right[term];
                        right[term] = -right[term];
                    }
                }
            }
            clear(left, order, from, split);
            clear(right, order, split, to);
            return leftNorm == 0 || rightNorm == 0 ? Double.NaN : dot / Math.sqrt(leftNorm * rightNorm);
        }

        private void count(int[] counts, int[] order, int from, int to) {
            for (int s = from; s < to; s++) {
                for (int term : termsBySegment[order[s]]) {
                    counts[term]++;
                }
            }
        }

        private void clear(int[] counts, int[] order, int from, int to) {
            for (int s = from; s < to; s++) {
                for (int term : termsBySegment[order[s]]) {
                    counts[term] = 0;
                }
            }
        }

        /** A wordless window (music, silence) says nothing about topics: give its gap the average similarity. */
        private static double[] fillUndefined(double[] similarity) {
            double mean = Arrays.stream(similarity).filter(s -> !Double.isNaN(s)).average().orElse(1);
            return Arrays.stream(similarity).map(s -> Double.isNaN(s) ? mean : s).toArray();
        }

        /** Moving average over three gaps, as in TextTiling: one odd block should not look like a valley. */
        private static double[] smooth(double[] values) {
            double[] smooth = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                int from = Math.max(0, i - 1);
                int to = Math.min(values.length - 1, i + 1);
                double sum = 0;
                for (int j = from; j <= to; j++) {
                    sum += values[j];
                }
                smooth[i] = sum / (to - from + 1);
            }
            return smooth;
        }

        /** The highest value reached walking from gap {@code i} in {@code direction} while it keeps rising. */
        private static double climb(double[] values, int i, int direction) {
            int j = i;
            while (j + direction >= 0 && j + direction < values.length && values[j + direction] >= values[j]) {
                j += direction;
            }
            return values[j];
        }
    }
}
