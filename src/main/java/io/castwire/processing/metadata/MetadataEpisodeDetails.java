package io.castwire.processing.metadata;

import io.castwire.episode.EpisodeDetails;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The {@code generatedMetadata} section of {@code GET /api/episodes/{id}} (admins): the generated title,
 * description, tags and chapters (times in seconds), where each came from ({@code llm:<provider>} or
 * {@code extractive}), which of them filled the episode's own empty fields, and why any fell back. Absent until
 * the metadata step has run for the episode.
 */
@Component
public class MetadataEpisodeDetails implements EpisodeDetails {

    private final MetadataRepository repository;

    public MetadataEpisodeDetails(MetadataRepository repository) {
        this.repository = repository;
    }

    @Override
    public String key() {
        return "generatedMetadata";
    }

    @Override
    public Object of(long episodeId) {
        return repository.find(episodeId).map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("title", s.metadata().title());
            m.put("description", s.metadata().description());
            m.put("tags", s.metadata().tags());
            m.put("chapters", s.metadata().chapters().stream().map(c -> {
                Map<String, Object> ch = new LinkedHashMap<>();
                ch.put("start", c.startMillis() / 1000.0);
                ch.put("end", c.endMillis() / 1000.0);
                ch.put("title", c.title());
                return ch;
            }).toList());
            Map<String, String> sources = new LinkedHashMap<>();
            s.sources().forEach((f, source) -> sources.put(f.key(), source));
            m.put("sources", sources);
            m.put("applied", s.applied().stream().map(MetadataField::key).toList());
            m.put("llmCalls", s.llmCalls());
            m.put("notes", s.notes());
            m.put("generatedAt", s.createdAt());
            return m;
        }).orElse(null);
    }
}
