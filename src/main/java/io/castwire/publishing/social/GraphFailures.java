package io.castwire.publishing.social;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.HttpFailures;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * The Graph API's errors, {@code {"error":{"message","type","code","error_subcode","is_transient",
 * "fbtrace_id"}}}, classified by code and not by HTTP status: Meta answers rate limits with 400 or
 * 403. Rate limits wait for Retry-After, else the longest {@code estimated_time_to_regain_access}
 * (minutes) of the {@code X-Business-Use-Case-Usage} header, else the configured wait.
 */
final class GraphFailures {

    /** API Too Many Calls, User Too Many Calls, Page request limit, Application limit, calls per hour. */
    private static final Set<Integer> RATE_LIMITS = Set.of(4, 17, 32, 341, 613);
    /** API Unknown and API Service: temporary trouble on Meta's side. */
    private static final Set<Integer> TEMPORARY = Set.of(1, 2);
    /** Code and subcode Meta uses for an object that does not exist (or is not visible). */
    static final int INVALID_PARAMETER = 100;
    static final int DOES_NOT_EXIST = 33;
    static final int DUPLICATE = 506;
    private static final int BLOCKED = 368;

    private final FacebookProperties props;
    private final Clock clock;

    GraphFailures(FacebookProperties props, Clock clock) {
        this.props = props;
        this.clock = clock;
    }

    DeliveryException of(String what, ApiResponse r, String token) {
        JsonNode error = r.json().path("error");
        if (!error.isObject()) {
            return HttpFailures.of(FacebookDestination.NAME, what, r.status(), r.header("Retry-After"),
                    SocialHttp.scrub(r.body(), token), clock);
        }
        int code = error.path("code").asInt(0);
        String detail = detail(r.status(), error, token);
        String at = "facebook " + what;
        if (rateLimit(code)) {
            return new DeliveryException(at + ": rate limited (" + detail + ")", r.status(), rateLimitWait(r));
        }
        if (TEMPORARY.contains(code) || error.path("is_transient").asBoolean(false)) {
            return new DeliveryException(at + ": temporary Graph API error (" + detail + ")", r.status(),
                    HttpFailures.retryAfter(r.header("Retry-After"), clock));
        }
        if (code == 190 || code == 102) {
            return new PermanentDeliveryException(at + ": Facebook refused the Page access token in "
                    + props.getTokenEnv() + " (" + detail + ")", r.status());
        }
        if (code == 10 || (code >= 200 && code <= 299)) {
            return new PermanentDeliveryException(at + ": permission denied (" + detail
                    + "); the token needs pages_manage_posts, pages_read_engagement and, for clips, publish_video",
                    r.status());
        }
        if (code == INVALID_PARAMETER || code == BLOCKED || code == DUPLICATE || r.status() < 500) {
            // an invalid parameter, a policy block or a duplicate needs a person, whatever the status
            return new PermanentDeliveryException(at + ": refused (" + detail + ")", r.status());
        }
        return new DeliveryException(at + ": " + detail, r.status(), HttpFailures.retryAfter(r.header("Retry-After"), clock));
    }

    /** The error's code, or 0 when the answer is no Graph error. */
    static int code(ApiResponse r) {
        return r.json().path("error").path("code").asInt(0);
    }

    static int subcode(ApiResponse r) {
        return r.json().path("error").path("error_subcode").asInt(0);
    }

    private static boolean rateLimit(int code) {
        // 80001 to 80014 are the Business Use Case limits (Pages, Instagram, ...)
        return RATE_LIMITS.contains(code) || (code >= 80001 && code <= 80014);
    }

    private Duration rateLimitWait(ApiResponse r) {
        Duration header = HttpFailures.retryAfter(r.header("Retry-After"), clock);
        if (header != null) {
            return header;
        }
        long minutes = -1;
        for (JsonNode usages : Json.read(r.header("X-Business-Use-Case-Usage")).orElse(Json.object())) {
            for (JsonNode usage : usages) {
                minutes = Math.max(minutes, usage.path("estimated_time_to_regain_access").asLong(-1));
            }
        }
        return minutes > 0 ? Duration.ofMinutes(minutes) : props.getRateLimitWait();
    }

    private static String detail(int status, JsonNode error, String token) {
        StringBuilder b = new StringBuilder("HTTP ").append(status).append(", code ").append(error.path("code").asInt(0));
        if (error.has("error_subcode")) {
            b.append('/').append(error.path("error_subcode").asInt());
        }
        String message = Json.text(error, "message");
        if (message != null) {
            b.append(": ").append(HttpFailures.shorten(SocialHttp.scrub(message, token)));
        }
        String trace = Json.text(error, "fbtrace_id");
        if (trace != null) {
            // Meta's support asks for it
            b.append(" [fbtrace_id ").append(trace).append(']');
        }
        return b.toString();
    }
}
