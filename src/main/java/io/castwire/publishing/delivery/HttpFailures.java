package io.castwire.publishing.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * Turns an HTTP error answer into the right exception: 408, 425, 429 and 5xx may pass (with the
 * destination's Retry-After), every other 4xx will not. Bodies are cut short so a destination's
 * error page never floods the ledger or the log.
 */
public final class HttpFailures {

    private static final Set<Integer> RETRYABLE_4XX = Set.of(408, 425, 429);

    private HttpFailures() {
    }

    /** Whether a response with this status may succeed later. */
    public static boolean retryable(int status) {
        return status >= 500 || RETRYABLE_4XX.contains(status);
    }

    /**
     * The exception for an error response.
     *
     * @param retryAfterHeader the Retry-After header (seconds or an HTTP date), or null
     */
    public static DeliveryException of(String destination, String what, int status, String retryAfterHeader, String body,
                                       Clock clock) {
        String message = destination + " " + what + " answered HTTP " + status + ": " + shorten(body);
        if (retryable(status)) {
            return new DeliveryException(message, status, retryAfter(retryAfterHeader, clock));
        }
        return new PermanentDeliveryException(message, status);
    }

    /** Seconds ({@code 120}) or an HTTP date; null when absent or unreadable; never negative. */
    public static Duration retryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        try {
            long s = Long.parseLong(h);
            return Duration.ofSeconds(Math.max(0, s));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    /** At most 500 characters of a body, on one line. */
    public static String shorten(String body) {
        if (body == null) {
            return "";
        }
        String one = body.replaceAll("\\s+", " ").strip();
        return one.length() > 500 ? one.substring(0, 500) + "…" : one;
    }
}
