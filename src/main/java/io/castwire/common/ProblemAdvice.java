package io.castwire.common;

import java.net.URI;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every API error as RFC 7807 problem JSON. */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProblemAdvice.class);

    public static final String TYPE_BASE = "https://castwire.io/problems/";

    @ExceptionHandler(NotFoundException.class)
    public ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    public ProblemDetail conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
    }

    @ExceptionHandler({IllegalArgumentException.class, MethodArgumentTypeMismatchException.class})
    public ProblemDetail badRequest(Exception e) {
        String detail = e instanceof MethodArgumentTypeMismatchException m
                ? "'" + m.getValue() + "' is not a valid " + m.getName()
                : e.getMessage();
        return problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", detail);
    }

    /** The database is away: say so, and ask the client to come back, never pretend success. */
    @ExceptionHandler({TransientDataAccessException.class, DataAccessResourceFailureException.class,
            RecoverableDataAccessException.class})
    public ResponseEntity<ProblemDetail> unavailable(DataAccessException e) {
        ProblemDetail p = problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable",
                "the database is not reachable right now; try again shortly");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "10").body(p);
    }

    /** Anything else is the hub's fault: a 500 problem, with the cause in the log, not in the answer. */
    @ExceptionHandler(Exception.class)
    public ProblemDetail internal(Exception e) {
        String ref = java.util.UUID.randomUUID().toString().substring(0, 8);
        LOG.error("Request failed (ref {})", ref, e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "castwire failed to answer; the admins can find ref " + ref + " in its log");
    }

    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(TYPE_BASE + type));
        p.setTitle(title);
        return p;
    }
}
