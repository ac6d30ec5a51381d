package io.castwire.publishing.rss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.ingest.FileNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The feed channel of a show: {@code castwire.feed.*} defaults, overridden by
 * {@code inbox/<slug>/show.json} (title, description, language, author, ownerName, ownerEmail,
 * imageUrl, category, subcategory, explicit, siteUrl). A show without an image gets castwire's
 * generated cover at {@code /shows/<slug>/cover.png}.
 */
@Component
public class ShowSettings {

    private static final Set<String> KEYS = Set.of("title", "description", "language", "author", "ownerName",
            "ownerEmail", "imageUrl", "category", "subcategory", "explicit", "siteUrl", "destinations", "templates");

    private final CastwireProperties properties;
    private final HubPaths paths;
    private final ObjectMapper json;

    public ShowSettings(CastwireProperties properties, HubPaths paths, ObjectMapper json) {
        this.properties = properties;
        this.paths = paths;
        this.json = json;
    }

    /** The base URL listeners use, without a trailing slash. */
    public String publicUrl() {
        String url = properties.getPublicUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Where the show's feed is served: {@code /feed.xml} for show default, else {@code /shows/<slug>/feed.xml}. */
    public String feedUrl(String slug) {
        return publicUrl() + (FileNames.DEFAULT_SHOW.equals(slug) ? "/feed.xml" : "/shows/" + slug + "/feed.xml");
    }

    /**
     * The channel for this show.
     *
     * @throws IllegalArgumentException when show.json is not valid, naming the file and the field
     */
    public ShowFeed channel(String slug) throws IOException {
        CastwireProperties.Feed d = properties.getFeed();
        JsonNode o = overrides(slug);
        String site = text(o, "siteUrl", publicUrl() + "/shows/" + slug + "/");
        return new ShowFeed(slug, text(o, "title", title(slug)), text(o, "description", d.getDescription()),
                text(o, "language", d.getLanguage()), text(o, "author", d.getAuthor()),
                text(o, "ownerName", d.getOwnerName()), text(o, "ownerEmail", d.getOwnerEmail()),
                text(o, "imageUrl", publicUrl() + "/shows/" + slug + "/cover.png"),
                text(o, "category", d.getCategory()), text(o, "subcategory", d.getSubcategory()),
                o.has("explicit") ? o.get("explicit").asBoolean() : d.isExplicit(), site, feedUrl(slug), null);
    }

    /**
     * The destinations show.json limits the show to ({@code "destinations": ["wordpress", "x"]}),
     * or null when it does not (every enabled destination that applies to the show).
     */
    public java.util.List<String> destinations(String slug) throws IOException {
        JsonNode o = overrides(slug);
        if (!o.hasNonNull("destinations")) {
            return null;
        }
        JsonNode d = o.get("destinations");
        if (!d.isArray()) {
            throw new IllegalArgumentException(slug + "/show.json: destinations must be a list of names");
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        d.forEach(n -> out.add(n.asText().strip().toLowerCase(java.util.Locale.ROOT)));
        return out;
    }

    /** The show's own post template for a destination ({@code "templates": {"x": "..."}}), or null. */
    public String template(String slug, String destination) throws IOException {
        JsonNode t = overrides(slug).get("templates");
        if (t == null || t.isNull()) {
            return null;
        }
        if (!t.isObject()) {
            throw new IllegalArgumentException(slug + "/show.json: templates must map destination names to text");
        }
        return t.hasNonNull(destination) ? t.get(destination).asText() : null;
    }

    /** The show's cover image file (its own cover.png under public/, generated or dropped), or null. */
    public Path coverFile(String slug) {
        Path cover = paths.within(paths.publicDir(), "shows/" + slug + "/cover.png");
        return Files.isRegularFile(cover) ? cover : null;
    }

    /** True when the show brings its own cover image URL. */
    public boolean hasOwnImage(String slug) throws IOException {
        return overrides(slug).hasNonNull("imageUrl");
    }

    private JsonNode overrides(String slug) throws IOException {
        Path file = paths.within(paths.inbox(), FileNames.DEFAULT_SHOW.equals(slug) ? "show.json" : slug + "/show.json");
        if (!Files.isRegularFile(file)) {
            return json.createObjectNode();
        }
        JsonNode node;
        try {
            node = json.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(paths.relativize(file) + " is not valid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(paths.relativize(file) + " must hold one JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(paths.relativize(file) + ": unknown field '" + key + "' (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        // checked here, before any feed is written, so a typo fails the publication cleanly
        JsonNode d = node.get("destinations");
        if (d != null && !d.isNull() && (!d.isArray() || !allText(d))) {
            throw new IllegalArgumentException(paths.relativize(file) + ": destinations must be a list of destination "
                    + "names, e.g. [\"wordpress\", \"x\"]");
        }
        JsonNode t = node.get("templates");
        if (t != null && !t.isNull() && (!t.isObject() || !allText(t))) {
            throw new IllegalArgumentException(paths.relativize(file) + ": templates must map destination names to "
                    + "text, e.g. {\"x\": \"{title} {url}\"}");
        }
        return node;
    }

    private static boolean allText(JsonNode container) {
        for (JsonNode n : container) {
            if (!n.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static String text(JsonNode o, String key, String fallback) {
        return o.hasNonNull(key) && !o.get(key).asText().isBlank() ? o.get(key).asText().strip() : fallback;
    }

    private static String title(String slug) {
        StringBuilder b = new StringBuilder();
        for (String word : slug.split("-")) {
            if (!word.isEmpty()) {
                b.append(b.length() == 0 ? "" : " ").append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return b.length() == 0 ? slug : b.toString();
    }
}
