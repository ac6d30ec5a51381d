package io.castwire.publishing.rss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.episode.CaptionRepository;
import io.castwire.episode.ClipRepository;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.EpisodeState;
import io.castwire.ingest.FileNames;
import io.castwire.processing.chapters.ChaptersStep;
import io.castwire.processing.probe.Ffmpeg;
import io.castwire.publishing.PublicationLedger;
import io.castwire.publishing.delivery.HubEvent;
import io.castwire.publishing.delivery.PublicationPlanner;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes processed episodes to their show's podcast feed. Publishing links the episode's media,
 * clips, captions and chapters into {@code public/media/<show>/<episode>/} (served at
 * {@code /media/**}), records the ledger row (destination {@code rss}) with the item's guid, and
 * rewrites the show's feed atomically from the ledger. Every part is idempotent, so a repeat after
 * a crash gives the same feed; an item's guid never changes once published, and a new version of
 * an episode takes over its guid.
 */
@Component
public class RssPublisher {

    public static final String DESTINATION = "rss";
    private static final Logger LOG = LoggerFactory.getLogger(RssPublisher.class);
    private static final Map<String, String> MIME = Map.of("mp3", "audio/mpeg", "m4a", "audio/mp4", "wav", "audio/wav",
            "flac", "audio/flac", "ogg", "audio/ogg", "mp4", "video/mp4", "mov", "video/quicktime", "mkv", "video/x-matroska");

    private final EpisodeRepository episodes;
    private final ClipRepository clips;
    private final CaptionRepository captions;
    private final PublicationLedger ledger;
    private final ShowSettings shows;
    private final FeedPublisher feeds;
    private final HubPaths paths;
    private final Ffmpeg ffmpeg;
    private final ObjectMapper json;
    private final CastwireProperties properties;
    private final Clock clock;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final java.util.Map<Long, Instant> queued = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean justStarted = true;
    private final PublicationPlanner planner;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final io.castwire.episode.ShowRepository showRows;
    private final org.springframework.beans.factory.ObjectProvider<ItemGuidSource> guidSources;

    public RssPublisher(EpisodeRepository episodes, ClipRepository clips, CaptionRepository captions,
                        PublicationLedger ledger, ShowSettings shows, FeedPublisher feeds, HubPaths paths, Ffmpeg ffmpeg,
                        ObjectMapper json, CastwireProperties properties, Clock clock,
                        org.springframework.transaction.support.TransactionTemplate tx,
                        @org.springframework.context.annotation.Lazy PublicationPlanner planner,
                        org.springframework.context.ApplicationEventPublisher events,
                        io.castwire.episode.ShowRepository showRows,
                        org.springframework.beans.factory.ObjectProvider<ItemGuidSource> guidSources) {
        this.showRows = showRows;
        this.guidSources = guidSources;
        this.planner = planner;
        this.events = events;
        this.episodes = episodes;
        this.clips = clips;
        this.captions = captions;
        this.ledger = ledger;
        this.shows = shows;
        this.feeds = feeds;
        this.paths = paths;
        this.ffmpeg = ffmpeg;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
        this.tx = tx;
    }

    /**
     * Episodes waiting for the feed: PROCESSED ones, and PUBLISHING ones left by a stopped worker.
     * Called on a timer by route {@code publish-rss-outbox-poll}.
     */
    public List<Long> due() {
        // an id handed to the queue is not offered again while it waits there (for at most 5 minutes)
        Instant stale = clock.instant().minus(Duration.ofMinutes(5));
        queued.values().removeIf(at -> at.isBefore(stale));
        List<Long> candidates = new ArrayList<>(episodes.idsInStates(List.of(EpisodeState.PROCESSED), clock.instant(), 100));
        // right after a start, publications the previous run left half done are taken at once;
        // later only those idle for 5 minutes (another worker may still be on them)
        Instant idleSince = justStarted ? clock.instant() : stale;
        justStarted = false;
        candidates.addAll(episodes.idsInStates(List.of(EpisodeState.PUBLISHING), idleSince, 100));
        List<Long> ids = new ArrayList<>();
        for (Long id : candidates) {
            if (queued.putIfAbsent(id, clock.instant()) == null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Publishes the episode to its show's feed. Called by route {@code publish-rss-feed}.
     *
     * @return false when the episode is not (or no longer) waiting for the feed
     */
    public boolean publish(long id) throws IOException {
        try {
            return publishOnce(id);
        } finally {
            queued.remove(id);
        }
    }

    private boolean publishOnce(long id) throws IOException {
        Episode e = episodes.findById(id).orElse(null);
        if (e == null) {
            return false;
        }
        if (e.state() == EpisodeState.PROCESSED) {
            if (!episodes.transition(id, List.of(EpisodeState.PROCESSED), EpisodeState.PUBLISHING, "publishing",
                    "to the podcast feed")) {
                return false;
            }
        } else if (e.state() != EpisodeState.PUBLISHING) {
            return false;
        }
        ShowFeed channel = shows.channel(e.showSlug());
        String guid = ledger.find(id, 0, DESTINATION, 1).map(PublicationLedger.Publication::remoteId)
                .or(() -> ledger.remoteIdOfEarlierVersion(e.showId(), e.baseName(), DESTINATION))
                // an episode imported from another feed keeps the guid it had there
                .or(() -> guidSources.orderedStream().map(s -> s.guidFor(id)).flatMap(java.util.Optional::stream).findFirst())
                .orElse("castwire:" + e.showSlug() + ":" + e.baseName());
        Path folder = paths.within(paths.publicDir(), "media/" + e.showSlug() + "/" + id);
        String ext = e.mediaPath().substring(e.mediaPath().lastIndexOf('.') + 1);
        Path enclosure = link(paths.resolve(e.mediaPath()), folder.resolve(FileNames.sanitize(e.baseName()) + "." + ext));
        for (ClipRepository.Clip c : clips.ofEpisode(id)) {
            if (c.mediaPath() != null) {
                link(paths.resolve(c.mediaPath()), folder.resolve("clips/" + fileName(c.mediaPath())));
            }
        }
        for (CaptionRepository.CaptionFile c : captions.ofEpisode(id)) {
            link(paths.resolve(c.path()), folder.resolve("captions/" + (c.clipId() == 0 ? "" : "clip-" + c.clipId() + "-")
                    + fileName(c.path())));
        }
        Path chapters = ChaptersStep.chaptersFile(paths, e);
        Path publicChapters = folder.resolve("chapters.json");
        if (Files.exists(chapters)) {
            link(chapters, publicChapters);
        } else {
            Files.deleteIfExists(publicChapters);
        }
        if (ledger.newerVersionPublished(e.showId(), e.baseName(), e.version(), DESTINATION)) {
            // a later version went out first (it was processed sooner): never put older audio back
            ledger.record(id, 0, DESTINATION, 1, PublicationLedger.SUPERSEDED, guid, url(enclosure), null);
            episodes.transition(id, List.of(EpisodeState.PUBLISHING), EpisodeState.PUBLISHED, "published",
                    "superseded: a newer version of '" + e.baseName() + "' is already in the feed");
            return true;
        }
        // the ledger rows and the feed file change together: if the feed cannot be written, the
        // rows roll back and no failed episode appears in the next rewrite. The show's row lock makes
        // replicas publishing to the same show take turns: each rewrite sees the other's committed row
        tx.executeWithoutResult(status -> {
            showRows.lockForUpdate(e.showId());
            ledger.record(id, 0, DESTINATION, 1, PublicationLedger.PUBLISHED, guid, url(enclosure), null);
            ledger.supersedeEarlierVersions(e.showId(), e.baseName(), e.version(), DESTINATION);
            try {
                writeFeed(e.showSlug(), e.showId(), channel);
            } catch (IOException io) {
                throw new java.io.UncheckedIOException(io);
            }
        });
        String withoutClips = clips.ofEpisode(id).isEmpty()
                ? "; no clips: " + (e.transcriptSegments() == 0
                        ? "the episode has no transcript (drop one, or configure castwire.transcription.url)"
                        : "the transcript is too short for any enabled profile")
                : "";
        // the state change, the fan-out to the other destinations and the event land together
        tx.executeWithoutResult(status -> {
            if (episodes.transition(id, List.of(EpisodeState.PUBLISHING), EpisodeState.PUBLISHED, "published",
                    "podcast feed " + channel.feedUrl() + withoutClips)) {
                try {
                    planner.plan(e);
                } catch (IOException io) {
                    throw new java.io.UncheckedIOException(io);
                }
                Map<String, Object> data = new java.util.LinkedHashMap<>();
                data.put("episodeId", id);
                data.put("show", e.showSlug());
                data.put("title", e.title() != null ? e.title() : e.baseName());
                data.put("version", e.version());
                data.put("feedUrl", channel.feedUrl());
                data.put("mediaUrl", url(enclosure));
                events.publishEvent(new HubEvent("episode.published", id, "episode:" + id, data));
            }
        });
        return true;
    }

    /** The public URL of the episode's media (the feed enclosure), or null before the episode is published. */
    public String mediaUrl(Episode e) {
        String ext = e.mediaPath().substring(e.mediaPath().lastIndexOf('.') + 1);
        return publicUrlIfPresent(e, FileNames.sanitize(e.baseName()) + "." + ext);
    }

    /** The public URL of the episode's chapters (JSON chapters), or null when it has none. */
    public String chaptersUrl(Episode e) {
        return publicUrlIfPresent(e, "chapters.json");
    }

    /** The media type of a stored media file, from its extension. */
    public static String mediaType(String path) {
        String ext = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return MIME.getOrDefault(ext, "application/octet-stream");
    }

    /** The public URL of a published clip's media, or null before the episode is published. */
    public String clipUrl(Episode e, ClipRepository.Clip c) {
        if (c.mediaPath() == null) {
            return null;
        }
        return publicUrlIfPresent(e, "clips/" + fileName(c.mediaPath()));
    }

    /** The public URL of a published caption file, or null before the episode is published. */
    public String captionUrl(Episode e, CaptionRepository.CaptionFile c) {
        return publicUrlIfPresent(e, "captions/" + (c.clipId() == 0 ? "" : "clip-" + c.clipId() + "-") + fileName(c.path()));
    }

    private String publicUrlIfPresent(Episode e, String relative) {
        Path file = paths.within(paths.publicDir(), "media/" + e.showSlug() + "/" + e.id() + "/" + relative);
        return Files.exists(file) ? url(file) : null;
    }

    /** Rewrites the show's feed from the ledger. */
    void writeFeed(String slug, long showId, ShowFeed channel) throws IOException {
        if (!shows.hasOwnImage(slug)) {
            cover(slug);
        }
        List<FeedItem> items = new ArrayList<>();
        // the newest episodes only: a feed of a show with thousands of episodes would otherwise be
        // rebuilt in full on every publication
        for (PublicationLedger.Publication p : ledger.publishedInShow(showId, DESTINATION,
                properties.getFeed().getMaxItems())) {
            Episode e = episodes.findById(p.episodeId()).orElseThrow();
            items.add(item(e, p));
        }
        Path feed = paths.within(paths.publicDir(), "shows/" + slug + "/feed.xml");
        feeds.publishFeed(channel, items, feed);
        paths.written(feed);
        LOG.info("Feed of show {} written with {} item(s)", slug, items.size());
    }

    private FeedItem item(Episode e, PublicationLedger.Publication p) throws IOException {
        Path folder = paths.within(paths.publicDir(), "media/" + e.showSlug() + "/" + e.id());
        String ext = e.mediaPath().substring(e.mediaPath().lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        Path enclosure = folder.resolve(FileNames.sanitize(e.baseName()) + "." + ext);
        List<FeedItem.Transcript> transcripts = new ArrayList<>();
        List<FeedItem.Soundbite> soundbites = new ArrayList<>();
        for (CaptionRepository.CaptionFile c : captions.ofEpisode(e.id())) {
            if (c.clipId() != 0) {
                continue;
            }
            String url = url(folder.resolve("captions/" + fileName(c.path())));
            if (c.format().equals("SRT")) {
                transcripts.add(FeedItem.Transcript.captions(url, "application/x-subrip", null));
            } else if (c.format().equals("VTT")) {
                transcripts.add(FeedItem.Transcript.captions(url, "text/vtt", null));
            }
        }
        String profile = properties.getClips().getProfiles().isEmpty() ? null : properties.getClips().getProfiles().get(0);
        for (ClipRepository.Clip c : clips.ofEpisode(e.id())) {
            if (c.profile().equals(profile)) {
                soundbites.add(new FeedItem.Soundbite(c.startMs() / 1000.0, (c.endMs() - c.startMs()) / 1000.0, openingLine(c)));
            }
        }
        soundbites.sort(Comparator.comparingDouble(FeedItem.Soundbite::startSeconds));
        Path chapters = folder.resolve("chapters.json");
        String title = e.title() != null ? e.title() : e.baseName();
        String description = e.description() != null ? e.description() : title + " (" + e.showSlug() + ")";
        long seconds = e.media().durationMs() == null ? 0 : Math.round(e.media().durationMs() / 1000.0);
        return new FeedItem(p.remoteId(), title, description, e.publishAt() != null ? e.publishAt() : p.createdAt(),
                url(enclosure), Files.size(enclosure), MIME.getOrDefault(ext, "application/octet-stream"), seconds, null,
                transcripts, Files.exists(chapters) ? url(chapters) : null, soundbites, null);
    }

    private String openingLine(ClipRepository.Clip c) {
        try {
            JsonNode n = c.featuresJson() == null ? null : json.readTree(c.featuresJson());
            return n != null && n.hasNonNull("openingLine") ? n.get("openingLine").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * A hard link into public/ (a copy across file systems). An existing link to the same file is
     * kept; anything else (captions rewritten since, a copy) is replaced atomically.
     */
    private Path link(Path source, Path target) throws IOException {
        if (Files.exists(target) && Files.isSameFile(source, target)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(".link-" + target.getFileName());
        Files.deleteIfExists(tmp);
        try {
            Files.createLink(tmp, source);
        } catch (FileSystemException | UnsupportedOperationException e) {
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        paths.written(target);
        return target;
    }

    /** The generated cover, made once with ffmpeg, for shows without an image of their own. */
    private void cover(String slug) throws IOException {
        Path cover = paths.within(paths.publicDir(), "shows/" + slug + "/cover.png");
        if (Files.exists(cover)) {
            return;
        }
        Files.createDirectories(cover.getParent());
        Path tmp = cover.resolveSibling(".cover-tmp.png");
        int hue = Math.floorMod(slug.hashCode(), 360);
        Ffmpeg.Result r = ffmpeg.run(List.of("-hide_banner", "-nostdin", "-y", "-v", "error", "-f", "lavfi", "-i",
                "color=c=0x1f3a5f:s=1400x1400,hue=h=" + hue, "-frames:v", "1", "file:" + tmp));
        if (!r.ok()) {
            throw new IOException("could not make the show cover: " + r.stderr().strip());
        }
        Files.move(tmp, cover, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        paths.written(cover);
    }

    private String url(Path publicFile) {
        String relative = paths.publicDir().relativize(publicFile).toString().replace('\\', '/');
        StringBuilder b = new StringBuilder(shows.publicUrl());
        for (String part : relative.split("/")) {
            b.append('/').append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return b.toString();
    }

    private static String fileName(String stored) {
        return stored.substring(stored.lastIndexOf('/') + 1);
    }
}
