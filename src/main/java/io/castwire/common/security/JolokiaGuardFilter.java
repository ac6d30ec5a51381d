package io.castwire.common.security;

import io.castwire.common.http.BufferedBodyRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.ProblemAdvice;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of {@code /actuator/jolokia}, after login: applies {@link JolokiaGuard} to each request
 * (GET path or POST body, single or bulk), refuses cross-origin requests, and answers 403 problem
 * JSON for anything not allowed, so Jolokia never sees it.
 */
public class JolokiaGuardFilter extends OncePerRequestFilter {

    static final String PREFIX = "/actuator/jolokia";
    /** Hawtio's own way in: it forwards to {@link #PREFIX}, and is guarded here as well. */
    static final String HAWTIO_PREFIX = "/actuator/hawtio/jolokia";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JolokiaGuardFilter.class);
    /** Hawtio reads many MBeans in one bulk request (over 256 KB with every route and processor). */
    private static final int MAX_BODY = 8 * 1024 * 1024;

    private final JolokiaGuard guard;
    private final ObjectMapper json;

    public JolokiaGuardFilter(ObjectMapper json) {
        this.guard = new JolokiaGuard(json);
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return prefix(request) == null;
    }

    /** The Jolokia prefix of the request's path, or null when it is not a Jolokia request. */
    private static String prefix(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        for (String p : new String[] {PREFIX, HAWTIO_PREFIX}) {
            if (path.equals(p) || path.startsWith(p + "/")) {
                return p;
            }
        }
        return null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (crossOrigin(request)) {
            refuse(response, HttpStatus.FORBIDDEN, "cross-origin requests to Jolokia are not allowed");
            return;
        }
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        boolean admin = user != null && user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"));
        if ("GET".equals(request.getMethod())) {
            String p = request.getParameter("p");
            String path = p != null ? p : URLDecoder.decode(request.getRequestURI()
                    .substring(request.getContextPath().length() + prefix(request).length()), StandardCharsets.UTF_8);
            String refused = guard.checkGet(path);
            if (refused != null) {
                refuse(response, HttpStatus.FORBIDDEN, refused);
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            refuse(response, HttpStatus.FORBIDDEN, "Jolokia takes GET and POST only");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            refuse(response, HttpStatus.PAYLOAD_TOO_LARGE, "a Jolokia request may be at most " + MAX_BODY + " bytes");
            return;
        }
        String refused = guard.checkPost(body, admin);
        if (refused != null) {
            refuse(response, HttpStatus.FORBIDDEN, refused);
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    /** An Origin header that is not this server's own scheme, host and port. */
    private static boolean crossOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            int port = o.getPort() >= 0 ? o.getPort() : ("https".equals(o.getScheme()) ? 443 : 80);
            return !(request.getScheme().equalsIgnoreCase(o.getScheme()) && request.getServerName().equalsIgnoreCase(o.getHost())
                    && request.getServerPort() == port);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private void refuse(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        LOG.info("Jolokia request of {} refused: {}", user == null ? "nobody" : user.getName(), detail);
        ProblemDetail p = ProblemAdvice.problem(status, "jolokia-refused", "Not allowed", detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), p);
    }
}
