package io.castwire.kamelets;

import io.castwire.common.InboundHeaderFilter;
import io.castwire.publishing.webhook.WebhookSigner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The check at the front of {@code castwire-webhook-source}: a Standard Webhooks request
 * ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature: v1,<base64>}, HMAC-SHA256
 * with a {@code whsec_...} secret), not larger than the limit, not a replay of a {@code webhook-id}
 * seen within the timestamp tolerance. A request that fails gets a problem-JSON answer (401, 413)
 * and goes no further. One that passes continues with its body as text and only the
 * {@code webhook-id}, {@code webhook-timestamp} and {@code Content-Type} headers: nothing the sender
 * set reaches Camel as a header. Created by the Kamelet template, one per webhook source, with its
 * secret as a bean property (never in the route text).
 */
public class KameletWebhookVerifier implements Processor {

    private static final Set<String> KEPT = Set.of(WebhookSigner.ID_HEADER, WebhookSigner.TIMESTAMP_HEADER, "content-type");

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final InboundHeaderFilter headerFilter = new InboundHeaderFilter();
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private Clock clock = Clock.systemUTC();
    private String secret;
    private String source;
    private long maxBodyBytes = 1_048_576;
    private Duration tolerance = WebhookSigner.DEFAULT_TOLERANCE;

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public void setMaxBodyBytes(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    public void setToleranceSeconds(long seconds) {
        this.tolerance = Duration.ofSeconds(seconds);
    }

    void setClock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        Map<String, Object> headers = in.getHeaders();
        String id = header(headers, WebhookSigner.ID_HEADER);
        String timestamp = header(headers, WebhookSigner.TIMESTAMP_HEADER);
        String signature = header(headers, WebhookSigner.SIGNATURE_HEADER);
        String contentType = header(headers, "content-type");
        String length = header(headers, "content-length");
        if (length != null && length.strip().matches("\\d{1,18}") && Long.parseLong(length.strip()) > maxBodyBytes) {
            refuse(exchange, 413, "payload-too-large", "the body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        byte[] body = read(in);
        if (body == null) {
            refuse(exchange, 413, "payload-too-large", "the body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        Instant now = clock.instant();
        try {
            if (secret == null || secret.isBlank()) {
                throw new SignatureException("this webhook source has no secret configured");
            }
            WebhookSigner.verify(id, timestamp, signature, body, secret, now, tolerance);
        } catch (SignatureException | IllegalArgumentException e) {
            refuse(exchange, 401, "bad-signature", "the webhook signature does not verify: " + e.getMessage());
            return;
        }
        seen.values().removeIf(at -> at.isBefore(now.minus(tolerance.multipliedBy(2))));
        if (seen.putIfAbsent(id, now) != null) {
            refuse(exchange, 409, "replayed", "webhook-id " + id + " was already received");
            return;
        }
        headers.clear();
        headers.put(WebhookSigner.ID_HEADER, id);
        headers.put(WebhookSigner.TIMESTAMP_HEADER, timestamp.strip());
        if (contentType != null) {
            headers.put(Exchange.CONTENT_TYPE, contentType);
        }
        headers.put(KameletHeaders.WEBHOOK_SOURCE, source);
        headerFilter.strip(headers);
        in.setBody(new String(body, StandardCharsets.UTF_8));
    }

    private static String header(Map<String, Object> headers, String name) {
        for (Map.Entry<String, Object> e : headers.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(name) && e.getValue() != null) {
                return e.getValue().toString();
            }
        }
        return null;
    }

    /** The body, or null when it is larger than the limit (read no further than that). */
    private byte[] read(Message in) throws IOException {
        Object body = in.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] bytes) {
            return bytes.length > maxBodyBytes ? null : bytes;
        }
        if (body instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return bytes.length > maxBodyBytes ? null : bytes;
        }
        try (InputStream stream = in.getBody(InputStream.class)) {
            if (stream == null) {
                return new byte[0];
            }
            byte[] bytes = stream.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            return bytes.length > maxBodyBytes ? null : bytes;
        }
    }

    private void refuse(Exchange exchange, int status, String type, String detail) {
        Message in = exchange.getMessage();
        in.getHeaders().clear();
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        in.setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
        Map<String, Object> problem = new java.util.LinkedHashMap<>();
        problem.put("type", io.castwire.common.ProblemAdvice.TYPE_BASE + type);
        problem.put("title", type);
        problem.put("status", status);
        problem.put("detail", detail);
        try {
            in.setBody(JSON.writeValueAsString(problem));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        exchange.setRouteStop(true);
    }
}
