package io.castwire.publishing.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.publishing.delivery.HubEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Where the hub announces what happened. {@link #emit} (directly, or through a {@link HubEvent}
 * published as a Spring event) writes one delivery row per interested subscriber, in the caller's
 * transaction when there is one, so an event goes out if and only if the change it reports was
 * committed; the outbox poll sends it from there.
 */
@Component
public class WebhookEvents {

    public static final String EPISODE_RECEIVED = "episode.received";
    public static final String EPISODE_PUBLISHED = "episode.published";
    public static final String CLIP_CREATED = "clip.created";
    public static final String PUBLICATION_FAILED = "publication.failed";
    public static final String SYSTEM_ALERT = "system.alert";
    /** Every event type a subscriber may ask for. */
    public static final List<String> TYPES = List.of(EPISODE_RECEIVED, EPISODE_PUBLISHED, CLIP_CREATED, PUBLICATION_FAILED,
            SYSTEM_ALERT);
    /** In a subscriber's {@code events}: all types, including ones added later. */
    public static final String ALL = "*";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookEvents.class);

    private final WebhookProperties properties;
    private final WebhookDeliveries deliveries;
    private final ObjectMapper json;
    private final Clock clock;

    public WebhookEvents(WebhookProperties properties, WebhookDeliveries deliveries, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.deliveries = deliveries;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Queues an event for every enabled subscriber of its type. Emitting the same event (type and
     * key) again queues nothing new. Safe inside the caller's transaction: a duplicate is rolled back
     * to a savepoint, never into the caller's work; a database failure is thrown, so the caller's
     * change and its event commit or roll back together.
     *
     * @param type      one of {@link #TYPES}
     * @param episodeId the episode it is about, or null
     * @param eventKey  what makes this occurrence unique within the type (e.g. {@code "42"} for
     *                  episode 42 received, {@code "42-v2"} for its second version published); null
     *                  makes every call a new event
     * @param data      the {@code data} object of the payload (thin: ids, titles, URLs), JSON-serialisable
     * @return the deliveries queued
     */
    public int emit(String type, Long episodeId, String eventKey, Map<String, Object> data) {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown webhook event type: " + type);
        }
        List<WebhookProperties.Subscriber> targets = properties.getSubscribers().stream().filter(s -> s.wants(type)).toList();
        if (targets.isEmpty()) {
            return 0;
        }
        var disabled = deliveries.disabledSubscribers().keySet();
        String messageId = messageId(type, eventKey == null ? UUID.randomUUID().toString() : eventKey);
        String payload = payload(type, data);
        int queued = 0;
        for (WebhookProperties.Subscriber s : targets) {
            if (disabled.contains(s.getName())) {
                continue;
            }
            if (deliveries.insert(s.getName(), messageId, type, episodeId, payload)) {
                queued++;
            } else {
                LOG.debug("Webhook {} for {} was already queued", messageId, s.getName());
            }
        }
        return queued;
    }

    /**
     * Queues a {@code webhook.test} event for one subscriber, whatever events it subscribed to, so
     * an admin can check the URL, the secret and the receiver's signature check end to end.
     *
     * @return the event's webhook-id
     * @throws IllegalArgumentException when there is no such subscriber
     * @throws io.castwire.common.ConflictException when a 410 disabled it
     */
    public String test(String subscriber) {
        WebhookProperties.Subscriber s = properties.getSubscribers().stream().filter(x -> x.getName().equals(subscriber))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no webhook subscriber named " + subscriber));
        if (deliveries.disabledSubscribers().containsKey(s.getName())) {
            throw new io.castwire.common.ConflictException("subscriber " + s.getName() + " answered 410 Gone and is "
                    + "disabled; POST /api/webhooks/subscribers/" + s.getName() + "/enable first");
        }
        String messageId = messageId("webhook.test", UUID.randomUUID().toString());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("subscriber", s.getName());
        data.put("message", "castwire test event");
        deliveries.insert(s.getName(), messageId, "webhook.test", null, payload("webhook.test", data));
        return messageId;
    }

    /**
     * Turns a {@link HubEvent} (published by ingest, clipping, the feed and failed publications,
     * synchronously inside their transactions) into webhook deliveries in the same transaction.
     * A database failure is thrown to the publisher, so the change and its webhooks commit together;
     * an event that cannot become a webhook (unknown type, data that is not JSON) is logged and
     * dropped rather than undoing the publisher's work.
     */
    @EventListener
    public void on(HubEvent event) {
        try {
            emit(event.type(), event.episodeId(), event.key(), event.data());
        } catch (IllegalArgumentException unusable) {
            LOG.error("Hub event {} ({}) not sent as a webhook: {}", event.type(), event.key(), unusable.getMessage());
        }
    }

    /**
     * The {@code webhook-id} of an event: {@code msg_} and 128 bits of SHA-256 over type and key,
     * the same on every emit of the same event and free of the '.' the signature scheme forbids.
     */
    public static String messageId(String type, String eventKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((type + "\n" + eventKey).getBytes(StandardCharsets.UTF_8));
            return "msg_" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The spec's envelope, minified: {"type", "timestamp" (when it happened), "data"}. */
    private String payload(String type, Map<String, Object> data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", type);
        envelope.put("timestamp", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
        envelope.put("data", data == null ? Map.of() : data);
        try {
            return json.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("webhook data of " + type + " is not JSON-serialisable: " + e.getOriginalMessage(), e);
        }
    }
}
