package io.castwire.publishing.cablecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castwire.publishing.delivery.DeliveryException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Cablecast shows: read, create, update ({@code {"show": {...}}} in, {@code {"show": ...}} or
 * {@code {"shows": [...], "meta": {...}}} out), find castwire's show by its key, page through the
 * shows changed since a time with {@code POST /shows/search/advanced}, and map category names to
 * Cablecast's category ids ({@code GET /categories}).
 */
@Component
public class CablecastShows {

    /** A show as castwire reads it; {@code category} is the category's name (null when none or unknown). */
    public record Show(long id, String title, String comments, String category, String eventDate, Instant lastModified) {

        /** The description part of the comments (above castwire's footer). */
        public String description() {
            return ShowComments.description(comments);
        }

        /** The castwire key in the comments' footer, or null for a show castwire did not make. */
        public String key() {
            return ShowComments.key(comments);
        }
    }

    /** What castwire writes into a show. A null category is not sent (the show keeps its own). */
    public record Fields(String title, String comments, String category) {
    }

    /** Receives one page of search results. */
    @FunctionalInterface
    public interface PageHandler {
        void page(java.util.List<Show> shows) throws Exception;
    }

    private final CablecastApi api;
    private final CablecastProperties props;

    public CablecastShows(CablecastApi api, CablecastProperties props) {
        this.api = api;
        this.props = props;
    }

    /** The show, or empty when Cablecast has no show with this id (deleted since). */
    public Optional<Show> get(long id, Map<Long, String> categories) throws DeliveryException {
        CablecastApi.Answer a = api.get("/shows/" + id, "read show " + id);
        if (a.status() == 404) {
            return Optional.empty();
        }
        api.check(a, "read show " + id);
        return Optional.of(show(a.json().path("show"), categories));
    }

    /** Creates a show and returns it as Cablecast stored it. */
    public Show create(Fields f, Map<Long, String> categories) throws DeliveryException {
        ObjectNode show = body(f, categories);
        show.put("eventDate", OffsetDateTime.now(java.time.ZoneOffset.UTC).toString());
        if (props.getLocation() > 0) {
            show.put("location", props.getLocation());
        }
        if (props.getProject() > 0) {
            show.put("project", props.getProject());
        }
        ObjectNode wrapped = CablecastApi.MAPPER.createObjectNode();
        wrapped.set("show", show);
        CablecastApi.Answer a = api.post("/shows", wrapped, "create show");
        api.check(a, "create show");
        JsonNode created = a.json().path("show");
        if (!created.hasNonNull("id")) {
            throw new DeliveryException("cablecast create show answered HTTP " + a.status() + " without a show id",
                    a.status(), null);
        }
        return show(created, categories);
    }

    /** Updates the show's title, comments and (when set) category; returns it as Cablecast stored it. */
    public Show update(long id, Fields f, Map<Long, String> categories) throws DeliveryException {
        ObjectNode wrapped = CablecastApi.MAPPER.createObjectNode();
        ObjectNode show = body(f, categories);
        show.put("id", id);
        wrapped.set("show", show);
        CablecastApi.Answer a = api.put("/shows/" + id, wrapped, "update show " + id);
        api.check(a, "update show " + id);
        return show(a.json().path("show"), categories);
    }

    /**
     * The show whose comments carry the key (castwire's footer line), the lowest id if several.
     * Used when a show may have been created by an attempt that died before recording its id.
     */
    public Optional<Long> findByKey(String key) throws DeliveryException {
        ObjectNode query = query("comments", "contains", ShowComments.KEY + key);
        Long[] found = new Long[1];
        try {
            search(query, page -> {
                for (Show s : page) {
                    if (key.equals(s.key()) && (found[0] == null || s.id() < found[0])) {
                        found[0] = s.id();
                    }
                }
            }, Map.of());
        } catch (DeliveryException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Optional.ofNullable(found[0]);
    }

    /**
     * Every show changed after {@code since} (all shows when null), oldest change first, page by
     * page. Robust to pages of any size: the offset moves by what a page held, until a page is
     * empty or the total in {@code meta.count} is reached.
     *
     * @return the number of shows read
     */
    public int changedSince(Instant since, Map<Long, String> categories, PageHandler handler) throws Exception {
        ObjectNode query = since == null ? query(null, null, null)
                : query("lastModified", "greaterThan", since.toString());
        return search(query, handler, categories);
    }

    /** Category id to name, read in pages from {@code GET /categories}. */
    public Map<Long, String> categories() throws DeliveryException {
        Map<Long, String> out = new HashMap<>();
        int offset = 0;
        int size = Math.max(1, props.getPageSize());
        while (true) {
            CablecastApi.Answer a = api.get("/categories?offset=" + offset + "&page_size=" + size, "list categories");
            api.check(a, "list categories");
            JsonNode list = a.json().path("categories");
            for (JsonNode c : list) {
                out.put(c.path("id").asLong(), c.path("name").asText(null));
            }
            offset += list.size();
            long count = a.json().path("meta").path("count").asLong(-1);
            if (list.isEmpty() || (count >= 0 && offset >= count)) {
                return out;
            }
        }
    }

    private int search(ObjectNode query, PageHandler handler, Map<Long, String> categories) throws Exception {
        int offset = 0;
        int size = Math.max(1, props.getPageSize());
        int read = 0;
        while (true) {
            CablecastApi.Answer a = api.post("/shows/search/advanced?offset=" + offset + "&page_size=" + size, query,
                    "search shows");
            api.check(a, "search shows");
            JsonNode list = a.json().path("shows");
            java.util.List<Show> page = new java.util.ArrayList<>();
            for (JsonNode s : list) {
                page.add(show(s, categories));
            }
            if (!page.isEmpty()) {
                handler.page(page);
            }
            read += page.size();
            offset += list.size();
            long count = a.json().path("meta").path("count").asLong(-1);
            if (list.isEmpty() || (count >= 0 && offset >= count)) {
                return read;
            }
        }
    }

    private static ObjectNode query(String field, String operator, String value) {
        ObjectNode root = CablecastApi.MAPPER.createObjectNode();
        ObjectNode q = root.putObject("savedShowSearch").putObject("query");
        ObjectNode group = q.putArray("groups").addObject();
        group.put("orAnd", "and");
        ArrayNode rules = group.putArray("rules");
        if (field != null) {
            ObjectNode rule = rules.addObject();
            rule.put("field", field);
            rule.put("operator", operator);
            rule.put("value", value);
        }
        ArrayNode sort = q.putArray("sortOptions");
        sort.addObject().put("field", "lastModified").put("descending", false);
        sort.addObject().put("field", "id").put("descending", false);
        return root;
    }

    private static ObjectNode body(Fields f, Map<Long, String> categories) {
        ObjectNode show = CablecastApi.MAPPER.createObjectNode();
        show.put("title", f.title());
        show.put("cgTitle", f.title());
        show.put("comments", f.comments());
        if (f.category() != null) {
            categoryId(f.category(), categories).ifPresent(id -> show.put("category", id));
        }
        return show;
    }

    /** The id of the category with this name (case-insensitive). */
    static Optional<Long> categoryId(String name, Map<Long, String> categories) {
        return categories.entrySet().stream().filter(e -> e.getValue() != null && e.getValue().equalsIgnoreCase(name))
                .map(Map.Entry::getKey).sorted().findFirst();
    }

    static Show show(JsonNode s, Map<Long, String> categories) {
        Long category = s.hasNonNull("category") ? s.get("category").asLong() : null;
        return new Show(s.path("id").asLong(), s.path("title").asText(null), s.path("comments").asText(null),
                category == null ? null : categories.get(category), s.path("eventDate").asText(null),
                instant(s.path("lastModified").asText(null)));
    }

    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
