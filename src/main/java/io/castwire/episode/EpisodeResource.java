package io.castwire.episode;

import io.castwire.common.NotFoundException;
import io.castwire.ingest.SidecarRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/episodes} and {@code GET /api/episodes/{id}}. */
@RestController
@RequestMapping("/api/episodes")
public class EpisodeResource {

    private final EpisodeRepository episodes;
    private final SidecarRepository sidecars;
    private final ClipRepository clips;
    private final CaptionRepository captions;
    private final io.castwire.publishing.rss.RssPublisher links;
    private final com.fasterxml.jackson.databind.ObjectMapper json;
    private final List<EpisodeDetails> details;

    public EpisodeResource(EpisodeRepository episodes, SidecarRepository sidecars, ClipRepository clips,
                           CaptionRepository captions, io.castwire.publishing.rss.RssPublisher links,
                           com.fasterxml.jackson.databind.ObjectMapper json,
                           org.springframework.beans.factory.ObjectProvider<EpisodeDetails> details) {
        this.details = details.orderedStream().toList();
        this.episodes = episodes;
        this.sidecars = sidecars;
        this.clips = clips;
        this.captions = captions;
        this.links = links;
        this.json = json;
    }

    /** Episodes, newest first; filter by {@code show} and {@code state}; page with limit/offset. */
    @GetMapping
    public Map<String, Object> list(@RequestParam(required = false) String show,
                                    @RequestParam(required = false) EpisodeState state,
                                    @RequestParam(defaultValue = "50") int limit,
                                    @RequestParam(defaultValue = "0") int offset,
                                    java.security.Principal who) {
        if (limit < 1 || limit > 500 || offset < 0) {
            throw new IllegalArgumentException("limit must be 1..500 and offset 0 or more");
        }
        // without a login (castwire.api.public-read) only published episodes are listed
        if (who == null && state != null && state != EpisodeState.PUBLISHED) {
            return Map.of("items", List.of(), "limit", limit, "offset", offset);
        }
        EpisodeState shown = who == null ? EpisodeState.PUBLISHED : state;
        List<Map<String, Object>> items = episodes.list(show, shown, limit, offset).stream()
                .map(e -> who == null ? publicView(summary(e)) : summary(e)).toList();
        return Map.of("items", items, "limit", limit, "offset", offset);
    }

    /** Runs a FAILED or CANCELLED episode again from the start (every step is idempotent). 409 otherwise. */
    @org.springframework.web.bind.annotation.PostMapping("/{id}/retry")
    public org.springframework.http.ResponseEntity<Map<String, Object>> retry(@PathVariable long id,
                                                                              java.security.Principal who) {
        Episode e = episodes.findById(id).orElseThrow(() -> new NotFoundException("no episode " + id));
        if (!episodes.retry(id, who == null ? "anonymous" : who.getName())) {
            throw new io.castwire.common.ConflictException("episode " + id + " is " + e.state()
                    + "; only FAILED or CANCELLED episodes can be retried");
        }
        return org.springframework.http.ResponseEntity.accepted().body(get(id, who));
    }

    /** The fields {@code PATCH /api/episodes/{id}} accepts, with their longest allowed length. */
    private static final Map<String, Integer> EDITABLE = Map.of("title", 500, "description", 20_000, "category", 200);

    /**
     * Edits an episode's title, description or category ({@code PATCH /api/episodes/{id}}, JSON with
     * any of the three). The edit is castwire's own: two-way metadata sync sends it on to other
     * systems (Cablecast) and the timeline records who made it.
     */
    @org.springframework.web.bind.annotation.PatchMapping("/{id}")
    public Map<String, Object> edit(@PathVariable long id, @org.springframework.web.bind.annotation.RequestBody
            Map<String, Object> body, java.security.Principal who) {
        episodes.findById(id).orElseThrow(() -> new NotFoundException("no episode " + id));
        if (body == null || body.isEmpty()) {
            throw new IllegalArgumentException("nothing to change: send any of " + EDITABLE.keySet());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> f : body.entrySet()) {
            Integer max = EDITABLE.get(f.getKey());
            if (max == null) {
                throw new IllegalArgumentException("'" + f.getKey() + "' cannot be edited; editable fields: "
                        + new java.util.TreeSet<>(EDITABLE.keySet()));
            }
            if (!(f.getValue() instanceof String text) || text.isBlank()) {
                throw new IllegalArgumentException("'" + f.getKey() + "' must be a non-empty string");
            }
            if (text.length() > max || text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
                throw new IllegalArgumentException("'" + f.getKey() + "' must be at most " + max
                        + " characters without control characters");
            }
            values.put(f.getKey(), f.getKey().equals("description") ? text.strip() : text.strip().replaceAll("\\s+", " "));
        }
        episodes.editMetadata(id, values.get("title"), values.get("description"), values.get("category"));
        episodes.addEvent(id, "metadata-edited", (who == null ? "anonymous" : who.getName()) + " changed "
                + String.join(", ", values.keySet()));
        return get(id, who);
    }

    @GetMapping("/{id}")
    public Map<String, Object> get(@PathVariable long id, java.security.Principal who) {
        Episode e = episodes.findById(id).orElseThrow(() -> new NotFoundException("no episode " + id));
        if (who == null && e.state() != EpisodeState.PUBLISHED) {
            throw new NotFoundException("no episode " + id);
        }
        Map<String, Object> body = detail(e, id);
        if (who == null) {
            publicView(body);
            strip(body, "clips", "mediaPath");
            strip(body, "captions", "path");
        }
        return body;
    }

    /** What anyone may see of a published episode: no store paths, errors, sidecars or timeline. */
    private Map<String, Object> publicView(Map<String, Object> body) {
        for (String internal : List.of("stateDetail", "sidecars", "timeline", "attempts", "publications")) {
            body.remove(internal);
        }
        for (EpisodeDetails d : details) {
            body.remove(d.key());
        }
        return body;
    }

    @SuppressWarnings("unchecked")
    private static void strip(Map<String, Object> body, String list, String field) {
        for (Object item : (List<Object>) body.get(list)) {
            ((Map<String, Object>) item).remove(field);
        }
    }

    private Map<String, Object> detail(Episode e, long id) {
        Map<String, Object> body = summary(e);
        body.put("description", e.description());
        body.put("category", e.category());
        body.put("metadataUpdatedAt", e.metadataUpdatedAt());
        body.put("publishAt", e.publishAt());
        body.put("destinations", e.destinations() == null ? List.of()
                : java.util.Arrays.stream(e.destinations().split(",")).filter(d -> !d.isBlank()).toList());
        body.put("attempts", e.attempts());
        body.put("sidecars", sidecars.ofEpisode(id).stream().map(s -> Map.of(
                "kind", s.kind().name(), "file", s.fileName(), "receivedAt", s.receivedAt())).toList());
        body.put("clips", clips.ofEpisode(id).stream().map(c -> clip(e, c)).toList());
        body.put("captions", captions.ofEpisode(id).stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("clipId", c.clipId());
            m.put("format", c.format());
            m.put("path", c.path());
            m.put("url", links.captionUrl(e, c));
            return m;
        }).toList());
        body.put("publications", episodes.publications(id));
        body.put("timeline", episodes.timeline(id));
        for (EpisodeDetails d : details) {
            Object section = d.of(id);
            if (section != null) {
                body.put(d.key(), section);
            }
        }
        return body;
    }

    private Map<String, Object> clip(Episode e, ClipRepository.Clip c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("profile", c.profile());
        m.put("rank", c.rank());
        m.put("startMs", c.startMs());
        m.put("endMs", c.endMs());
        m.put("score", c.score());
        try {
            m.put("breakdown", c.featuresJson() == null ? null : json.readTree(c.featuresJson()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException bad) {
            m.put("breakdown", null);
        }
        m.put("mediaPath", c.mediaPath());
        m.put("mediaUrl", links.clipUrl(e, c));
        return m;
    }

    private Map<String, Object> summary(Episode e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("show", e.showSlug());
        m.put("file", e.sourceName());
        m.put("version", e.version());
        m.put("title", e.title() != null ? e.title() : e.baseName());
        m.put("state", e.state());
        m.put("stateDetail", e.stateDetail());
        m.put("media", e.media());
        m.put("durationMs", e.media().durationMs());
        m.put("codec", e.media().videoCodec() != null ? e.media().videoCodec() : e.media().audioCodec());
        m.put("sizeBytes", e.sizeBytes());
        m.put("contentHash", "sha256:" + e.contentHash());
        m.put("transcriptFormat", e.transcriptFormat());
        m.put("transcriptSegments", e.transcriptSegments());
        m.put("createdAt", e.createdAt());
        m.put("updatedAt", e.updatedAt());
        return m;
    }
}
