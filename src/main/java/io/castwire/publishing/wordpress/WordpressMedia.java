package io.castwire.publishing.wordpress;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Files in the site's media library (cover, captions, the episode itself). An attachment is looked
 * up by the slug of its content before anything is uploaded, so retries and re-publications never
 * pile up copies of the same file.
 */
@Component
public class WordpressMedia {

    /** An attachment: its id (a post's {@code featured_media}) and the URL of the file. */
    public record Stored(long id, String url) {
    }

    private final WordpressApi api;

    public WordpressMedia(WordpressApi api) {
        this.api = api;
    }

    /**
     * The attachment holding this file, uploaded unless an earlier attempt (or another post) did.
     *
     * @param role      what it is to a post ({@code cover}, {@code media}, {@code captions-vtt}): part of its slug
     * @param extension the file type WordPress judges the upload by ({@code png}, {@code vtt})
     * @return empty when WordPress refuses this file (a type it does not allow, too large)
     */
    public Optional<Stored> put(Path file, String role, String extension, String mediaType) throws DeliveryException {
        String slug;
        try {
            slug = WordpressSlugs.file(role, file);
        } catch (NoSuchFileException e) {
            throw new PermanentDeliveryException("wordpress: the " + role + " file to upload is gone: " + file, 0, e);
        } catch (IOException e) {
            throw new DeliveryException("wordpress: cannot read the " + role + " file " + file + ": " + e.getMessage(), e);
        }
        JsonNode found = api.get("/wp/v2/media", Map.of("slug", slug, "context", "edit", "_fields", "id,source_url"),
                "find " + role);
        if (found.isArray() && !found.isEmpty()) {
            return Optional.of(stored(found.get(0)));
        }
        return api.upload(file, slug + "." + safeExtension(extension), mediaType, slug).map(WordpressMedia::stored);
    }

    /** Whether a local file is there to upload. */
    static boolean present(Path file) {
        return file != null && Files.isRegularFile(file);
    }

    private static Stored stored(JsonNode n) {
        return new Stored(n.path("id").asLong(), n.path("source_url").asText());
    }

    private static String safeExtension(String ext) {
        String e = ext == null ? "" : ext.toLowerCase(java.util.Locale.ROOT);
        return e.matches("[a-z0-9]{1,8}") ? e : "bin";
    }
}
