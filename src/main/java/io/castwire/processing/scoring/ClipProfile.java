package io.castwire.processing.scoring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The length limits of one publishing platform.
 *
 * @param name         profile name, also the key of the result map ({@code "tiktok"}, ...)
 * @param minMillis    shortest clip the platform should get, inclusive, above zero
 * @param maxMillis    longest clip the platform accepts, inclusive
 * @param targetMillis the length that scores best; inside {@code [minMillis, maxMillis]}
 */
public record ClipProfile(String name, long minMillis, long maxMillis, long targetMillis) {

    public static final String DEFAULT = "default";
    public static final String TIKTOK = "tiktok";
    public static final String YOUTUBE_SHORTS = "youtube-shorts";
    public static final String INSTAGRAM_REELS = "instagram-reels";
    public static final String LINKEDIN = "linkedin";

    // Targets are each platform's sweet spot, not the midpoint: a 97 s YouTube Short or a 75 s
    // LinkedIn video is allowed, but shorter ones are watched to the end more often.
    private static final Map<String, ClipProfile> DEFAULTS = defaultProfiles(
            new ClipProfile(DEFAULT, 12_000, 60_000, 30_000),
            new ClipProfile(TIKTOK, 15_000, 60_000, 30_000),
            new ClipProfile(YOUTUBE_SHORTS, 15_000, 180_000, 45_000),
            new ClipProfile(INSTAGRAM_REELS, 15_000, 90_000, 30_000),
            new ClipProfile(LINKEDIN, 30_000, 120_000, 60_000));

    public ClipProfile {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("profile name must not be blank");
        }
        if (minMillis <= 0 || maxMillis < minMillis) {
            throw new IllegalArgumentException("profile " + name + ": invalid length limits "
                    + minMillis + " -> " + maxMillis + " ms");
        }
        if (targetMillis < minMillis || targetMillis > maxMillis) {
            throw new IllegalArgumentException("profile " + name + ": target " + targetMillis
                    + " ms is outside " + minMillis + " -> " + maxMillis + " ms");
        }
    }

    /** A profile whose target is the middle of its limits. */
    public ClipProfile(String name, long minMillis, long maxMillis) {
        this(name, minMillis, maxMillis, minMillis + (maxMillis - minMillis) / 2);
    }

    /** The five built-in profiles by name, in a fixed order: default, tiktok, youtube-shorts, instagram-reels, linkedin. */
    public static Map<String, ClipProfile> defaults() {
        return DEFAULTS;
    }

    /** Whether a clip of this length may be published on the platform. */
    public boolean accepts(long durationMillis) {
        return durationMillis >= minMillis && durationMillis <= maxMillis;
    }

    /**
     * 1.0 at the target, falling along a quarter cosine to 0.0 at either limit, 0.0 outside the limits.
     * Strictly positive everywhere strictly inside the limits; flat near the target so a few seconds
     * either way barely matter.
     */
    public double lengthFit(long durationMillis) {
        if (!accepts(durationMillis)) {
            return 0.0;
        }
        double distance;
        if (durationMillis < targetMillis) {
            distance = (double) (targetMillis - durationMillis) / (targetMillis - minMillis);
        } else if (durationMillis > targetMillis) {
            distance = (double) (durationMillis - targetMillis) / (maxMillis - targetMillis);
        } else {
            return 1.0;
        }
        return Math.max(0.0, Math.cos(Math.PI / 2 * distance));
    }

    private static Map<String, ClipProfile> defaultProfiles(ClipProfile... profiles) {
        Map<String, ClipProfile> byName = new LinkedHashMap<>();
        for (ClipProfile profile : profiles) {
            byName.put(profile.name(), profile);
        }
        return java.util.Collections.unmodifiableMap(byName);
    }
}
