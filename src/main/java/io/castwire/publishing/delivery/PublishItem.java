package io.castwire.publishing.delivery;

import java.nio.file.Path;
import java.util.List;

/**
 * One thing to publish: an episode ({@code clipId == 0}) or one of its clips, with everything a
 * destination may put in a post. Built from the database by {@link PublishItems}; files are local
 * paths to stream from, URLs are the hub's public ones (the podcast feed's media).
 *
 * @param publicationId    the ledger row
 * @param key              stable across versions and retries ({@code castwire:<show>:<base>} or
 *                         {@code ...:clip-<rank>}): put it where {@link Destination#findExisting} can find it
 * @param url              public URL of the episode's media (or the clip's)
 * @param media            local media file to upload (episode or clip), streamed, never read whole
 * @param cover            local cover image of the show, or null
 * @param clips            for an episode: its clips, best first (empty for a clip)
 * @param previousRemoteId the remote id an earlier version (or an earlier attempt) was published
 *                         under: update it instead of creating a new one
 * @param template         the show's own post template for this destination (show.json), or null
 */
public record PublishItem(long publicationId, long episodeId, long clipId, String key, String showSlug, String showTitle,
                          String title, String description, String url, String feedUrl, Path media, String mediaType,
                          long durationMs, Path cover, List<Attachment> captions, String chaptersUrl,
                          String transcriptUrl, List<ClipLink> clips, String previousRemoteId,
                          String template) {

    /** A caption file: format SRT, VTT or SCC, the local file and its public URL. */
    public record Attachment(String format, Path file, String url, String mediaType) {
    }

    /** A clip of the episode with its public URL. */
    public record ClipLink(long clipId, int rank, String profile, String url, long startMs, long endMs, String openingLine) {
    }

    public boolean isClip() {
        return clipId != 0;
    }

    /** The same item with the remote id to update. */
    public PublishItem withPreviousRemoteId(String remoteId) {
        return new PublishItem(publicationId, episodeId, clipId, key, showSlug, showTitle, title, description, url, feedUrl,
                media, mediaType, durationMs, cover, captions, chaptersUrl, transcriptUrl, clips, remoteId, template);
    }

    /** The post template to use: the show's own, else the destination's. */
    public String templateOr(String destinationTemplate) {
        return template != null && !template.isBlank() ? template : destinationTemplate;
    }
}
