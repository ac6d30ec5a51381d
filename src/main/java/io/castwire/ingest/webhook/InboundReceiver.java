package io.castwire.ingest.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.CastwireProperties;
import io.castwire.ingest.FileNames;
import io.castwire.publishing.delivery.Secrets;
import io.castwire.publishing.webhook.WebhookSigner;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Decides what to do with one {@code POST /webhooks/{source}}: the checks in the order an
 * integrator can act on them (unknown source 404, wrong content type 415, signature 401, JSON 400,
 * event type and schema 422, replay 409), then one insert that is both the replay guard and the
 * work (202). The database being away, or the processing queue being full
 * ({@code castwire.queue.max-depth}), is a 503 with Retry-After: an answer in the 2xx range always
 * means the event is stored.
 */
@Component
public class InboundReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(InboundReceiver.class);
    static final int MAX_WEBHOOK_ID = 255;

    private final InboundProperties properties;
    private final CastwireProperties hub;
    private final InboundSchemas schemas;
    private final InboundEvents events;
    private final Secrets secrets;
    private final ObjectMapper json;
    private final Clock clock;
    private final MeterRegistry meters;

    private final io.castwire.operations.queue.Backpressure backpressure;

    /** A receiver without backpressure (tests of the checks alone). */
    public InboundReceiver(InboundProperties properties, CastwireProperties hub, InboundSchemas schemas, InboundEvents events,
                           Secrets secrets, ObjectMapper json, Clock clock, MeterRegistry meters) {
        this(properties, hub, schemas, events, secrets, json, clock, meters, null);
    }

    @org.springframework.beans.factory.annotation.Autowired
    public InboundReceiver(InboundProperties properties, CastwireProperties hub, InboundSchemas schemas, InboundEvents events,
                           Secrets secrets, ObjectMapper json, Clock clock, MeterRegistry meters,
                           io.castwire.operations.queue.Backpressure backpressure) {
        this.backpressure = backpressure;
        this.properties = properties;
        this.hub = hub;
        this.schemas = schemas;
        this.events = events;
        this.secrets = secrets;
        this.json = json;
        this.clock = clock;
        this.meters = meters;
    }

    /** A request as received: only what the checks need, never the request's other headers. */
    public record Request(String source, String contentType, String webhookId, String timestamp, String signature,
                          byte[] body) {
    }

    /**
     * Checks and stores one inbound webhook. Called by route {@code ingest-webhook-receive}.
     *
     * @return the answer to send; 202 only when the event is committed
     */
    public InboundAnswer receive(Request r) {
        Optional<InboundProperties.Source> known = r.source() == null ? Optional.empty() : properties.source(r.source());
        InboundAnswer answer = known.map(s -> receive(s, r)).orElseGet(() -> InboundAnswer.problem(HttpStatus.NOT_FOUND,
                "not-found", "Not found", "there is no inbound webhook source '" + FileNames.printable(cut(r.source(), 100))
                        + "' (castwire.inbound.sources)"));
        meters.counter("castwire.inbound.webhooks", "source", known.map(InboundProperties.Source::getName).orElse("(unknown)"),
                "status", Integer.toString(answer.status())).increment();
        return answer;
    }

    private InboundAnswer receive(InboundProperties.Source source, Request r) {
        long max = properties.getMaxBodySize().toBytes();
        if (r.body() != null && r.body().length > max) {
            return tooLarge(max);
        }
        if (!isJson(r.contentType())) {
            return notJson();
        }
        byte[] body = r.body() == null ? new byte[0] : r.body();
        String secret = secrets.get(source.getSecretEnv());
        if (secret == null) {
            LOG.warn("Inbound webhook source '{}' cannot verify signatures: variable '{}' is not set", source.getName(),
                    source.getSecretEnv());
            return InboundAnswer.unavailable(properties.getRetryAfterSeconds() * 6,
                    "this source is not ready to receive webhooks; the admins have been told");
        }
        try {
            WebhookSigner.verify(r.webhookId(), r.timestamp(), r.signature(), body, secret, clock.instant(),
                    properties.getTolerance());
        } catch (SignatureException e) {
            // the check that failed, never a secret or the signature the hub expected
            return InboundAnswer.problem(HttpStatus.UNAUTHORIZED, "invalid-signature", "Invalid signature",
                    e.getMessage() + " (Standard Webhooks: webhook-id, webhook-timestamp within "
                            + properties.getTolerance().toMinutes() + " minutes, webhook-signature v1,<base64 HMAC-SHA256>)");
        } catch (IllegalArgumentException e) {
            LOG.warn("Inbound webhook source '{}' cannot verify signatures: the value of '{}' is not a usable secret",
                    source.getName(), source.getSecretEnv());
            return InboundAnswer.unavailable(properties.getRetryAfterSeconds() * 6,
                    "this source is not ready to receive webhooks; the admins have been told");
        }
        if (r.webhookId().length() > MAX_WEBHOOK_ID) {
            return InboundAnswer.problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request",
                    "webhook-id is longer than " + MAX_WEBHOOK_ID + " characters");
        }
        JsonNode payload;
        try {
            payload = json.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            return InboundAnswer.problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
                    "the body is not valid JSON" + where + ": " + cut(e.getOriginalMessage(), 200));
        } catch (java.io.IOException e) {
            return InboundAnswer.problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", "the body could not be read");
        }
        if (payload == null || !payload.isObject()) {
            return InboundAnswer.invalid("the body must be a JSON object {\"type\": ..., \"data\": {...}}",
                    List.of(new InboundSchemas.Violation("", "not an object")));
        }
        JsonNode typeNode = payload.get("type");
        String type = typeNode != null && typeNode.isTextual() ? typeNode.asText() : null;
        if (type == null || !schemas.knows(type)) {
            return InboundAnswer.invalid("unknown event type" + (type == null ? "" : " '" + FileNames.printable(cut(type, 64)) + "'")
                    + "; castwire takes " + String.join(", ", InboundSchemas.TYPES),
                    List.of(new InboundSchemas.Violation("/type", "must be one of " + InboundSchemas.TYPES)));
        }
        if (!source.allows(type)) {
            return InboundAnswer.invalid("source '" + source.getName() + "' may not send " + type + " events (it may send "
                    + String.join(", ", source.getEvents()) + ")",
                    List.of(new InboundSchemas.Violation("/type", "not allowed for this source")));
        }
        List<InboundSchemas.Violation> violations = schemas.validate(type, payload);
        if (!violations.isEmpty()) {
            return InboundAnswer.invalid("the " + type + " payload does not match its schema (" + violations.size()
                    + (violations.size() == 1 ? " violation)" : " violations)"), violations);
        }
        if (backpressure != null) {
            try {
                backpressure.checkRoom("webhook");
            } catch (io.castwire.operations.queue.QueueFullException full) {
                // nothing stored: the sender keeps the event and sends it again after Retry-After
                return InboundAnswer.unavailable(full.retryAfterSeconds(), full.getMessage()
                        + "; nothing was stored, send the webhook again later");
            }
        }
        try {
            long id = events.insert(source.getName(), r.webhookId(), type, new String(body, StandardCharsets.UTF_8));
            LOG.info("Inbound webhook {} {} from '{}' accepted as event {}", type, r.webhookId(), source.getName(), id);
            Map<String, Object> accepted = new LinkedHashMap<>();
            accepted.put("id", id);
            accepted.put("status", InboundEvents.Status.ACCEPTED.name());
            accepted.put("statusUrl", statusUrl(id));
            return InboundAnswer.accepted(accepted);
        } catch (DuplicateKeyException e) {
            Optional<InboundEvents.InboundEvent> earlier = events.find(source.getName(), r.webhookId());
            Map<String, Object> props = new LinkedHashMap<>();
            earlier.ifPresent(ev -> {
                props.put("id", ev.id());
                props.put("statusUrl", statusUrl(ev.id()));
            });
            return InboundAnswer.problem(HttpStatus.CONFLICT, "replayed-webhook", "Webhook already received",
                    "webhook-id '" + FileNames.printable(r.webhookId()) + "' was already received from this source"
                            + earlier.map(ev -> " (event " + ev.id() + ", " + ev.status() + ")").orElse("")
                            + "; it is not done again", props, Map.of());
        } catch (DataAccessException e) {
            LOG.warn("Inbound webhook {} from '{}' refused with 503: database unavailable ({})", r.webhookId(),
                    source.getName(), e.getMostSpecificCause().getClass().getSimpleName());
            return InboundAnswer.unavailable(properties.getRetryAfterSeconds(),
                    "the database is not reachable right now; nothing was stored, send the webhook again later");
        }
    }

    /** The 413 answer, also used by the body limit filter. */
    static InboundAnswer tooLarge(long max) {
        return InboundAnswer.problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large",
                "the body is larger than " + max + " bytes (castwire.inbound.max-body-size); send media by URL, not inline");
    }

    /** The 415 answer, also used by the body limit filter. */
    static InboundAnswer notJson() {
        return InboundAnswer.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                "the body must be JSON sent with Content-Type: application/json");
    }

    String statusUrl(long id) {
        String base = hub.getPublicUrl() == null ? "" : hub.getPublicUrl().replaceAll("/+$", "");
        return base + "/api/inbound/" + id;
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json");
    }

    private static String cut(String s, int n) {
        return s == null || s.length() <= n ? s : s.substring(0, n) + "…";
    }
}
