package io.castwire.operations.dashboard;

import io.castwire.common.CastwireProperties;
import io.castwire.common.NotFoundException;
import io.castwire.episode.CaptionRepository;
import io.castwire.episode.ClipRepository;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeEvent;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.EpisodeState;
import io.castwire.operations.deadletter.DeadLetters;
import io.castwire.operations.deadletter.Replayer;
import io.castwire.processing.scoring.ClipProfile;
import io.castwire.processing.scoring.ClipScorer;
import io.castwire.publishing.rss.RssPublisher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * What the dashboard's pages show, read from the same repositories {@code GET /api/episodes} uses.
 * Segment scores are not stored: the episode page computes them from the stored transcript with
 * {@link ClipScorer#segmentScores} (milliseconds for one episode).
 */
@Component
public class EpisodePages {

    /** How many dead letters of one episode the page lists. */
    static final int DEAD_LETTERS_SHOWN = 50;

    private final EpisodeRepository episodes;
    private final ClipRepository clips;
    private final CaptionRepository captions;
    private final RssPublisher links;
    private final DeadLetters deadLetters;
    private final ClipScorer scorer;
    private final List<String> profiles;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public EpisodePages(EpisodeRepository episodes, ClipRepository clips, CaptionRepository captions,
                        RssPublisher links, DeadLetters deadLetters, ClipScorer scorer, CastwireProperties properties,
                        com.fasterxml.jackson.databind.ObjectMapper json) {
        this.json = json;
        this.episodes = episodes;
        this.clips = clips;
        this.captions = captions;
        this.links = links;
        this.deadLetters = deadLetters;
        this.scorer = scorer;
        this.profiles = List.copyOf(properties.getClips().getProfiles());
    }

    /** One row of the episode list. */
    public record Row(long id, String title, String show, int version, EpisodeState state, String stateDetail,
                      String duration, java.time.Instant createdAt, List<Badge> publications) {
    }

    /** A destination and how its ledger rows for the episode stand ("3 PUBLISHED, 1 FAILED"). */
    public record Badge(String destination, String state, String summary) {
    }

    /** A playable file: a relative URL on this hub and whether it is video. */
    public record Media(String url, String type, boolean video) {
    }

    /** A caption file with its link. */
    public record Caption(String format, String url) {
    }

    /** A chosen clip with its player and captions. */
    public record ClipView(long id, String profile, String colour, int rank, String start, String end, String score,
                          String reason, Media media, String vtt, List<Caption> captions) {
    }

    /** Everything on the episode page. */
    public record Page(Episode episode, String title, String duration, Media media, String vtt, List<Caption> captions,
                       List<ClipView> clips, ScoreTimeline.Svg timeline, List<Map<String, Object>> publications,
                       List<EpisodeEvent> events, List<Replayer.DeadLetter> deadLetters) {
    }

    /** Episodes newest first, a page of them plus one to tell whether there is a next page. */
    public List<Row> list(String show, EpisodeState state, int limit, int offset) {
        return episodes.list(show, state, limit, offset).stream().map(this::row).toList();
    }

    private Row row(Episode e) {
        return new Row(e.id(), title(e), e.showSlug(), e.version(), e.state(), e.stateDetail(),
                duration(e), e.createdAt(), badges(episodes.publications(e.id())));
    }

    /** Per destination, the ledger rows that still count (superseded versions left out), by state. */
    static List<Badge> badges(List<Map<String, Object>> publications) {
        Map<String, Map<String, Integer>> byDestination = new TreeMap<>();
        for (Map<String, Object> p : publications) {
            String state = String.valueOf(p.get("state"));
            if (!state.equals("SUPERSEDED")) {
                byDestination.computeIfAbsent(String.valueOf(p.get("destination")), d -> new TreeMap<>())
                        .merge(state, 1, Integer::sum);
            }
        }
        List<Badge> badges = new ArrayList<>();
        for (Map.Entry<String, Map<String, Integer>> d : byDestination.entrySet()) {
            Map<String, Integer> states = d.getValue();
            // the badge's colour follows the worst state among the rows
            String worst = states.containsKey("FAILED") ? "FAILED"
                    : states.keySet().stream().filter(s -> !s.equals("PUBLISHED")).findFirst().orElse("PUBLISHED");
            StringBuilder summary = new StringBuilder();
            states.forEach((s, n) -> summary.append(summary.length() == 0 ? "" : ", ").append(n).append(' ').append(s));
            badges.add(new Badge(d.getKey(), worst, summary.toString()));
        }
        return badges;
    }

    /** The episode page; 404 for an unknown id. */
    public Page page(long id) {
        Episode e = episodes.findById(id).orElseThrow(() -> new NotFoundException("no episode " + id));
        List<ClipRepository.Clip> chosen = clips.ofEpisode(id);
        List<CaptionRepository.CaptionFile> files = captions.ofEpisode(id);
        List<String> lanes = new ArrayList<>(profiles);
        ScoreTimeline.Svg svg = ScoreTimeline.layout(e.media().durationMs(),
                scorer.segmentScores(episodes.segments(id), enabledProfiles()), lanes, chosen);
        Map<String, String> colours = new LinkedHashMap<>();
        svg.lanes().forEach(l -> colours.put(l.profile(), l.colour()));
        List<ClipView> clipViews = new ArrayList<>();
        for (ClipRepository.Clip c : chosen) {
            List<Caption> clipCaptions = captionsOf(e, files, c.id());
            clipViews.add(new ClipView(c.id(), c.profile(), colours.get(c.profile()), c.rank(),
                    ScoreTimeline.clock(c.startMs()), ScoreTimeline.clock(c.endMs()),
                    String.format(Locale.ROOT, "%.2f", c.score()), reason(c.featuresJson()),
                    media(links.clipUrl(e, c), c.mediaPath()), vtt(clipCaptions), clipCaptions));
        }
        List<Caption> episodeCaptions = captionsOf(e, files, 0);
        return new Page(e, title(e), duration(e), media(links.mediaUrl(e), e.mediaPath()), vtt(episodeCaptions),
                episodeCaptions, clipViews, svg, episodes.publications(id), episodes.timeline(id),
                deadLetters.ofEpisode(id, DEAD_LETTERS_SHOWN));
    }

    private List<ClipProfile> enabledProfiles() {
        List<ClipProfile> enabled = new ArrayList<>();
        for (String name : profiles) {
            ClipProfile p = ClipProfile.defaults().get(name);
            if (p != null) {
                enabled.add(p);
            }
        }
        return enabled;
    }

    private List<Caption> captionsOf(Episode e, List<CaptionRepository.CaptionFile> files, long clipId) {
        List<Caption> out = new ArrayList<>();
        for (CaptionRepository.CaptionFile f : files) {
            if (f.clipId() == clipId) {
                String url = local(links.captionUrl(e, f));
                if (url != null) {
                    out.add(new Caption(f.format(), url));
                }
            }
        }
        return out;
    }

    private static String vtt(List<Caption> captions) {
        return captions.stream().filter(c -> c.format().equals("VTT")).map(Caption::url).findFirst().orElse(null);
    }

    private static Media media(String publicUrl, String storedPath) {
        String url = local(publicUrl);
        if (url == null || storedPath == null) {
            return null;
        }
        String type = RssPublisher.mediaType(storedPath);
        return new Media(url, type, type.startsWith("video/"));
    }

    /**
     * The path of a published file on this hub ({@code /media/...}): the page plays it from the hub
     * that serves the page, whatever host {@code castwire.public-url} names for the feed.
     */
    static String local(String publicUrl) {
        if (publicUrl == null) {
            return null;
        }
        int at = publicUrl.indexOf("/media/");
        return at < 0 ? publicUrl : publicUrl.substring(at);
    }

    private String reason(String featuresJson) {
        if (featuresJson == null) {
            return "";
        }
        try {
            com.fasterxml.jackson.databind.JsonNode n = json.readTree(featuresJson);
            return n.path("reason").asText("");
        } catch (com.fasterxml.jackson.core.JsonProcessingException bad) {
            return "";
        }
    }

    private static String title(Episode e) {
        return e.title() != null ? e.title() : e.baseName();
    }

    private static String duration(Episode e) {
        Long ms = e.media().durationMs();
        return ms == null ? "" : ScoreTimeline.clock(ms);
    }
}
