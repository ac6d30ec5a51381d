package io.castwire.publishing.cablecast;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/cablecast/shows}: the mirror of Cablecast's shows, castwire's (with their
 * episode) and the station's own (episodeId null); {@code GET /api/cablecast/conflicts}: metadata
 * both sides changed, with both values and which one won.
 */
@RestController
public class CablecastResource {

    private final CablecastMirror mirror;

    public CablecastResource(CablecastMirror mirror) {
        this.mirror = mirror;
    }

    /** A page of mirrored shows by Cablecast id; {@code linked=true|false} keeps castwire's or the station's only. */
    @GetMapping("/api/cablecast/shows")
    public Map<String, Object> shows(@RequestParam(required = false) Boolean linked,
                                     @RequestParam(defaultValue = "50") int limit,
                                     @RequestParam(defaultValue = "0") int offset) {
        int l = Math.max(1, Math.min(500, limit));
        int o = Math.max(0, offset);
        List<CablecastMirror.Mirrored> items = mirror.page(linked, l, o);
        return page(items.stream().map(m -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("cablecastId", m.cablecastId());
            out.put("episodeId", m.episodeId());
            out.put("origin", m.episodeId() != null ? "castwire" : "cablecast");
            out.put("key", m.key());
            out.put("title", m.title());
            out.put("description", m.description());
            out.put("category", m.category());
            out.put("eventDate", m.eventDate());
            out.put("lastModified", m.lastModified());
            out.put("pulledAt", m.pulledAt());
            out.put("syncedAt", m.syncedAt());
            return out;
        }).toList(), l, o);
    }

    /** Conflicts, newest first; {@code show} narrows them to one Cablecast show. */
    @GetMapping("/api/cablecast/conflicts")
    public Map<String, Object> conflicts(@RequestParam(required = false) Long show,
                                         @RequestParam(defaultValue = "50") int limit,
                                         @RequestParam(defaultValue = "0") int offset) {
        int l = Math.max(1, Math.min(500, limit));
        int o = Math.max(0, offset);
        return page(mirror.conflicts(show, l, o), l, o);
    }

    private static Map<String, Object> page(List<?> items, int limit, int offset) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("limit", limit);
        out.put("offset", offset);
        return out;
    }
}
