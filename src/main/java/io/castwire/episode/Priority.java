package io.castwire.episode;

import java.util.Arrays;
import java.util.Locale;

/**
 * How soon an episode's work is taken: urgent before normal before bulk, and within one priority
 * the oldest first. Stored as its {@link #rank()} (lower is taken first).
 */
public enum Priority {
    URGENT(0), NORMAL(1), BULK(2);

    private final int rank;

    Priority(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    /** The name used in configuration, sidecars and the API. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Priority ofRank(int rank) {
        for (Priority p : values()) {
            if (p.rank == rank) {
                return p;
            }
        }
        return NORMAL;
    }

    /**
     * Parses {@code urgent}, {@code normal} or {@code bulk} (any case).
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static Priority parse(String value) {
        if (value != null) {
            for (Priority p : values()) {
                if (p.name().equalsIgnoreCase(value.strip())) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("unknown priority '" + (value == null ? "" : value.length() > 40
                ? value.substring(0, 40) + "…" : value) + "'; use one of "
                + Arrays.stream(values()).map(Priority::label).toList());
    }
}
