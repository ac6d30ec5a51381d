package io.castwire.processing.metadata;

import io.castwire.common.HubPaths;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.processing.ProcessingStep;
import io.castwire.processing.chapters.ChaptersStep;
import io.castwire.processing.transcript.TranscriptSegment;
import io.castwire.publishing.rss.Chapter;
import io.castwire.publishing.rss.FeedPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Generates title, description, tags and chapter titles after the chapters step, stores them with their source,
 * and fills the episode's own title and description only where the producer left them empty. Chapters an LLM
 * made (and the guard accepted) replace the detected ones in the chapters file the feed and Cablecast publish.
 * Why a field fell back to the extractive path goes on the episode's timeline.
 */
@Component
public class MetadataStep implements ProcessingStep {

    private final EpisodeRepository episodes;
    private final MetadataGenerator generator;
    private final MetadataRepository repository;
    private final MetadataProperties properties;
    private final FeedPublisher publisher;
    private final HubPaths paths;

    public MetadataStep(EpisodeRepository episodes, MetadataGenerator generator, MetadataRepository repository,
                        MetadataProperties properties, FeedPublisher publisher, HubPaths paths) {
        this.episodes = episodes;
        this.generator = generator;
        this.repository = repository;
        this.properties = properties;
        this.publisher = publisher;
        this.paths = paths;
    }

    @Override
    public String name() {
        return MetadataGenerator.STEP;
    }

    @Override
    public int order() {
        return 60;
    }

    @Override
    public String run(Episode episode) throws Exception {
        if (!properties.isEnabled()) {
            return "off (castwire.metadata.enabled=false)";
        }
        List<TranscriptSegment> segments = episodes.segments(episode.id());
        if (segments.isEmpty()) {
            return "none: the episode has no transcript";
        }
        long duration = episode.media().durationMs() == null ? 0 : episode.media().durationMs();
        MetadataGenerator.Result result = generator.generate(episode.id(), segments, duration);
        Optional<MetadataRepository.Stored> before = repository.find(episode.id());
        List<MetadataField> applied = new ArrayList<>();
        String previousTitle = before.filter(b -> b.applied().contains(MetadataField.TITLE))
                .map(b -> b.metadata().title()).orElse(null);
        if (repository.fillTitle(episode.id(), result.metadata().title(), previousTitle)) {
            applied.add(MetadataField.TITLE);
        }
        String previousDescription = before.filter(b -> b.applied().contains(MetadataField.DESCRIPTION))
                .map(b -> b.metadata().description()).orElse(null);
        if (repository.fillDescription(episode.id(), result.metadata().description(), previousDescription)) {
            applied.add(MetadataField.DESCRIPTION);
        }
        if (!MetadataGenerator.EXTRACTIVE.equals(result.sources().get(MetadataField.CHAPTERS))) {
            writeChapters(episode, result.metadata().chapters());
        }
        repository.save(episode.id(), result, applied);
        if (!result.notes().isEmpty()) {
            episodes.addEvent(episode.id(), "metadata", String.join("; ", result.notes()));
        }
        return summary(result, applied);
    }

    private void writeChapters(Episode episode, List<GeneratedChapter> chapters) throws Exception {
        Path file = ChaptersStep.chaptersFile(paths, episode);
        Files.createDirectories(file.getParent());
        List<Chapter> out = new ArrayList<>();
        for (int i = 0; i < chapters.size(); i++) {
            // the first chapter starts the episode, whatever silence comes before the first word
            long start = i == 0 ? 0 : chapters.get(i).startMillis();
            out.add(new Chapter(start / 1000.0, chapters.get(i).title()));
        }
        publisher.publishChapters(out, file);
        paths.written(file);
    }

    private static String summary(MetadataGenerator.Result r, List<MetadataField> applied) {
        StringBuilder b = new StringBuilder();
        for (MetadataField f : MetadataField.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(f.key()).append(' ').append(r.sources().get(f));
        }
        b.append(applied.isEmpty() ? "; the episode's own title and description kept"
                : "; filled the episode's empty " + String.join(" and ", applied.stream().map(MetadataField::key).toList()));
        return b.toString();
    }
}
