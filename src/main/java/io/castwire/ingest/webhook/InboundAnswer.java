package io.castwire.ingest.webhook;

import io.castwire.common.ProblemAdvice;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * What {@code POST /webhooks/{source}} answers: a status, a JSON body (the accepted event, or a
 * problem in the same shape as {@link ProblemAdvice}'s) and extra headers such as Retry-After.
 */
public record InboundAnswer(int status, String contentType, Object body, Map<String, String> headers) {

    static InboundAnswer accepted(Map<String, Object> body) {
        return new InboundAnswer(HttpStatus.ACCEPTED.value(), MediaType.APPLICATION_JSON_VALUE, body, Map.of());
    }

    static InboundAnswer problem(HttpStatus status, String type, String title, String detail) {
        return problem(status, type, title, detail, Map.of(), Map.of());
    }

    static InboundAnswer problem(HttpStatus status, String type, String title, String detail, Map<String, Object> properties,
                                 Map<String, String> headers) {
        ProblemDetail p = ProblemAdvice.problem(status, type, title, detail);
        properties.forEach(p::setProperty);
        return new InboundAnswer(status.value(), MediaType.APPLICATION_PROBLEM_JSON_VALUE, p, headers);
    }

    static InboundAnswer invalid(String detail, List<InboundSchemas.Violation> errors) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-payload", "Invalid payload", detail,
                Map.of("errors", errors), Map.of());
    }

    static InboundAnswer unavailable(int retryAfterSeconds, String detail) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable", detail, Map.of(),
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }
}
