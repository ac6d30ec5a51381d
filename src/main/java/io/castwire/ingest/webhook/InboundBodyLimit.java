package io.castwire.ingest.webhook;

import io.castwire.common.http.BufferedBodyRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds {@code /webhooks/*} bodies to {@code castwire.inbound.max-body-size} (413) and to JSON
 * (415) before anything else reads them: a declared Content-Length above the limit is refused at once, and a chunked body is
 * read only until it passes the limit, so a huge or endless body never fills the heap. The
 * bounded body is then handed on as a fresh stream (platform-http reads it whole).
 */
@Configuration(proxyBeanMethods = false)
public class InboundBodyLimit {

    @Bean
    public FilterRegistrationBean<OncePerRequestFilter> inboundBodyLimitFilter(InboundProperties properties, ObjectMapper json,
                                                                              ObjectProvider<CamelContext> camel) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                new Filter(properties, json, () -> receiving(camel)));
        registration.addUrlPatterns("/webhooks/*");
        // before Spring Security and everything else that might read the body
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setName("inboundBodyLimitFilter");
        return registration;
    }

    /** Whether route ingest-webhook-receive runs (not yet while the hub starts; not while an admin stopped it). */
    static boolean receiving(ObjectProvider<CamelContext> camel) {
        CamelContext context = camel.getIfAvailable();
        if (context == null || !context.isStarted()) {
            return false;
        }
        ServiceStatus status = context.getRouteController().getRouteStatus(InboundWebhookRoutes.RECEIVE);
        return status != null && status.isStarted();
    }

    static final class Filter extends OncePerRequestFilter {

        private final InboundProperties properties;
        private final ObjectMapper json;
        private final BooleanSupplier receiving;

        Filter(InboundProperties properties, ObjectMapper json, BooleanSupplier receiving) {
            this.properties = properties;
            this.json = json;
            this.receiving = receiving;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!"POST".equals(request.getMethod())) {
                chain.doFilter(request, response);
                return;
            }
            if (!receiving.getAsBoolean()) {
                // without this, the seconds before Camel starts (or a stopped route) would be a bare 404
                refuse(response, InboundAnswer.unavailable(properties.getRetryAfterSeconds(),
                        "castwire is not receiving webhooks right now (starting, or route ingest-webhook-receive "
                                + "stopped); nothing was stored, send the webhook again later"));
                return;
            }
            long max = properties.getMaxBodySize().toBytes();
            if (request.getContentLengthLong() > max) {
                refuse(response, InboundReceiver.tooLarge(max));
                return;
            }
            if (!InboundReceiver.isJson(request.getContentType())) {
                // before platform-http, which would parse a form body into parameters
                refuse(response, InboundReceiver.notJson());
                return;
            }
            byte[] body = readAtMost(request.getInputStream(), max);
            if (body == null) {
                refuse(response, InboundReceiver.tooLarge(max));
                return;
            }
            chain.doFilter(new BufferedBodyRequest(request, body), response);
        }

        private void refuse(HttpServletResponse response, InboundAnswer answer) throws IOException {
            response.setStatus(answer.status());
            response.setContentType(answer.contentType());
            answer.headers().forEach(response::setHeader);
            // the rest of the body is not read: the connection cannot be reused
            response.setHeader("Connection", "close");
            json.writeValue(response.getOutputStream(), answer.body());
            // on the wire now: the container would otherwise first swallow what the sender is still sending
            response.flushBuffer();
        }
    }

    /** The body, or null as soon as it turns out longer than {@code max}. */
    static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > max) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
