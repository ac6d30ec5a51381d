package io.castwire.processing.synthesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.episode.ClipRepository;
import io.castwire.episode.Episode;
import io.castwire.episode.MediaInfo;
import io.castwire.processing.ProcessingStep;
import io.castwire.processing.synthesis.SynthesisRepository.Artifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Speaks the show's intro and outro and a teaser per top clip, and stitches intro + episode +
 * outro into one loudness-matched MP3 ({@code media/<show>/synthesis/<episode>/}). Runs after
 * clipping so the top clips exist. A text no provider could speak is recorded as text-only with
 * the reason and the episode goes on; only a failing ffmpeg or an exceeded budget fails the step.
 * Video episodes are not stitched (their picture would need a matching slate); their intro and
 * outro are still made.
 */
@Component
public class SynthesisStep implements ProcessingStep {

    private final SynthesisProperties properties;
    private final CastwireProperties hub;
    private final SpeechChain chain;
    private final Stitcher stitcher;
    private final SynthesisRepository repository;
    private final ClipRepository clips;
    private final HubPaths paths;
    private final ObjectMapper json;

    public SynthesisStep(SynthesisProperties properties, CastwireProperties hub, SpeechChain chain, Stitcher stitcher,
                         SynthesisRepository repository, ClipRepository clips, HubPaths paths, ObjectMapper json) {
        this.properties = properties;
        this.hub = hub;
        this.chain = chain;
        this.stitcher = stitcher;
        this.repository = repository;
        this.clips = clips;
        this.paths = paths;
        this.json = json;
    }

    @Override
    public String name() {
        return "synthesis";
    }

    @Override
    public int order() {
        return 45;
    }

    @Override
    public String run(Episode episode) throws Exception {
        if (!properties.appliesTo(episode.showSlug())) {
            return properties.isEnabled() ? "not configured for this show (castwire.synthesis.shows)" : "off";
        }
        SynthesisProperties.ShowTemplates t = properties.templatesOf(episode.showSlug());
        String title = episode.title() != null && !episode.title().isBlank() ? episode.title() : episode.baseName();
        Map<String, String> values = Map.of("show", episode.showSlug(), "title", title);
        List<Artifact> made = new ArrayList<>();
        Speech intro = speak(episode, "intro", 0, t.getIntro(), values, t.getVoice(), made);
        Speech outro = speak(episode, "outro", 0, t.getOutro(), values, t.getVoice(), made);
        int teasers = 0;
        for (ClipRepository.Clip c : topClips(episode.id())) {
            Map<String, String> v = Map.of("show", episode.showSlug(), "title", title, "clip", openingLine(c, title));
            Speech s = chain.speak(episode.id(), "synthesis-teaser", Templates.render(t.getTeaser(), v), t.getVoice());
            String stored = null;
            if (s.hasAudio()) {
                Path target = folder(episode).resolve("teaser-" + c.rank() + "-" + s.hash().substring(0, 12) + ".mp3");
                if (!Files.exists(target)) {
                    stitcher.toMp3(s.file(), paths.work(), target);
                    paths.written(target);
                }
                stored = paths.relativize(target);
                teasers++;
            }
            made.add(artifact("teaser", c.rank(), s, stored));
        }
        String stitched = stitch(episode, intro, outro, made);
        repository.replace(episode.id(), made);
        return describe("intro", intro) + ", " + describe("outro", outro) + ", " + teasers + " teaser(s); " + stitched;
    }

    private Speech speak(Episode e, String kind, int rank, String template, Map<String, String> values, String voice,
                         List<Artifact> made) throws IOException {
        if (template == null || template.isBlank()) {
            return null;
        }
        Speech s = chain.speak(e.id(), "synthesis-" + kind, Templates.render(template, values), voice);
        made.add(artifact(kind, rank, s, s.hasAudio() ? paths.relativize(s.file()) : null));
        return s;
    }

    private String stitch(Episode e, Speech intro, Speech outro, List<Artifact> made) throws IOException {
        String skipped = null;
        if (!properties.getStitching().isEnabled()) {
            skipped = "stitching is off (castwire.synthesis.stitching.enabled)";
        } else if (e.media() == null || MediaInfo.VIDEO.equals(e.media().kind())) {
            skipped = "video episodes are not stitched";
        } else if (!has(intro) && !has(outro)) {
            skipped = "no intro or outro audio to stitch";
        }
        if (skipped != null) {
            made.add(new Artifact("stitched", 0, SynthesisRepository.SKIPPED, null, null, null, null, null, null, skipped));
            return "not stitched: " + skipped;
        }
        String key = SpeechCache.hash((has(intro) ? intro.hash() : "-") + "|" + (has(outro) ? outro.hash() : "-") + "|"
                + e.contentHash(), properties.getStitching().getLoudness() + "/" + properties.getStitching().getBitrate());
        Path target = folder(e).resolve("stitched-" + key.substring(0, 12) + ".mp3");
        if (!Files.exists(target)) {
            Integer channels = e.media().channels();
            stitcher.stitch(has(intro) ? intro.file() : null, paths.resolve(e.mediaPath()), has(outro) ? outro.file() : null,
                    channels == null ? 2 : channels, paths.work(), target);
            paths.written(target);
        }
        long ms = (e.media().durationMs() == null ? 0 : e.media().durationMs()) + (has(intro) ? intro.durationMs() : 0)
                + (has(outro) ? outro.durationMs() : 0);
        made.add(new Artifact("stitched", 0, SynthesisRepository.STITCHED, "ffmpeg", null, null, key, paths.relativize(target),
                ms, null));
        return "stitched to " + properties.getStitching().getLoudness() + " LUFS";
    }

    private List<ClipRepository.Clip> topClips(long episodeId) {
        int n = properties.getTeasers().getCount();
        List<String> profiles = hub.getClips().getProfiles();
        if (n <= 0 || profiles.isEmpty()) {
            return List.of();
        }
        return clips.ofEpisode(episodeId).stream().filter(c -> c.profile().equals(profiles.get(0)))
                .sorted(Comparator.comparingInt(ClipRepository.Clip::rank)).limit(n).toList();
    }

    private String openingLine(ClipRepository.Clip c, String fallback) {
        try {
            JsonNode n = c.featuresJson() == null ? null : json.readTree(c.featuresJson());
            return n != null && n.hasNonNull("openingLine") ? n.get("openingLine").asText() : fallback;
        } catch (IOException e) {
            return fallback;
        }
    }

    private Path folder(Episode e) {
        return paths.within(paths.media(), e.showSlug() + "/synthesis/" + e.id());
    }

    private static boolean has(Speech s) {
        return s != null && s.hasAudio();
    }

    private static Artifact artifact(String kind, int rank, Speech s, String mediaPath) {
        return new Artifact(kind, rank, s.hasAudio() ? SynthesisRepository.SYNTHESIZED : SynthesisRepository.TEXT_ONLY,
                s.provider(), s.voice(), s.text(), s.hash(), mediaPath, s.hasAudio() ? s.durationMs() : null, s.reason());
    }

    private static String describe(String kind, Speech s) {
        if (s == null) {
            return kind + " none";
        }
        return s.hasAudio() ? kind + " by " + s.provider() + (s.cached() ? " (cached)" : "") : kind + " text-only";
    }
}
