package io.castwire.processing.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.CastwireProperties;
import io.castwire.episode.ClipRepository;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.processing.ProcessingStep;
import io.castwire.processing.transcript.TranscriptSegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.stereotype.Component;

/**
 * Picks the best clips of an episode for every enabled profile ({@code castwire.clips.profiles})
 * from its transcript and stores them with their feature breakdown. Without a transcript there is
 * nothing to score, and the step says so.
 */
@Component
public class ClipScoringStep implements ProcessingStep {

    private final ClipScorer scorer;
    private final EpisodeRepository episodes;
    private final ClipRepository clips;
    private final ObjectMapper json;
    private final List<ClipProfile> profiles;
    private final int topN;

    public ClipScoringStep(ClipScorer scorer, EpisodeRepository episodes, ClipRepository clips, ObjectMapper json,
                           CastwireProperties properties) {
        this.scorer = scorer;
        this.episodes = episodes;
        this.clips = clips;
        this.json = json;
        this.topN = properties.getClips().getTopN();
        Map<String, ClipProfile> known = ClipProfile.defaults();
        List<ClipProfile> enabled = new ArrayList<>();
        for (String name : properties.getClips().getProfiles()) {
            ClipProfile p = known.get(name);
            if (p == null) {
                throw new IllegalStateException("castwire.clips.profiles names unknown profile '" + name
                        + "'; known profiles: " + String.join(", ", known.keySet()));
            }
            enabled.add(p);
        }
        this.profiles = List.copyOf(enabled);
    }

    /**
     * The cues that fall inside the media: a transcript may run past the end of the audio (a
     * wrong file, a longer edit); no clip may be planned where there is nothing to cut.
     */
    static List<TranscriptSegment> within(List<TranscriptSegment> segments, Long durationMs) {
        if (durationMs == null) {
            return segments;
        }
        List<TranscriptSegment> inside = new ArrayList<>();
        for (TranscriptSegment s : segments) {
            if (s.startMillis() < durationMs) {
                inside.add(s.endMillis() <= durationMs ? s
                        : new TranscriptSegment(s.index(), s.startMillis(), durationMs, s.text(), s.speaker()));
            }
        }
        return inside;
    }

    @Override
    public String name() {
        return "scoring";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public String run(Episode episode) throws JsonProcessingException {
        List<TranscriptSegment> segments = within(episodes.segments(episode.id()), episode.media().durationMs());
        if (segments.isEmpty()) {
            clips.replace(episode.id(), List.of());
            return "no clips: the episode has no transcript";
        }
        Map<String, List<ScoredClip>> top = scorer.topClips(segments, profiles, topN);
        List<ClipRepository.NewClip> rows = new ArrayList<>();
        StringJoiner summary = new StringJoiner(", ");
        for (Map.Entry<String, List<ScoredClip>> profile : top.entrySet()) {
            int rank = 1;
            for (ScoredClip c : profile.getValue()) {
                Map<String, Object> breakdown = new LinkedHashMap<>();
                breakdown.put("features", c.features());
                breakdown.put("reason", c.reason());
                breakdown.put("openingLine", c.openingLine());
                rows.add(new ClipRepository.NewClip(profile.getKey(), rank++, c.startMillis(), c.endMillis(), c.score(),
                        json.writeValueAsString(breakdown)));
            }
            summary.add(profile.getKey() + " " + profile.getValue().size());
        }
        clips.replace(episode.id(), rows);
        return rows.isEmpty() ? "no clips: the transcript is too short for any enabled profile"
                : rows.size() + " clips (" + summary + ")";
    }
}
