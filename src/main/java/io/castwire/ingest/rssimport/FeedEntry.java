package io.castwire.ingest.rssimport;

import java.time.Instant;

/**
 * One item of an imported feed, as castwire keeps it.
 *
 * @param key          the import-once key: the guid, else the enclosure URL (hashed when over 1000 characters)
 * @param guid         the item's guid as the feed has it, or null
 * @param enclosureUrl the media URL, or null when the item has none
 * @param description  content:encoded, else description, else itunes:summary; HTML kept as the feed has it
 * @param durationMs   itunes:duration, or null
 */
public record FeedEntry(String key, String guid, String enclosureUrl, String enclosureType, String title,
                        String description, Instant publishedAt, Integer itunesEpisode, Integer itunesSeason,
                        String itunesType, Boolean explicit, Long durationMs, String imageUrl) {
}
