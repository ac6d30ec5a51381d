package io.castwire.processing.chapters;

import io.castwire.common.HubPaths;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.processing.ProcessingStep;
import io.castwire.processing.transcript.TranscriptSegment;
import io.castwire.publishing.rss.Chapter;
import io.castwire.publishing.rss.FeedPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Finds chapters in the transcript (topic shifts) and writes them as Podcasting 2.0 JSON chapters to
 * {@code media/<show>/chapters/<episode>.json}, atomically; the feed links them per episode.
 */
@Component
public class ChaptersStep implements ProcessingStep {

    private final EpisodeRepository episodes;
    private final ChapterDetector detector;
    private final FeedPublisher publisher;
    private final HubPaths paths;

    public ChaptersStep(EpisodeRepository episodes, ChapterDetector detector, FeedPublisher publisher, HubPaths paths) {
        this.episodes = episodes;
        this.detector = detector;
        this.publisher = publisher;
        this.paths = paths;
    }

    /** Where an episode's chapters file is kept. */
    public static Path chaptersFile(HubPaths paths, Episode episode) {
        return paths.within(paths.media(), episode.showSlug() + "/chapters/" + episode.id() + ".json");
    }

    @Override
    public String name() {
        return "chapters";
    }

    @Override
    public int order() {
        return 50;
    }

    @Override
    public String run(Episode episode) throws Exception {
        List<TranscriptSegment> segments = episodes.segments(episode.id());
        Path file = chaptersFile(paths, episode);
        if (segments.isEmpty()) {
            Files.deleteIfExists(file);
            return "no chapters: the episode has no transcript";
        }
        long duration = episode.media().durationMs() == null ? 0 : episode.media().durationMs();
        List<DetectedChapter> found = detector.detect(segments, duration);
        Files.createDirectories(file.getParent());
        publisher.publishChapters(found.stream().map(c -> new Chapter(c.startMillis() / 1000.0, c.title())).toList(), file);
        paths.written(file);
        return found.size() + " chapters";
    }
}
