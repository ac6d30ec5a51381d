package io.castwire.publishing.social;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.HttpFailures;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * X's error answers: v2 problem details ({@code title}, {@code detail}, {@code type},
 * {@code status}) or the older {@code {"errors":[{"message","code"}]}}; rate limits carry
 * {@code x-rate-limit-reset} (epoch seconds) for the 15-minute window and
 * {@code x-user-limit-24hour-reset} / {@code x-app-limit-24hour-reset} for the daily post limits.
 */
final class XFailures {

    private static final List<String> LIMITS = List.of("x-rate-limit", "x-user-limit-24hour", "x-app-limit-24hour");

    private final XProperties props;
    private final Clock clock;

    XFailures(XProperties props, Clock clock) {
        this.props = props;
        this.clock = clock;
    }

    DeliveryException of(String what, ApiResponse r, String token) {
        String detail = "HTTP " + r.status() + describe(r.json(), token);
        String at = "x " + what;
        return switch (r.status()) {
            case 401 -> new PermanentDeliveryException(at + ": X refused the token in " + props.getTokenEnv()
                    + " (" + detail + ")", 401);
            case 403 -> new PermanentDeliveryException(at + ": forbidden (" + detail + ")" + (duplicate(r)
                    ? "; no recent post of the account links to this item, so the text itself repeats an earlier post"
                    : "; the token needs tweet.write, tweet.read, users.read and media.write"), 403);
            case 429 -> new DeliveryException(at + ": rate limited (" + detail + ")", 429, rateLimitWait(r));
            default -> HttpFailures.of(XDestination.NAME, what, r.status(), r.header("Retry-After"),
                    SocialHttp.scrub(r.body(), token), clock);
        };
    }

    /** X's 403 for a post whose text equals one of the account's recent posts. */
    static boolean duplicate(ApiResponse r) {
        return r.status() == 403 && r.body() != null && r.body().toLowerCase(Locale.ROOT).contains("duplicate");
    }

    /**
     * Until the latest reset among the exhausted limits (a daily limit outlasts the 15-minute
     * window); the window's reset when no header says which one is exhausted; Retry-After last.
     */
    Duration rateLimitWait(ApiResponse r) {
        Long latest = null;
        for (String limit : LIMITS) {
            Long reset = number(r.header(limit + "-reset"));
            if (reset != null && Long.valueOf(0).equals(number(r.header(limit + "-remaining")))) {
                latest = latest == null ? reset : Math.max(latest, reset);
            }
        }
        if (latest == null) {
            latest = number(r.header("x-rate-limit-reset"));
        }
        if (latest != null) {
            Duration d = Duration.between(clock.instant(), Instant.ofEpochSecond(latest));
            return d.isNegative() ? Duration.ZERO : d;
        }
        return HttpFailures.retryAfter(r.header("Retry-After"), clock);
    }

    private static String describe(JsonNode error, String token) {
        // a validation problem names the parameter in errors[0].message; its detail is generic
        String text = Json.text(error.path("errors").path(0), "message");
        if (text == null) {
            text = Json.text(error, "detail");
        }
        if (text == null) {
            text = Json.text(error, "title");
        }
        return text == null ? "" : ": " + HttpFailures.shorten(SocialHttp.scrub(text, token));
    }

    private static Long number(String header) {
        try {
            return header == null ? null : Long.valueOf(header.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
