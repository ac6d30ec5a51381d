package io.castwire.processing.scoring;

/**
 * The features a clip is scored on, in the order they appear in {@link ScoredClip#features()}.
 * Each feature is in [0, 1]; the weights sum to 1, so the weighted sum is in [0, 1] too.
 * The formulas are in docs/scoring.md.
 */
public enum ClipFeature {

    HOOK("hook", 0.25),
    STRUCTURE("structure", 0.10),
    AROUSAL("arousal", 0.10),
    PAYOFF("payoff", 0.15),
    PACE("pace", 0.10),
    SELF_CONTAINED("selfContained", 0.20),
    LENGTH_FIT("lengthFit", 0.10);

    private final String key;
    private final double weight;

    ClipFeature(String key, double weight) {
        this.key = key;
        this.weight = weight;
    }

    /** The key in {@link ScoredClip#features()}. */
    public String key() {
        return key;
    }

    public double weight() {
        return weight;
    }
}
