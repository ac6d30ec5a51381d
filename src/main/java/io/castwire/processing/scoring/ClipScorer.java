package io.castwire.processing.scoring;

import io.castwire.processing.transcript.TranscriptSegment;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Finds the best short clips in a transcript for each platform. Deterministic and explainable: every
 * clip carries its feature breakdown, and equal scores are broken by the earlier start. A window is a run
 * of whole segments within the profile's length limits that never spans a silence longer than the gap
 * limit; the best windows are taken greedily so clips of one profile never overlap. See docs/scoring.md.
 */
@Component
public class ClipScorer {

    public static final int DEFAULT_TOP_N = 3;
    /** A silence longer than this ends every window: the clip would show dead air or jump topics. */
    public static final long DEFAULT_MAX_GAP_MILLIS = 3_000;

    private static final ClipFeature[] FEATURES = ClipFeature.values();

    private final long maxGapMillis;

    public ClipScorer() {
        this(DEFAULT_MAX_GAP_MILLIS);
    }

    public ClipScorer(long maxGapMillis) {
        if (maxGapMillis < 0) {
            throw new IllegalArgumentException("maxGapMillis must not be negative: " + maxGapMillis);
        }
        this.maxGapMillis = maxGapMillis;
    }

    /**
     * The best {@value #DEFAULT_TOP_N} clips for each of the {@link ClipProfile#defaults() default profiles}.
     *
     * @param segments the transcript, in any order; may be empty
     * @return clips by profile name, in the profiles' order; an empty list for a profile no clip fits
     */
    public Map<String, List<ScoredClip>> topClips(List<TranscriptSegment> segments) {
        return topClips(segments, ClipProfile.defaults().values(), DEFAULT_TOP_N);
    }

    /**
     * The best {@code n} non-overlapping clips for one profile, best first.
     *
     * @param segments the transcript, in any order; may be empty, overlapping or shorter than any clip
     * @param profile  the length limits
     * @param n        how many clips at most; 0 gives an empty list
     * @return at most {@code n} clips, best first; empty when no window fits the profile
     */
    public List<ScoredClip> topClips(List<TranscriptSegment> segments, ClipProfile profile, int n) {
        Objects.requireNonNull(profile, "profile");
        return topClips(new TranscriptIndex(checked(segments, n), maxGapMillis), profile, n);
    }

    /**
     * The best {@code n} non-overlapping clips for each profile; the transcript is analysed once.
     *
     * @param segments the transcript, in any order
     * @param profiles the enabled profiles, with distinct names
     * @param n        how many clips at most per profile
     * @return clips by profile name, in the order of {@code profiles}
     */
    public Map<String, List<ScoredClip>> topClips(List<TranscriptSegment> segments,
                                                  Collection<ClipProfile> profiles, int n) {
        Objects.requireNonNull(profiles, "profiles");
        TranscriptIndex index = new TranscriptIndex(checked(segments, n), maxGapMillis);
        Map<String, List<ScoredClip>> clips = new LinkedHashMap<>();
        for (ClipProfile profile : profiles) {
            Objects.requireNonNull(profile, "profile");
            if (clips.containsKey(profile.name())) {
                throw new IllegalArgumentException("duplicate profile name: " + profile.name());
            }
            clips.put(profile.name(), topClips(index, profile, n));
        }
        return clips;
    }

    /**
     * How good a clip starting at each moment would be: for every segment, in time order, the best score
     * of any window of any of the profiles that starts with it (0 where no window can start, as near the
     * end). The chosen clips start at peaks of this curve. The episode dashboard plots it; it is computed
     * from the stored transcript on demand, never stored.
     *
     * @param segments the transcript, in any order
     * @param profiles the enabled profiles
     * @return one entry per segment, sorted by time
     */
    public List<SegmentScore> segmentScores(List<TranscriptSegment> segments, Collection<ClipProfile> profiles) {
        Objects.requireNonNull(profiles, "profiles");
        TranscriptIndex index = new TranscriptIndex(checked(segments, 0), maxGapMillis);
        double[] best = new double[index.size()];
        for (ClipProfile profile : profiles) {
            Windows windows = windows(index, profile);
            for (int w = 0; w < windows.size(); w++) {
                best[windows.first(w)] = Math.max(best[windows.first(w)], windows.score(w));
            }
        }
        List<SegmentScore> scores = new ArrayList<>(best.length);
        for (int i = 0; i < best.length; i++) {
            scores.add(new SegmentScore(index.start[i], index.end[i], best[i]));
        }
        return scores;
    }

    /** One segment's place on the timeline and the best score of a window starting with it, in [0, 1]. */
    public record SegmentScore(long startMillis, long endMillis, double score) {
    }

    private List<ScoredClip> topClips(TranscriptIndex index, ClipProfile profile, int n) {
        if (n == 0) {
            return List.of();
        }
        Windows windows = windows(index, profile);
        // greedy: the best window, then the best one overlapping none taken so far, and so on
        List<Integer> chosen = new ArrayList<>(Math.min(n, 16));
        for (int window = windows.takeBest(); window >= 0 && chosen.size() < n; window = windows.takeBest()) {
            int candidate = window;
            if (chosen.stream().noneMatch(taken -> windows.overlap(taken, candidate))) {
                chosen.add(candidate);
            }
        }
        return chosen.stream().map(window -> toClip(index, profile, windows, window)).toList();
    }

    /** Every window within the profile's limits: O(segments x segments-per-max-length), each scored in O(1). */
    private Windows windows(TranscriptIndex index, ClipProfile profile) {
        Windows windows = new Windows();
        double[] features = new double[FEATURES.length];
        int size = index.size();
        for (int first = 0; first < size; first++) {
            long start = index.start[first];
            long end = index.end[first];
            for (int last = first; last < size; last++) {
                if (last > first) {
                    if (index.start[last] - end > maxGapMillis) {
                        break;
                    }
                    end = Math.max(end, index.end[last]);
                }
                long duration = end - start;
                if (duration > profile.maxMillis()) {
                    break; // the end only grows with more segments
                }
                if (duration >= profile.minMillis()) {
                    index.features(first, last, end, profile, features);
                    windows.add(first, last, start, end, weighted(features));
                }
            }
        }
        return windows;
    }

    private ScoredClip toClip(TranscriptIndex index, ClipProfile profile, Windows windows, int window) {
        int first = windows.first(window);
        int last = windows.last(window);
        double[] values = new double[FEATURES.length];
        index.features(first, last, windows.end(window), profile, values);
        Map<String, Double> features = new LinkedHashMap<>();
        for (ClipFeature feature : FEATURES) {
            features.put(feature.key(), values[feature.ordinal()]);
        }
        return new ScoredClip(profile.name(), windows.start(window), windows.end(window),
                index.segments.get(first).index(), index.segments.get(last).index(), windows.score(window),
                features, reason(values), index.opening[first], index.text(first, last));
    }

    private static double weighted(double[] features) {
        double score = 0.0;
        for (ClipFeature feature : FEATURES) {
            score += feature.weight() * features[feature.ordinal()];
        }
        // the weights sum to 1 only up to rounding
        return TextFeatures.clamp(score);
    }

    /**
     * "top: hook 0.85, selfContained 1.00, payoff 0.60; held back by: pace 0.20": the three largest weighted
     * contributions, then the feature that cost the most points (left out when nothing cost any).
     */
    static String reason(double[] values) {
        List<ClipFeature> byContribution = new ArrayList<>(List.of(FEATURES));
        byContribution.sort(Comparator.comparingDouble((ClipFeature f) -> -f.weight() * values[f.ordinal()])
                .thenComparingInt(Enum::ordinal));
        StringJoiner reason = new StringJoiner(", ", "top: ", "");
        for (ClipFeature feature : byContribution.subList(0, 3)) {
            reason.add(describe(feature, values));
        }
        ClipFeature costliest = FEATURES[0];
        for (ClipFeature feature : FEATURES) {
            if (lost(feature, values) > lost(costliest, values)) {
                costliest = feature;
            }
        }
        return lost(costliest, values) > 0 ? reason + "; held back by: " + describe(costliest, values) : reason.toString();
    }

    private static double lost(ClipFeature feature, double[] values) {
        return feature.weight() * (1.0 - values[feature.ordinal()]);
    }

    private static String describe(ClipFeature feature, double[] values) {
        return String.format(Locale.ROOT, "%s %.2f", feature.key(), values[feature.ordinal()]);
    }

    private static List<TranscriptSegment> checked(List<TranscriptSegment> segments, int n) {
        Objects.requireNonNull(segments, "segments");
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        return segments;
    }
}
