package io.castwire.publishing.wordpress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.Destination;
import io.castwire.publishing.delivery.DestinationSettings;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import io.castwire.publishing.delivery.PostTemplate;
import io.castwire.publishing.delivery.PublishItem;
import io.castwire.publishing.delivery.Remote;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes an episode (or a clip) as a WordPress post: title, a player, the text, the clips with
 * players of their own, links to chapters, transcript and captions, and the show's cover as
 * featured image. Captions, cover and (with {@code upload-media}) the media itself go into the
 * site's media library; a file WordPress refuses (it does not allow {@code .scc}) is linked from
 * the hub instead, with a warning, and the post goes out all the same.
 * <p>
 * A post's slug is derived from the item's key ({@link WordpressSlugs#post}), so an earlier
 * version or a lost attempt is always found again: publishing twice updates one post, and
 * {@link #findExisting} finds drafts and scheduled posts too. The calls go through WordPress's
 * REST API ({@link WordpressApi}, which says why not through camel-wordpress).
 */
@Component
public class WordpressDestination implements Destination {

    private static final Logger LOG = LoggerFactory.getLogger(WordpressDestination.class);
    private static final String POSTS = "/wp/v2/posts";
    private static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg",
            "jpeg", "image/jpeg", "webp", "image/webp", "gif", "image/gif");

    private final WordpressProperties properties;
    private final WordpressApi api;
    private final WordpressMedia media;
    private final Clock clock;

    public WordpressDestination(WordpressProperties properties, WordpressApi api, WordpressMedia media, Clock clock) {
        this.properties = properties;
        this.api = api;
        this.media = media;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "wordpress";
    }

    @Override
    public DestinationSettings settings() {
        return properties;
    }

    /**
     * Creates the item's post, or updates it: the post {@link PublishItem#previousRemoteId()} names,
     * else one an earlier attempt created under the same slug. An update changes title, text, media
     * and featured image, and leaves status, date, categories and tags as editors may have set them.
     *
     * @return the post's id and link
     */
    @Override
    public Remote publish(PublishItem item) throws DeliveryException {
        requireConfigured();
        String slug = WordpressSlugs.post(item.key());
        ObjectNode post = content(item, slug);
        Long previous = previousId(item);
        if (previous != null) {
            Optional<Remote> updated = update(previous, post, item);
            if (updated.isPresent()) {
                return updated.get();
            }
        }
        // an earlier attempt whose answer was lost (a time-out, a crash) left a post under this slug
        Optional<JsonNode> earlier = findBySlug(slug);
        if (earlier.isPresent()) {
            Optional<Remote> updated = update(earlier.get().path("id").asLong(), post, item);
            if (updated.isPresent()) {
                return updated.get();
            }
        }
        return create(post, item);
    }

    /**
     * The post of an earlier attempt, found by the slug derived from the item's key, whatever its
     * status (draft, scheduled, published; not trashed).
     */
    @Override
    public Optional<Remote> findExisting(PublishItem item) throws DeliveryException {
        requireConfigured();
        return findBySlug(WordpressSlugs.post(item.key())).map(WordpressDestination::remote);
    }

    private Optional<JsonNode> findBySlug(String slug) throws DeliveryException {
        JsonNode found = api.get(POSTS, Map.of("slug", slug, "status", "any", "context", "edit", "_fields", "id,link"),
                "find post " + slug);
        return found.isArray() && !found.isEmpty() ? Optional.of(found.get(0)) : Optional.empty();
    }

    private Remote create(ObjectNode post, PublishItem item) throws DeliveryException {
        post.put("status", properties.getStatus().api());
        if (properties.getStatus() == WordpressProperties.Status.FUTURE) {
            post.put("date_gmt", GMT.format(clock.instant().plus(properties.getScheduleDelay())));
        }
        if (!properties.getCategories().isEmpty()) {
            properties.getCategories().forEach(post.putArray("categories")::add);
        }
        if (!properties.getTags().isEmpty()) {
            properties.getTags().forEach(post.putArray("tags")::add);
        }
        Remote remote = remote(api.post(POSTS, post, "create post"));
        LOG.info("WordPress post {} created for {} ({})", remote.id(), item.key(), remote.url());
        return remote;
    }

    /** Empty when the post is gone (deleted in WordPress): the caller then creates a new one. */
    private Optional<Remote> update(long id, ObjectNode post, PublishItem item) throws DeliveryException {
        try {
            Remote remote = remote(api.post(POSTS + "/" + id, post, "update post " + id));
            LOG.info("WordPress post {} updated for {} ({})", remote.id(), item.key(), remote.url());
            return Optional.of(remote);
        } catch (PermanentDeliveryException e) {
            if (e.status() == 404 || e.status() == 410) {
                LOG.warn("WordPress post {} of {} no longer exists; publishing it anew", id, item.key());
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Title, body, slug and featured image, after the files they link are in the media library. */
    private ObjectNode content(PublishItem item, String slug) throws DeliveryException {
        ObjectNode post = JsonNodeFactory.instance.objectNode();
        if (WordpressMedia.present(item.cover())) {
            String ext = extension(item.cover());
            media.put(item.cover(), "cover", ext, IMAGE_TYPES.getOrDefault(ext, "application/octet-stream"))
                    .ifPresent(cover -> post.put("featured_media", cover.id()));
        }
        String mediaUrl = item.url();
        if (properties.isUploadMedia() && WordpressMedia.present(item.media())) {
            mediaUrl = media.put(item.media(), "media", extension(item.media()), item.mediaType())
                    .map(WordpressMedia.Stored::url).orElse(item.url());
        }
        List<WordpressPostHtml.Caption> captions = new ArrayList<>();
        for (PublishItem.Attachment a : item.captions() == null ? List.<PublishItem.Attachment>of() : item.captions()) {
            String format = a.format() == null ? "" : a.format().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            String url = a.url();
            if (WordpressMedia.present(a.file())) {
                url = media.put(a.file(), "captions-" + format, format, a.mediaType())
                        .map(WordpressMedia.Stored::url).orElse(a.url());
            }
            captions.add(new WordpressPostHtml.Caption(format.toUpperCase(Locale.ROOT), url));
        }
        post.put("title", WordpressPostHtml.text(item.title() == null ? "" : item.title()));
        post.put("content", WordpressPostHtml.render(item, PostTemplate.render(properties, item, 0), mediaUrl, captions));
        post.put("slug", slug);
        return post;
    }

    private static Long previousId(PublishItem item) throws PermanentDeliveryException {
        String id = item.previousRemoteId();
        if (id == null || id.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            throw new PermanentDeliveryException("wordpress: the previous remote id '" + id + "' of " + item.key()
                    + " is not a WordPress post id", 0);
        }
    }

    private void requireConfigured() throws PermanentDeliveryException {
        if (!properties.configured()) {
            throw new PermanentDeliveryException(
                    "wordpress: castwire.publish.wordpress.url and castwire.publish.wordpress.user must be set", 0);
        }
    }

    private static Remote remote(JsonNode post) {
        return new Remote(String.valueOf(post.path("id").asLong()), post.path("link").asText(null));
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    @Override
    public java.util.List<String> credentialVariables() {
        return properties.getPasswordEnv() == null ? java.util.List.of() : java.util.List.of(properties.getPasswordEnv());
    }
}
