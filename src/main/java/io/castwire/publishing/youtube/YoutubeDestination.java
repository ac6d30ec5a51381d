package io.castwire.publishing.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castwire.common.HubPaths;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.operations.budget.Budget;
import io.castwire.operations.budget.BudgetBlocks;
import io.castwire.operations.budget.BudgetExceededException;
import io.castwire.operations.budget.PaidUse;
import io.castwire.publishing.delivery.DeferredDeliveryException;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.Destination;
import io.castwire.publishing.delivery.DestinationSettings;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import io.castwire.publishing.delivery.PostTemplate;
import io.castwire.publishing.delivery.PublishItem;
import io.castwire.publishing.delivery.Remote;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes to YouTube with the Data API v3: a video episode as it is, an audio episode as an
 * audiogram, a clip as a Short; resumable upload ({@link ResumableUpload}) that survives retries and
 * restarts, then a captions track ({@code captions.insert}) and the cover as thumbnail
 * ({@code thumbnails.set}). A new version of an episode updates the video's snippet
 * ({@code videos.update}). Every call is charged to the daily quota ({@link YoutubeQuota}); an
 * upload whose whole cost does not fit waits for the next Pacific day. Every upload is paid for
 * ({@code youtube-uploads}) through the {@link Budget}: one the show cannot afford waits.
 */
@Component
public class YoutubeDestination implements Destination {

    static final String NAME = "youtube";
    private static final Logger LOG = LoggerFactory.getLogger(YoutubeDestination.class);
    private static final int TITLE_MAX = 100;
    private static final int DESCRIPTION_MAX_BYTES = 5000;

    private final YoutubeProperties props;
    private final YoutubeAuth auth;
    private final YoutubeQuota quota;
    private final YoutubeUploads uploads;
    private final Audiogram audiogram;
    private final EpisodeRepository episodes;
    private final HubPaths paths;
    private final Clock clock;
    private final YoutubeHttp http;
    private final ResumableUpload resumable;
    private final Budget budget;
    private final BudgetBlocks blocks;

    public YoutubeDestination(YoutubeProperties props, YoutubeAuth auth, YoutubeQuota quota, YoutubeUploads uploads,
                              Audiogram audiogram, EpisodeRepository episodes, HubPaths paths, Clock clock,
                              Budget budget, BudgetBlocks blocks) {
        this.budget = budget;
        this.blocks = blocks;
        this.props = props;
        this.auth = auth;
        this.quota = quota;
        this.uploads = uploads;
        this.audiogram = audiogram;
        this.episodes = episodes;
        this.paths = paths;
        this.clock = clock;
        this.http = new YoutubeHttp(props, clock);
        this.resumable = new ResumableUpload(props, uploads, http, new ResumableUpload.Calls() {
            @Override
            public YoutubeHttp.Answer call(String what, Function<String, HttpRequest> build) throws DeliveryException {
                return YoutubeDestination.this.call(what, build);
            }

            @Override
            public DeliveryException failure(String what, YoutubeHttp.Answer a) {
                return http.failure(what, a, quota);
            }

            @Override
            public void reserveInsert(long alsoNeeded) throws DeliveryException {
                // the insert only goes ahead when what follows it fits the same day too
                quota.reserve("videos.insert", alsoNeeded);
            }
        });
    }

    @Override
    public String name() {
        return NAME;
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
        return auth.credentialVariables();
    }

    /**
     * Uploads the item (or finishes an upload an earlier attempt began), then adds captions and the
     * thumbnail; with {@link PublishItem#previousRemoteId()} updates that video's title,
     * description, tags and category instead.
     */
    @Override
    public Remote publish(PublishItem item) throws DeliveryException {
        // a parked channel waits before anything is charged, rendered or sent
        auth.accessToken(props.getChannel());
        String previous = item.previousRemoteId();
        if (previous != null && !previous.isBlank()) {
            Optional<Remote> updated = update(item, previous);
            if (updated.isPresent()) {
                return updated.get();
            }
            LOG.info("youtube: video {} of {} is gone; uploading the new version as a new video", previous, item.key());
        }
        YoutubeUploads.Row row = uploads.findOrCreate(item.publicationId(), props.getChannel());
        String videoId = row.videoId();
        if (videoId == null) {
            if (row.sessionUri() == null) {
                quota.requireRoom(props.cost("videos.insert") + followUpCost(item), "an upload with its captions and thumbnail");
                authorizeUpload(item);
            }
            videoId = upload(item, row);
            budget.record(item.episodeId(), uploadUse(item));
        }
        followUps(item, videoId);
        return remote(item, videoId);
    }

    /** One upload to pay for: the episode's video or a clip's Short. */
    private static PaidUse uploadUse(PublishItem item) {
        return new PaidUse(item.clipId() == 0 ? "youtube-upload" : "youtube-upload-clip-" + item.clipId(),
                "youtube-uploads", NAME, 1);
    }

    /**
     * Reserves the upload's price before anything is rendered or sent. Without budget the row waits in
     * the ledger (PENDING, last_error {@value BudgetBlocks#PUBLICATION_MARKER}..., due at the next UTC
     * month, or at once when an admin raises the budget), never dead-lettered.
     */
    private void authorizeUpload(PublishItem item) throws DeferredDeliveryException {
        try {
            budget.authorize(item.episodeId(), uploadUse(item));
        } catch (BudgetExceededException refused) {
            blocks.publicationBlocked(item.episodeId(), item.publicationId(), NAME, refused);
            throw new DeferredDeliveryException(BudgetBlocks.PUBLICATION_MARKER + refused.getMessage(), blocks.nextMonth());
        }
    }

    /**
     * What an earlier attempt finished: the stored video once its captions and thumbnail are done, or
     * a video whose session finished before the process could record it (asked from the session).
     * A video whose follow-up steps are still to do is not returned: {@link #publish} finishes them.
     */
    @Override
    public Optional<Remote> findExisting(PublishItem item) throws DeliveryException {
        Optional<YoutubeUploads.Row> found = uploads.find(item.publicationId());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        YoutubeUploads.Row row = found.get();
        String videoId = row.videoId();
        if (videoId == null && row.sessionUri() != null && row.totalBytes() != null) {
            JsonNode video = resumable.finished(row.sessionUri(), row.totalBytes());
            if (video != null && video.hasNonNull("id")) {
                videoId = video.get("id").asText();
                uploads.video(item.publicationId(), videoId, row.totalBytes());
                LOG.info("youtube: the upload of {} had finished as video {} before it was recorded", item.key(), videoId);
                row = uploads.find(item.publicationId()).orElseThrow();
            }
        }
        if (videoId == null || (row.captionsAt() == null && captionFile(item) != null)
                || (row.thumbnailAt() == null && thumbnail(item) != null)) {
            return Optional.empty();
        }
        return Optional.of(remote(item, videoId));
    }

    private String upload(PublishItem item, YoutubeUploads.Row row) throws DeliveryException {
        Path source = source(item, row);
        long total = size(source);
        String contentType = isVideo(item) ? item.mediaType() : "video/mp4";
        JsonNode video;
        try {
            video = resumable.upload(item.publicationId(), source, total, contentType, metadata(item, null).toString(),
                    followUpCost(item));
        } catch (PermanentDeliveryException refused) {
            // a dead letter: a replay renders again rather than keep the file meanwhile
            if (!isVideo(item)) {
                deleteQuietly(source);
            }
            throw refused;
        }
        String id = video.path("id").asText(null);
        if (id == null) {
            throw new DeliveryException("youtube videos.insert finished without a video id", 0, null);
        }
        uploads.video(item.publicationId(), id, total);
        if (!isVideo(item)) {
            deleteQuietly(source);
        }
        LOG.info("Uploaded {} to YouTube as video {} ({} bytes)", item.key(), id, total);
        return id;
    }

    /**
     * The file to upload: the item's own video, or its audiogram, rendered once and kept (with its
     * hash) until the video exists, so a resumed session gets the same bytes; a session whose
     * bytes cannot be had again is dropped (it never became a video).
     */
    private Path source(PublishItem item, YoutubeUploads.Row row) throws DeliveryException {
        if (item.media() == null || !Files.isRegularFile(item.media())) {
            throw new IllegalStateException("the media of " + item.key() + " is missing");
        }
        if (isVideo(item)) {
            if (row.sourcePath() == null) {
                uploads.source(item.publicationId(), paths.relativize(item.media()), null, size(item.media()));
            }
            return item.media();
        }
        Path target = paths.work().resolve("youtube").resolve("audiogram-" + item.publicationId() + ".mp4");
        if (row.sourceSha256() != null && Files.isRegularFile(target) && row.sourceSha256().equals(sha256(target))) {
            return target;
        }
        boolean shorts = item.isClip();
        try {
            audiogram.render(item.media(), item.cover(), shorts ? props.getShortsWidth() : props.getAudiogramWidth(),
                    shorts ? props.getShortsHeight() : props.getAudiogramHeight(), props.getAudiogramFps(), target);
        } catch (IOException e) {
            throw new DeliveryException("youtube: could not render the audiogram of " + item.key() + ": " + e.getMessage(), e);
        }
        String sha = sha256(target);
        if (row.sessionUri() != null && !sha.equals(row.sourceSha256())) {
            uploads.dropSession(item.publicationId());
        }
        uploads.source(item.publicationId(), paths.relativize(target), sha, size(target));
        return target;
    }

    /** Captions and thumbnail, each once; a refusal of one leaves the video up, with a warning. */
    private void followUps(PublishItem item, String videoId) throws DeliveryException {
        YoutubeUploads.Row row = uploads.find(item.publicationId()).orElseThrow();
        PublishItem.Attachment captions = captionFile(item);
        if (row.captionsAt() == null) {
            if (captions == null) {
                uploads.captionsDone(item.publicationId(), null);
            } else {
                try {
                    insertCaptions(videoId, captions);
                    uploads.captionsDone(item.publicationId(), null);
                } catch (PermanentDeliveryException refused) {
                    LOG.warn("youtube: video {} is up without captions: {}", videoId, refused.getMessage());
                    uploads.captionsDone(item.publicationId(), "captions refused: " + refused.getMessage());
                }
            }
        }
        Path cover = thumbnail(item);
        if (row.thumbnailAt() == null) {
            if (cover == null) {
                uploads.thumbnailDone(item.publicationId(), null);
            } else {
                try {
                    setThumbnail(videoId, cover);
                    uploads.thumbnailDone(item.publicationId(), null);
                } catch (PermanentDeliveryException refused) {
                    LOG.warn("youtube: video {} keeps YouTube's own thumbnail: {}", videoId, refused.getMessage());
                    uploads.thumbnailDone(item.publicationId(), "thumbnail refused: " + refused.getMessage());
                }
            }
        }
    }

    private void insertCaptions(String videoId, PublishItem.Attachment captions) throws DeliveryException {
        quota.reserve("captions.insert", 0);
        ObjectNode meta = YoutubeHttp.JSON.createObjectNode();
        ObjectNode snippet = meta.putObject("snippet");
        String name = props.getCaptionName() == null || props.getCaptionName().isBlank()
                ? java.util.Locale.forLanguageTag(props.getCaptionLanguage()).getDisplayLanguage(java.util.Locale.ENGLISH)
                : props.getCaptionName();
        snippet.put("videoId", videoId).put("language", props.getCaptionLanguage()).put("name", name).put("isDraft", false);
        String boundary = "castwire-" + Long.toHexString(Double.doubleToLongBits(Math.random()))
                + Long.toHexString(System.nanoTime());
        String head = "--" + boundary + "\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n" + meta + "\r\n--"
                + boundary + "\r\nContent-Type: " + captions.mediaType() + "\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        URI uri = YoutubeHttp.uri(props.getBaseUrl(), "/upload/youtube/v3/captions?uploadType=multipart&part=snippet");
        YoutubeHttp.Answer a = call("captions.insert", token -> {
            try {
                return http.request(uri).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "multipart/related; boundary=" + boundary)
                        .POST(BodyPublishers.concat(BodyPublishers.ofString(head), BodyPublishers.ofFile(captions.file()),
                                BodyPublishers.ofString(tail)))
                        .build();
            } catch (java.io.FileNotFoundException e) {
                throw new IllegalStateException("the captions file " + captions.file().getFileName() + " is missing");
            }
        });
        if (!a.ok()) {
            throw http.failure("captions.insert", a, quota);
        }
    }

    private void setThumbnail(String videoId, Path cover) throws DeliveryException {
        quota.reserve("thumbnails.set", 0);
        URI uri = YoutubeHttp.uri(props.getBaseUrl(), "/upload/youtube/v3/thumbnails/set?videoId="
                + URLEncoder.encode(videoId, StandardCharsets.UTF_8) + "&uploadType=media");
        String type = cover.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? "image/png"
                : "image/jpeg";
        YoutubeHttp.Answer a = call("thumbnails.set", token -> {
            try {
                return http.request(uri).header("Authorization", "Bearer " + token).header("Content-Type", type)
                        .POST(BodyPublishers.ofFile(cover)).build();
            } catch (java.io.FileNotFoundException e) {
                throw new IllegalStateException("the cover " + cover.getFileName() + " is missing");
            }
        });
        if (!a.ok()) {
            throw http.failure("thumbnails.set", a, quota);
        }
    }

    /** videos.update of the snippet; empty when the video no longer exists. */
    private Optional<Remote> update(PublishItem item, String videoId) throws DeliveryException {
        quota.reserve("videos.update", 0);
        ObjectNode body = metadata(item, videoId);
        body.remove("status"); // privacy and schedule stay as the channel's editors left them
        URI uri = YoutubeHttp.uri(props.getBaseUrl(), "/youtube/v3/videos?part=snippet");
        YoutubeHttp.Answer a = call("videos.update", token -> http.request(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json; charset=UTF-8")
                .PUT(BodyPublishers.ofString(body.toString())).build());
        if (a.status() == 404) {
            return Optional.empty();
        }
        if (!a.ok()) {
            throw http.failure("videos.update", a, quota);
        }
        LOG.info("Updated YouTube video {} for {}", videoId, item.key());
        return Optional.of(remote(item, videoId));
    }

    /**
     * The video resource: title (at most 100 characters, no angle brackets), description (at most
     * 5000 bytes), tags, category, and for a new video its status (privacy, a scheduled publishAt
     * from the episode, made-for-kids). A clip is a Short: #Shorts in title and description.
     */
    ObjectNode metadata(PublishItem item, String videoId) {
        ObjectNode v = YoutubeHttp.JSON.createObjectNode();
        if (videoId != null) {
            v.put("id", videoId);
        }
        ObjectNode snippet = v.putObject("snippet");
        snippet.put("title", title(item));
        snippet.put("description", description(item));
        if (!props.getTags().isEmpty()) {
            snippet.putArray("tags").addAll(props.getTags().stream()
                    .map(t -> (com.fasterxml.jackson.databind.JsonNode) YoutubeHttp.JSON.getNodeFactory().textNode(t)).toList());
        }
        snippet.put("categoryId", props.getCategoryId());
        ObjectNode status = v.putObject("status");
        Instant publishAt = episodes.findById(item.episodeId()).map(Episode::publishAt).orElse(null);
        if (publishAt != null && publishAt.isAfter(clock.instant())) {
            // YouTube publishes a scheduled video only from private
            status.put("privacyStatus", "private");
            status.put("publishAt", publishAt.toString());
        } else {
            status.put("privacyStatus", props.getPrivacyStatus());
        }
        status.put("selfDeclaredMadeForKids", props.isMadeForKids());
        return v;
    }

    static String title(PublishItem item) {
        String t = clean(item.title() == null ? "" : item.title()).replaceAll("\\s+", " ").strip();
        String suffix = item.isClip() && !t.toLowerCase(java.util.Locale.ROOT).contains("#shorts") ? " #Shorts" : "";
        int room = TITLE_MAX - suffix.length();
        if (t.codePointCount(0, t.length()) > room) {
            t = t.substring(0, t.offsetByCodePoints(0, room - 1)).strip() + "…";
        }
        return t.isEmpty() ? "Episode" + suffix : t + suffix;
    }

    String description(PublishItem item) {
        String d = clean(PostTemplate.render(item.templateOr(props.getTemplate()), item, 0));
        String suffix = item.isClip() && !d.contains("#Shorts") ? "\n\n#Shorts" : "";
        int room = DESCRIPTION_MAX_BYTES - suffix.getBytes(StandardCharsets.UTF_8).length;
        if (d.getBytes(StandardCharsets.UTF_8).length <= room) {
            return d + suffix;
        }
        // cut on a character boundary, with room for the ellipsis (3 bytes in UTF-8)
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < d.length(); ) {
            int cp = d.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > room - 3) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return out.toString().strip() + "…" + suffix;
    }

    /** YouTube refuses '<' and '>' in titles and descriptions. */
    private static String clean(String s) {
        return s.replace('<', '‹').replace('>', '›');
    }

    private long followUpCost(PublishItem item) {
        if (item == null) {
            return 0;
        }
        return (captionFile(item) != null ? props.cost("captions.insert") : 0)
                + (thumbnail(item) != null ? props.cost("thumbnails.set") : 0);
    }

    private PublishItem.Attachment captionFile(PublishItem item) {
        if (!props.isUploadCaptions() || item.captions() == null) {
            return null;
        }
        return item.captions().stream().filter(c -> c.format().equals("VTT")).findFirst()
                .or(() -> item.captions().stream().filter(c -> c.format().equals("SRT")).findFirst()).orElse(null);
    }

    /** The cover as thumbnail of an episode's video (a Short's thumbnail cannot be set through the API). */
    private Path thumbnail(PublishItem item) {
        return props.isSetThumbnail() && !item.isClip() && item.cover() != null && Files.isRegularFile(item.cover())
                ? item.cover() : null;
    }

    /** An authenticated call: a 401 refreshes the access token once and repeats the call. */
    private YoutubeHttp.Answer call(String what, Function<String, HttpRequest> build) throws DeliveryException {
        String channel = props.getChannel();
        String token = auth.accessToken(channel);
        YoutubeHttp.Answer a = http.send(build.apply(token), what);
        if (a.status() != 401) {
            return a;
        }
        LOG.info("youtube {}: the access token was refused; refreshing it once", what);
        token = auth.refresh(channel, token);
        a = http.send(build.apply(token), what);
        if (a.status() == 401) {
            throw new PermanentDeliveryException("youtube " + what + " refused a freshly refreshed access token (HTTP 401: "
                    + a.message() + "); the grant may lack the youtube.upload scope", 401);
        }
        return a;
    }

    private static boolean isVideo(PublishItem item) {
        return item.mediaType() != null && item.mediaType().startsWith("video/");
    }

    private static Remote remote(PublishItem item, String videoId) {
        return new Remote(videoId, (item.isClip() ? "https://www.youtube.com/shorts/" : "https://www.youtube.com/watch?v=")
                + videoId);
    }

    private static long size(Path file) throws DeliveryException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new DeliveryException("youtube: cannot read " + file.getFileName(), e);
        }
    }

    static String sha256(Path file) throws DeliveryException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new DeliveryException("youtube: cannot read " + file.getFileName(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("could not remove {}: {}", file, e.toString());
        }
    }
}
