package io.castwire.publishing.cablecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.rss.Chapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Cablecast VODs and their chapters: {@code GET /vods?show=} (paged), {@code GET /vods/{id}},
 * {@code POST /vods} ({@code {"vod": {"show", "fileUpload", "fileName", "captionFileUpload"}}}),
 * {@code PUT /vods/{id}} to play another uploaded file, and {@code /vods/{id}/chapters}
 * ({@code {"chapter": {"title", "offset"}}}, offset in seconds).
 */
@Component
public class CablecastVods {

    /** A VOD: its show, the upload it plays, its state ({@code transcoding}, {@code ready}, {@code failed}) and URL. */
    public record Vod(long id, long show, Long fileUpload, String state, String url, String error) {
    }

    /** A chapter mark of a VOD. */
    public record VodChapter(long id, String title, double offset) {
    }

    private final CablecastApi api;
    private final CablecastProperties props;

    public CablecastVods(CablecastApi api, CablecastProperties props) {
        this.api = api;
        this.props = props;
    }

    /** The VOD, or empty when it is gone. */
    public Optional<Vod> get(long id) throws DeliveryException {
        CablecastApi.Answer a = api.get("/vods/" + id, "read vod " + id);
        if (a.status() == 404) {
            return Optional.empty();
        }
        api.check(a, "read vod " + id);
        return Optional.of(vod(a.json().path("vod")));
    }

    /** Every VOD of a show, in pages. */
    public List<Vod> ofShow(long showId) throws DeliveryException {
        List<Vod> out = new ArrayList<>();
        int offset = 0;
        int size = Math.max(1, props.getPageSize());
        while (true) {
            CablecastApi.Answer a = api.get("/vods?show=" + showId + "&offset=" + offset + "&page_size=" + size,
                    "list vods of show " + showId);
            api.check(a, "list vods of show " + showId);
            JsonNode list = a.json().path("vods");
            for (JsonNode v : list) {
                out.add(vod(v));
            }
            offset += list.size();
            long count = a.json().path("meta").path("count").asLong(-1);
            if (list.isEmpty() || (count >= 0 && offset >= count)) {
                return out;
            }
        }
    }

    /** Creates the show's VOD from a finished upload. */
    public Vod create(long showId, long uploadId, String fileName, Long captionUploadId) throws DeliveryException {
        ObjectNode body = CablecastApi.MAPPER.createObjectNode();
        ObjectNode vod = body.putObject("vod");
        vod.put("show", showId);
        vod.put("fileUpload", uploadId);
        vod.put("fileName", fileName);
        if (captionUploadId != null) {
            vod.put("captionFileUpload", captionUploadId);
        }
        CablecastApi.Answer a = api.post("/vods", body, "create vod");
        api.check(a, "create vod");
        if (!a.json().path("vod").hasNonNull("id")) {
            throw new DeliveryException("cablecast create vod answered HTTP " + a.status() + " without an id", a.status(),
                    null);
        }
        return vod(a.json().path("vod"));
    }

    /** Makes an existing VOD play another upload (a new version of the episode); it is processed again. */
    public Vod replaceFile(long vodId, long uploadId, String fileName, Long captionUploadId) throws DeliveryException {
        ObjectNode body = CablecastApi.MAPPER.createObjectNode();
        ObjectNode vod = body.putObject("vod");
        vod.put("id", vodId);
        vod.put("fileUpload", uploadId);
        vod.put("fileName", fileName);
        if (captionUploadId != null) {
            vod.put("captionFileUpload", captionUploadId);
        }
        CablecastApi.Answer a = api.put("/vods/" + vodId, body, "update vod " + vodId);
        api.check(a, "update vod " + vodId);
        return vod(a.json().path("vod"));
    }

    /**
     * Makes the VOD's chapters the given ones: marks missing are added, marks no longer wanted are
     * removed, marks already there stay (so a repeat changes nothing).
     */
    public void chapters(long vodId, List<Chapter> wanted) throws DeliveryException {
        String what = "list chapters of vod " + vodId;
        CablecastApi.Answer a = api.get("/vods/" + vodId + "/chapters", what);
        api.check(a, what);
        List<VodChapter> have = new ArrayList<>();
        for (JsonNode c : a.json().path("chapters")) {
            have.add(new VodChapter(c.path("id").asLong(), c.path("title").asText(""), c.path("offset").asDouble()));
        }
        for (VodChapter c : have) {
            if (wanted.stream().noneMatch(w -> same(w, c))) {
                CablecastApi.Answer d = api.delete("/vods/" + vodId + "/chapters/" + c.id(), "delete chapter " + c.id());
                if (d.status() != 404) {
                    api.check(d, "delete chapter " + c.id());
                }
            }
        }
        for (Chapter w : wanted) {
            if (have.stream().noneMatch(c -> same(w, c))) {
                ObjectNode body = CablecastApi.MAPPER.createObjectNode();
                body.putObject("chapter").put("title", w.title() == null ? "" : w.title())
                        .put("offset", Math.round(w.startSeconds() * 1000) / 1000.0);
                CablecastApi.Answer p = api.post("/vods/" + vodId + "/chapters", body, "add chapter");
                api.check(p, "add chapter");
            }
        }
    }

    private static boolean same(Chapter w, VodChapter c) {
        return Math.round(w.startSeconds() * 1000) == Math.round(c.offset() * 1000)
                && (w.title() == null ? "" : w.title()).equals(c.title());
    }

    static Vod vod(JsonNode v) {
        return new Vod(v.path("id").asLong(), v.path("show").asLong(),
                v.hasNonNull("fileUpload") ? v.get("fileUpload").asLong() : null, v.path("state").asText(null),
                v.path("url").asText(null), v.path("error").asText(null));
    }
}
