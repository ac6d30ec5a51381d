package io.castwire.publishing.social;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.HttpFailures;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * LinkedIn's error answers, {@code {"status","serviceErrorCode","code","message"}}: a refused token
 * (401), a missing permission (403) and a retired {@code LinkedIn-Version} (426) need a person;
 * a throttle (429) waits; other statuses follow {@link HttpFailures}.
 */
final class LinkedinFailures {

    /** LinkedIn's daily throttles read "Resource level throttle APPLICATION DAY limit ..." (or MEMBER DAY). */
    private static final Pattern DAILY = Pattern.compile("\\bDAY\\b");

    private final LinkedinProperties props;
    private final Clock clock;

    LinkedinFailures(LinkedinProperties props, Clock clock) {
        this.props = props;
        this.clock = clock;
    }

    DeliveryException of(String what, ApiResponse r, String token) {
        JsonNode error = r.json();
        String code = Json.text(error, "code");
        String message = SocialHttp.scrub(Json.text(error, "message"), token);
        String detail = "HTTP " + r.status() + (code != null ? " " + code : "")
                + (message != null ? ": " + HttpFailures.shorten(message) : "");
        String at = "linkedin " + what;
        return switch (r.status()) {
            case 401 -> new PermanentDeliveryException(at + ": LinkedIn refused the access token in "
                    + props.getTokenEnv() + " (" + detail + ")", 401);
            case 403 -> new PermanentDeliveryException(at + ": not allowed for " + props.getAuthor() + " (" + detail
                    + "); the token needs w_organization_social and r_organization_social (or the member scopes)", 403);
            case 426 -> new PermanentDeliveryException(at + ": LinkedIn-Version " + props.getVersion() + " is not active ("
                    + detail + "); set castwire.publish.linkedin.version to a current YYYYMM", 426);
            case 429 -> new DeliveryException(at + ": rate limited (" + detail + ")", 429, rateLimitWait(r, message));
            default -> HttpFailures.of(LinkedinDestination.NAME, what, r.status(), r.header("Retry-After"),
                    SocialHttp.scrub(r.body(), token), clock);
        };
    }

    /**
     * LinkedIn sends no Retry-After; its application and member limits are per day and reset at
     * midnight UTC, so a daily throttle waits until then. Any other 429 (LinkedIn's infrastructure
     * protection) is left to the route's backoff.
     */
    private Duration rateLimitWait(ApiResponse r, String message) {
        Duration header = HttpFailures.retryAfter(r.header("Retry-After"), clock);
        if (header != null) {
            return header;
        }
        if (message != null && DAILY.matcher(message.toUpperCase(Locale.ROOT)).find()) {
            Instant now = clock.instant();
            Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            return Duration.between(now, midnight);
        }
        return null;
    }
}
