package io.castwire.processing.captions;

import io.castwire.common.HubPaths;
import io.castwire.episode.CaptionRepository;
import io.castwire.episode.CaptionRepository.CaptionFile;
import io.castwire.episode.ClipRepository;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.processing.ProcessingStep;
import io.castwire.processing.transcript.TranscriptSegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Writes SRT, WebVTT and broadcast SCC for the episode and for each of its clips, under
 * {@code media/<show>/captions/<episode>/}, and records them. Every file is written atomically and
 * the SCC passes castwire's own lint before it is kept.
 */
@Component
public class CaptionsStep implements ProcessingStep {

    private final EpisodeRepository episodes;
    private final ClipRepository clips;
    private final CaptionRepository captions;
    private final CaptionWriter writer;
    private final HubPaths paths;

    public CaptionsStep(EpisodeRepository episodes, ClipRepository clips, CaptionRepository captions, CaptionWriter writer,
                        HubPaths paths) {
        this.episodes = episodes;
        this.clips = clips;
        this.captions = captions;
        this.writer = writer;
        this.paths = paths;
    }

    @Override
    public String name() {
        return "captions";
    }

    @Override
    public int order() {
        return 40;
    }

    @Override
    public String run(Episode episode) throws Exception {
        List<TranscriptSegment> segments = episodes.segments(episode.id());
        if (segments.isEmpty()) {
            captions.replace(episode.id(), List.of());
            return "no captions: the episode has no transcript";
        }
        Path folder = paths.within(paths.media(), episode.showSlug() + "/captions/" + episode.id());
        List<CaptionFile> rows = new ArrayList<>();
        int shifted = record(rows, 0, writer.writeEpisode(segments, CaptionFiles.in(folder, "episode")),
                CaptionFiles.in(folder, "episode"));
        List<ClipRepository.Clip> clipRows = clips.ofEpisode(episode.id());
        for (ClipRepository.Clip c : clipRows) {
            CaptionFiles files = CaptionFiles.in(folder, c.profile() + "-" + c.rank());
            shifted += record(rows, c.id(), writer.writeClip(segments, c.startMs(), c.endMs(), files), files);
        }
        captions.replace(episode.id(), rows);
        return "SRT, WebVTT and SCC for the episode and " + clipRows.size() + " clips"
                + (shifted == 0 ? "" : "; " + shifted + " SCC captions shown later than asked (too close together)");
    }

    private int record(List<CaptionFile> rows, long clipId, SccCaptions scc, CaptionFiles files) {
        paths.written(files.srt());
        paths.written(files.vtt());
        paths.written(files.scc());
        rows.add(new CaptionFile(clipId, "SRT", paths.relativize(files.srt())));
        rows.add(new CaptionFile(clipId, "VTT", paths.relativize(files.vtt())));
        rows.add(new CaptionFile(clipId, "SCC", paths.relativize(files.scc())));
        return scc.shifts().size();
    }
}
