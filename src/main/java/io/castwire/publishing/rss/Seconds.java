package io.castwire.publishing.rss;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Times in seconds as feeds and chapter files want them: plain decimals, to the millisecond. */
final class Seconds {

    private Seconds() {
    }

    /** {@code 94}, {@code 94.5}, {@code 0.125}: never an exponent, never float noise like {@code 94.50000001}. */
    static BigDecimal decimal(double seconds) {
        BigDecimal value = BigDecimal.valueOf(seconds).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    /** As {@link #decimal} but always with a fraction, {@code 73.0}, the form the podcast namespace shows. */
    static String withFraction(double seconds) {
        BigDecimal value = decimal(seconds);
        return (value.scale() < 1 ? value.setScale(1) : value).toPlainString();
    }

    /** {@code HH:MM:SS}; hours grow past two digits rather than wrap. */
    static String clock(long seconds) {
        return String.format("%02d:%02d:%02d", seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    }
}
