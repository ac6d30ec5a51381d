package io.castwire.processing.scoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A clip proposed for one platform, with why it was chosen.
 *
 * @param profile           name of the {@link ClipProfile} it was chosen for
 * @param startMillis       start of the first segment
 * @param endMillis         latest end among the clip's segments (the last segment's end unless segments overlap)
 * @param firstSegmentIndex {@code index()} of the first segment
 * @param lastSegmentIndex  {@code index()} of the last segment
 * @param score             weighted sum of the features, in [0, 1]
 * @param features          every {@link ClipFeature} by key, each in [0, 1], in {@link ClipFeature} order
 * @param reason            the strongest and the weakest contributions, for people
 * @param openingLine       the first sentence, as the hook was judged on it
 * @param text              the text of all the clip's segments
 */
public record ScoredClip(String profile, long startMillis, long endMillis, int firstSegmentIndex,
                         int lastSegmentIndex, double score, Map<String, Double> features, String reason,
                         String openingLine, String text) {

    public ScoredClip {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(openingLine, "openingLine");
        Objects.requireNonNull(text, "text");
        if (endMillis < startMillis) {
            throw new IllegalArgumentException("invalid times: " + startMillis + " -> " + endMillis);
        }
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score outside [0, 1]: " + score);
        }
        // Map.copyOf would lose the documented order
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    public long durationMillis() {
        return endMillis - startMillis;
    }
}
