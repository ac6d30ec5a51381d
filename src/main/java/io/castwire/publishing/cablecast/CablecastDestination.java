package io.castwire.publishing.cablecast;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.common.HubPaths;
import io.castwire.episode.EpisodeRepository;
import io.castwire.processing.chapters.ChaptersStep;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.Destination;
import io.castwire.publishing.delivery.DestinationSettings;
import io.castwire.publishing.delivery.PublishItem;
import io.castwire.publishing.delivery.Remote;
import io.castwire.publishing.rss.Chapter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes an episode to Cablecast as one show with one VOD: the show (title, description,
 * category, and in its comments the links to the media, transcript and chapters and the item's
 * key), the media through the chunked file upload, the VOD made from the upload (with the SCC
 * captions where the station muxes them), and the VOD's chapters.
 * <p>
 * Every step is recorded in {@code cablecast_publications} as soon as Cablecast confirmed it, and
 * every step looks first for what an earlier attempt did (the show by its key, the VOD by the
 * upload it plays), so a retry or a restart resumes and a show never gets two VODs. A new version
 * of the episode updates the same show's metadata and makes its VOD play the new upload.
 */
@Component
public class CablecastDestination implements Destination {

    private static final Logger LOG = LoggerFactory.getLogger(CablecastDestination.class);

    private final CablecastProperties props;
    private final CablecastPublications store;
    private final CablecastShows shows;
    private final CablecastUploads uploads;
    private final CablecastVods vods;
    private final CablecastMirror mirror;
    private final EpisodeMetadata metadata;
    private final EpisodeRepository episodes;
    private final HubPaths paths;

    public CablecastDestination(CablecastProperties props, CablecastPublications store, CablecastShows shows,
                                CablecastUploads uploads, CablecastVods vods, CablecastMirror mirror,
                                EpisodeMetadata metadata, EpisodeRepository episodes, HubPaths paths) {
        this.props = props;
        this.store = store;
        this.shows = shows;
        this.uploads = uploads;
        this.vods = vods;
        this.mirror = mirror;
        this.metadata = metadata;
        this.episodes = episodes;
        this.paths = paths;
    }

    @Override
    public String name() {
        return CablecastApi.NAME;
    }

    @Override
    public DestinationSettings settings() {
        return props;
    }

    @Override
    public String sendVerb() {
        return "upload";
    }

    @Override
    public List<String> credentialVariables() {
        return props.getPasswordEnv() == null ? List.of() : List.of(props.getPasswordEnv());
    }

    /**
     * Creates (or, for a new version, updates) the show, uploads the media, attaches it to the
     * show's one VOD and sets its chapters, resuming from wherever an earlier attempt stopped.
     * The VOD's readiness is followed by the {@code cablecast-readiness} job.
     */
    @Override
    public Remote publish(PublishItem item) throws DeliveryException {
        CablecastPublications.Row row = store.open(item.publicationId(), item.episodeId());
        Map<Long, String> categories = shows.categories();
        long showId = show(item, row, categories);
        long uploadId = uploads.media(item.publicationId(), item.media());
        Long captionUpload = captions(item);
        long vodId = vod(item, showId, uploadId, captionUpload);
        vods.chapters(vodId, chapters(item));
        store.completed(item.publicationId());
        LOG.info("Published {} to Cablecast as show {} with vod {}", item.key(), showId, vodId);
        return remote(showId);
    }

    /**
     * The publication is complete at Cablecast when every step was recorded and its VOD is still
     * there. Anything less is left to {@link #publish}, which resumes without creating twice.
     */
    @Override
    public Optional<Remote> findExisting(PublishItem item) throws DeliveryException {
        Optional<CablecastPublications.Row> row = store.find(item.publicationId());
        if (row.isEmpty() || row.get().completedAt() == null || row.get().vodId() == null
                || row.get().showId() == null) {
            return Optional.empty();
        }
        Optional<CablecastVods.Vod> vod = vods.get(row.get().vodId());
        if (vod.isEmpty() || !java.util.Objects.equals(row.get().uploadId(), vod.get().fileUpload())) {
            return Optional.empty();
        }
        return Optional.of(remote(row.get().showId()));
    }

    private long show(PublishItem item, CablecastPublications.Row row, Map<Long, String> categories)
            throws DeliveryException {
        EpisodeMetadata.Values local = metadata.of(item.episodeId()).orElseThrow(() ->
                new IllegalStateException("episode " + item.episodeId() + " no longer exists"));
        String category = local.category();
        if (category != null && CablecastShows.categoryId(category, categories).isEmpty()) {
            // Cablecast files shows under categories it knows, by id; an unknown name is left out
            LOG.warn("cablecast: category '{}' of episode {} does not exist at Cablecast; the show gets none",
                    category, item.episodeId());
            category = null;
        }
        CablecastShows.Fields fields = new CablecastShows.Fields(item.title(), comments(item), category);
        Long id = row.showId();
        if (id == null) {
            id = previousShow(item);
        }
        if (id == null) {
            // an attempt that died after creating the show but before recording it left the key there
            id = shows.findByKey(item.key()).orElse(null);
        }
        CablecastShows.Show show;
        if (id == null) {
            show = shows.create(fields, categories);
            LOG.info("cablecast: created show {} for {}", show.id(), item.key());
        } else {
            Optional<CablecastShows.Show> existing = shows.get(id, categories);
            if (existing.isEmpty()) {
                // deleted at Cablecast since: make it again
                show = shows.create(fields, categories);
            } else if (same(existing.get(), fields)) {
                show = existing.get();
            } else {
                show = shows.update(id, fields, categories);
            }
        }
        store.showCreated(item.publicationId(), show.id());
        mirror.agreed(show, item.episodeId(), local.changedAt());
        return show.id();
    }

    private static boolean same(CablecastShows.Show s, CablecastShows.Fields f) {
        return java.util.Objects.equals(s.title(), f.title()) && java.util.Objects.equals(s.comments(), f.comments())
                && (f.category() == null || f.category().equalsIgnoreCase(String.valueOf(s.category())));
    }

    /** The show an earlier version went out as (the ledger's remote id), when there was one. */
    private static Long previousShow(PublishItem item) {
        String previous = item.previousRemoteId();
        if (previous == null || previous.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(previous.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private long vod(PublishItem item, long showId, long uploadId, Long captionUpload) throws DeliveryException {
        CablecastPublications.Row row = store.find(item.publicationId()).orElseThrow();
        String fileName = item.media().getFileName().toString();
        if (row.vodId() != null && Long.valueOf(uploadId).equals(row.vodUploadId())) {
            return row.vodId();
        }
        List<CablecastVods.Vod> existing = vods.ofShow(showId);
        for (CablecastVods.Vod v : existing) {
            if (Long.valueOf(uploadId).equals(v.fileUpload())) {
                // made by an attempt that died before recording it
                store.vodAttached(item.publicationId(), v.id(), uploadId, v.state(), v.url());
                return v.id();
            }
        }
        CablecastVods.Vod vod;
        if (existing.isEmpty()) {
            vod = vods.create(showId, uploadId, fileName, captionUpload);
        } else {
            // the show's VOD (an earlier version's): it plays the new file from now on
            Long earlier = store.latestWithVod(showId).map(CablecastPublications.Row::vodId).orElse(null);
            CablecastVods.Vod target = existing.stream().filter(v -> Long.valueOf(v.id()).equals(earlier)).findFirst()
                    .orElse(existing.get(0));
            vod = vods.replaceFile(target.id(), uploadId, fileName, captionUpload);
            LOG.info("cablecast: vod {} of show {} now plays upload {}", vod.id(), showId, uploadId);
        }
        store.vodAttached(item.publicationId(), vod.id(), uploadId, vod.state(), vod.url());
        return vod.id();
    }

    private Long captions(PublishItem item) throws DeliveryException {
        if (!props.isSccCaptions()) {
            return null;
        }
        Optional<PublishItem.Attachment> scc = item.captions().stream().filter(c -> "SCC".equals(c.format()))
                .findFirst();
        if (scc.isEmpty()) {
            return null;
        }
        CablecastPublications.Row row = store.find(item.publicationId()).orElseThrow();
        if (row.captionUploadId() != null) {
            return row.captionUploadId();
        }
        long id = uploads.whole(scc.get().file());
        store.captionUploaded(item.publicationId(), id);
        return id;
    }

    /** The episode's chapters from its JSON chapters file (none for a clip or an episode without). */
    List<Chapter> chapters(PublishItem item) {
        if (item.isClip()) {
            return List.of();
        }
        Path file = episodes.findById(item.episodeId()).map(e -> ChaptersStep.chaptersFile(paths, e)).orElse(null);
        if (file == null || !Files.exists(file)) {
            return List.of();
        }
        try {
            List<Chapter> out = new ArrayList<>();
            for (JsonNode c : CablecastApi.MAPPER.readTree(file.toFile()).path("chapters")) {
                out.add(new Chapter(c.path("startTime").asDouble(), c.path("title").asText(null)));
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("cablecast: the chapters of episode {} are unreadable ({}); the VOD gets none", item.episodeId(),
                    e.toString());
            return List.of();
        }
    }

    private static String comments(PublishItem item) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("Media", item.url());
        links.put("Transcript", item.transcriptUrl());
        links.put("Chapters", item.chaptersUrl());
        return ShowComments.write(item.description(), links, item.key());
    }

    private Remote remote(long showId) {
        String base = props.getBaseUrl() == null ? "" : props.getBaseUrl().replaceAll("/+$", "");
        return new Remote(Long.toString(showId), props.getShowUrl().replace("{base}", base)
                .replace("{id}", Long.toString(showId)));
    }
}
