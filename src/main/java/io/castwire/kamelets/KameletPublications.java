package io.castwire.kamelets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.episode.ClipRepository;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.publishing.delivery.Destination;
import io.castwire.publishing.delivery.Destinations;
import io.castwire.publishing.delivery.PublicationOutbox;
import io.castwire.publishing.rss.RssPublisher;
import io.castwire.publishing.webhook.WebhookEvents;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Where the sink Kamelets hand an episode to castwire's destination machinery: a row in the
 * publication ledger ({@link PublicationOutbox}), which the destination's own routes send with their
 * retries, circuit breaker and dead letters; or, for {@code castwire-webhook-sink}, an event for the
 * outbound webhook subscribers ({@link WebhookEvents}). Nothing is called remotely here, so a sink
 * answers at once and a destination that is down loses nothing.
 */
@Component("kameletPublications")
public class KameletPublications {

    private final Destinations destinations;
    private final PublicationOutbox outbox;
    private final EpisodeRepository episodes;
    private final ClipRepository clips;
    private final RssPublisher rss;
    private final WebhookEvents events;
    private final ObjectMapper json;

    public KameletPublications(Destinations destinations, PublicationOutbox outbox, EpisodeRepository episodes,
                               ClipRepository clips, RssPublisher rss, WebhookEvents events, ObjectMapper json) {
        this.destinations = destinations;
        this.outbox = outbox;
        this.episodes = episodes;
        this.clips = clips;
        this.rss = rss;
        this.events = events;
        this.json = json;
    }

    /**
     * Queues the message's episode (or, with a {@code CastwireClipId} header, one of its clips) for a
     * destination. Queuing the same item twice is harmless: the ledger keeps one row. Called by the
     * sink Kamelets; leaves the body as a map with the ledger row's id and state.
     *
     * @param destination a destination name ({@code wordpress}, {@code cablecast}, {@code youtube},
     *                    {@code linkedin}, {@code x}, {@code facebook})
     * @throws IllegalArgumentException when the episode or the clip is unknown, the episode is not in
     *         the podcast feed yet (the destinations link to its public copy), or the destination is
     *         unknown or not enabled (its row would wait for ever)
     */
    public Map<String, Object> enqueue(String destination, Exchange exchange) throws IOException {
        Destination d = destinations.byName(destination).orElseThrow(() -> new IllegalArgumentException(
                "castwire has no destination named '" + destination + "'"));
        if (!d.settings().isEnabled()) {
            throw new IllegalArgumentException("destination '" + destination + "' is not enabled (castwire.publish."
                    + destination + ".enabled): nothing was queued");
        }
        Message in = exchange.getMessage();
        Episode e = episode(in);
        if (rss.mediaUrl(e) == null) {
            // the destinations link to the feed's public copy: a row queued now would only be dead-lettered
            throw new IllegalArgumentException("episode " + e.id() + " is not in the podcast feed yet (state " + e.state()
                    + "): it can be published to " + destination + " once castwire has published it");
        }
        long clipId = in.getHeader(KameletHeaders.CLIP_ID, 0L, Long.class);
        if (clipId != 0 && clips.ofEpisode(e.id()).stream().noneMatch(c -> c.id() == clipId)) {
            throw new IllegalArgumentException("clip " + clipId + " is not a clip of episode " + e.id());
        }
        outbox.enqueue(e.id(), clipId, d.name());
        Map<String, Object> row = episodes.publications(e.id()).stream()
                .filter(r -> d.name().equals(r.get("destination")) && ((Number) r.get("clipId")).longValue() == clipId)
                .reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException("the ledger row was not written"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("publicationId", ((Number) row.get("id")).longValue());
        out.put("episodeId", e.id());
        out.put("clipId", clipId);
        out.put("destination", d.name());
        out.put("state", row.get("state"));
        in.setHeader(KameletHeaders.PUBLICATION_ID, out.get("publicationId"));
        in.setBody(out);
        return out;
    }

    /**
     * Announces the message's episode to the outbound webhook subscribers of {@code eventType}.
     * The event key is the episode and its version, so sending the same episode twice queues one
     * delivery per subscriber. Called by {@code castwire-webhook-sink}; leaves the body as a map with
     * the event's {@code webhook-id} and the number of deliveries queued.
     */
    public Map<String, Object> announce(String eventType, Exchange exchange) throws IOException {
        if (!WebhookEvents.TYPES.contains(eventType)) {
            throw new IllegalArgumentException("unknown webhook event type '" + eventType + "', expected one of "
                    + WebhookEvents.TYPES);
        }
        Message in = exchange.getMessage();
        Episode e = episode(in);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("episodeId", e.id());
        data.put("show", e.showSlug());
        data.put("version", e.version());
        data.put("title", e.title());
        String key = "kamelet-" + e.id() + "-v" + e.version();
        int queued = events.emit(eventType, e.id(), key, data);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("webhookId", WebhookEvents.messageId(eventType, key));
        out.put("eventType", eventType);
        out.put("episodeId", e.id());
        out.put("queued", queued);
        in.setHeader(KameletHeaders.PUBLICATION_ID, out.get("webhookId"));
        in.setBody(out);
        return out;
    }

    /**
     * The episode a message names: the {@code CastwireEpisodeId} header, else a number as the body,
     * else JSON with {@code episodeId} at the top or under {@code data} (a castwire webhook event).
     */
    Episode episode(Message in) throws IOException {
        Long id = in.getHeader(KameletHeaders.EPISODE_ID, Long.class);
        if (id == null) {
            Object body = in.getBody();
            if (body instanceof Number n) {
                id = n.longValue();
            } else if (body instanceof Map<?, ?> m && m.get("episodeId") instanceof Number n) {
                id = n.longValue();
            } else {
                String text = in.getBody(String.class);
                id = fromText(text == null ? "" : text.strip());
            }
        }
        long episodeId = id;
        return episodes.findById(episodeId).orElseThrow(() -> new IllegalArgumentException(
                "castwire has no episode " + episodeId));
    }

    private Long fromText(String text) throws IOException {
        if (text.matches("\\d{1,18}")) {
            return Long.parseLong(text);
        }
        if (text.startsWith("{") && text.length() <= 1_000_000) {
            JsonNode node = json.readTree(text);
            JsonNode id = node.path("episodeId").isIntegralNumber() ? node.get("episodeId") : node.path("data").path("episodeId");
            if (id.isIntegralNumber()) {
                return id.longValue();
            }
        }
        throw new IllegalArgumentException("the message names no episode: set the " + KameletHeaders.EPISODE_ID
                + " header, or send the id (or JSON with episodeId) as the body");
    }
}
