package io.castwire.publishing.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.HubPaths;
import io.castwire.episode.CaptionRepository;
import io.castwire.episode.ClipRepository;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.publishing.rss.RssPublisher;
import io.castwire.publishing.rss.ShowSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Builds what a destination posts from the database: the episode or clip, its public URLs (the
 * podcast feed's media, so destinations link to what listeners already get), local files to
 * upload, and the show's title and template.
 */
@Component
public class PublishItems {

    private static final Map<String, String> CAPTION_TYPES = Map.of("SRT", "application/x-subrip", "VTT", "text/vtt",
            "SCC", "text/x-scc");

    private final EpisodeRepository episodes;
    private final ClipRepository clips;
    private final CaptionRepository captions;
    private final RssPublisher rss;
    private final ShowSettings shows;
    private final HubPaths paths;
    private final ObjectMapper json;

    public PublishItems(EpisodeRepository episodes, ClipRepository clips, CaptionRepository captions, RssPublisher rss,
                        ShowSettings shows, HubPaths paths, ObjectMapper json) {
        this.episodes = episodes;
        this.clips = clips;
        this.captions = captions;
        this.rss = rss;
        this.shows = shows;
        this.paths = paths;
        this.json = json;
    }

    /**
     * The item for a ledger row.
     *
     * @throws IllegalStateException when the episode or clip is gone (deleted under retention)
     */
    public PublishItem build(PublicationOutbox.Row row, String previousRemoteId) throws IOException {
        Episode e = episodes.findById(row.episodeId())
                .orElseThrow(() -> new IllegalStateException("episode " + row.episodeId() + " no longer exists"));
        List<ClipRepository.Clip> all = clips.ofEpisode(e.id());
        List<CaptionRepository.CaptionFile> files = captions.ofEpisode(e.id());
        String showTitle = shows.channel(e.showSlug()).title();
        String template = shows.template(e.showSlug(), row.destination());
        String title = e.title() != null ? e.title() : e.baseName();
        String description = e.description() != null ? e.description() : "";
        String base = "castwire:" + e.showSlug() + ":" + e.baseName();
        Path cover = shows.coverFile(e.showSlug());
        String transcript = files.stream().filter(c -> c.clipId() == 0 && c.format().equals("VTT")).findFirst()
                .or(() -> files.stream().filter(c -> c.clipId() == 0 && c.format().equals("SRT")).findFirst())
                .map(c -> rss.captionUrl(e, c)).orElse(null);
        if (rss.mediaUrl(e) == null) {
            // the destinations link to the feed's public copy; without it there is nothing to point at
            throw new IllegalStateException("episode " + e.id() + " has no public media (it is not in the podcast feed)");
        }
        if (row.clipId() == 0) {
            List<PublishItem.ClipLink> links = new ArrayList<>();
            for (ClipRepository.Clip c : all) {
                links.add(new PublishItem.ClipLink(c.id(), c.rank(), c.profile(), rss.clipUrl(e, c), c.startMs(), c.endMs(),
                        openingLine(c)));
            }
            links.sort(Comparator.comparingInt(PublishItem.ClipLink::rank).thenComparing(PublishItem.ClipLink::profile));
            return new PublishItem(row.id(), e.id(), 0, base, e.showSlug(), showTitle, title, description,
                    rss.mediaUrl(e), shows.feedUrl(e.showSlug()), paths.resolve(e.mediaPath()),
                    RssPublisher.mediaType(e.mediaPath()), e.media().durationMs() == null ? 0 : e.media().durationMs(),
                    cover, attachments(e, files, 0), rss.chaptersUrl(e), transcript, links, previousRemoteId, template);
        }
        ClipRepository.Clip c = all.stream().filter(x -> x.id() == row.clipId()).findFirst()
                .orElseThrow(() -> new IllegalStateException("clip " + row.clipId() + " no longer exists"));
        if (c.mediaPath() == null) {
            throw new IllegalStateException("clip " + c.id() + " has no media (it was not cut)");
        }
        if (rss.clipUrl(e, c) == null) {
            throw new IllegalStateException("clip " + c.id() + " has no public media (it is not in the podcast feed)");
        }
        String line = openingLine(c);
        return new PublishItem(row.id(), e.id(), c.id(), base + ":clip-" + c.profile() + "-" + c.rank(), e.showSlug(),
                showTitle, title + " (clip " + c.rank() + ")", line != null ? "“" + line + "”" : description,
                rss.clipUrl(e, c), shows.feedUrl(e.showSlug()), paths.resolve(c.mediaPath()),
                RssPublisher.mediaType(c.mediaPath()), c.endMs() - c.startMs(), cover, attachments(e, files, c.id()), null,
                transcript, List.of(), previousRemoteId, template);
    }

    /**
     * The clips of an episode that get posts of their own at a destination: the best {@code n} of
     * the profile named like the destination (e.g. {@code linkedin}), else of one named
     * {@code <destination>-...} (e.g. {@code youtube-shorts}), else of the first profile.
     */
    public List<ClipRepository.Clip> topClips(long episodeId, String destination, int n) {
        if (n <= 0) {
            return List.of();
        }
        List<ClipRepository.Clip> all = clips.ofEpisode(episodeId).stream().filter(c -> c.mediaPath() != null).toList();
        // else a profile made for it (youtube: youtube-shorts), else the first profile
        String profile = all.stream().anyMatch(c -> c.profile().equals(destination)) ? destination
                : all.stream().map(ClipRepository.Clip::profile).filter(p -> p.startsWith(destination + "-")).findFirst()
                .orElseGet(() -> all.stream().map(ClipRepository.Clip::profile).findFirst().orElse(null));
        return all.stream().filter(c -> c.profile().equals(profile))
                .sorted(Comparator.comparingInt(ClipRepository.Clip::rank)).limit(n).toList();
    }

    private List<PublishItem.Attachment> attachments(Episode e, List<CaptionRepository.CaptionFile> files, long clipId) {
        List<PublishItem.Attachment> out = new ArrayList<>();
        for (CaptionRepository.CaptionFile c : files) {
            if (c.clipId() == clipId) {
                out.add(new PublishItem.Attachment(c.format(), paths.resolve(c.path()), rss.captionUrl(e, c),
                        CAPTION_TYPES.getOrDefault(c.format(), "text/plain")));
            }
        }
        return out;
    }

    private String openingLine(ClipRepository.Clip c) {
        try {
            JsonNode n = c.featuresJson() == null ? null : json.readTree(c.featuresJson());
            return n != null && n.hasNonNull("openingLine") ? n.get("openingLine").asText() : null;
        } catch (IOException ex) {
            return null;
        }
    }
}
