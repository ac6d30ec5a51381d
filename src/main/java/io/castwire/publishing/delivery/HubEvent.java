package io.castwire.publishing.delivery;

import java.util.Map;

/**
 * Something happened that subscribers may want to hear about ({@code episode.received},
 * {@code episode.published}, {@code clip.created}, {@code publication.failed}, {@code system.alert}).
 * Published as a Spring application event, synchronously, inside the caller's transaction, so
 * outbound webhooks are queued with the change that caused them.
 *
 * @param key what makes the event unique (the same key twice is one event)
 */
public record HubEvent(String type, Long episodeId, String key, Map<String, Object> data) {
}
