package io.castwire.processing.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.episode.EpisodeRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The {@code generated_metadata} table (V12), and filling an episode's empty title and description from it. */
@Repository
public class MetadataRepository {

    private static final TypeReference<List<String>> TAGS = new TypeReference<>() { };
    private static final TypeReference<List<GeneratedChapter>> CHAPTERS = new TypeReference<>() { };

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    public MetadataRepository(NamedParameterJdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * An episode's stored metadata.
     *
     * @param applied the fields that were written into the episode's own title or description
     */
    public record Stored(GeneratedMetadata metadata, Map<MetadataField, String> sources, List<MetadataField> applied,
                         String notes, int llmCalls, Instant createdAt) {
    }

    /** Replaces the episode's generated metadata. */
    @Transactional
    public void save(long episodeId, MetadataGenerator.Result r, List<MetadataField> applied) {
        jdbc.update("DELETE FROM generated_metadata WHERE episode_id = :id", Map.of("id", episodeId));
        GeneratedMetadata m = r.metadata();
        jdbc.update("""
                INSERT INTO generated_metadata (episode_id, title, title_source, description, description_source, tags,
                    tags_source, chapters, chapters_source, applied, notes, llm_calls, created_at)
                VALUES (:id, :title, :titleSource, :description, :descriptionSource, :tags, :tagsSource, :chapters,
                    :chaptersSource, :applied, :notes, :calls, :now)
                """, new MapSqlParameterSource().addValue("id", episodeId)
                .addValue("title", truncate(m.title(), 500)).addValue("titleSource", r.sources().get(MetadataField.TITLE))
                .addValue("description", m.description())
                .addValue("descriptionSource", r.sources().get(MetadataField.DESCRIPTION))
                .addValue("tags", write(m.tags())).addValue("tagsSource", r.sources().get(MetadataField.TAGS))
                .addValue("chapters", write(m.chapters()))
                .addValue("chaptersSource", r.sources().get(MetadataField.CHAPTERS))
                .addValue("applied", String.join(",", applied.stream().map(MetadataField::key).toList()))
                .addValue("notes", truncate(r.notes().isEmpty() ? null : String.join("; ", r.notes()), 4000))
                .addValue("calls", r.llmCalls())
                .addValue("now", EpisodeRepository.tsOf(clock.instant().truncatedTo(ChronoUnit.MICROS))));
    }

    public Optional<Stored> find(long episodeId) {
        return jdbc.query("SELECT * FROM generated_metadata WHERE episode_id = :id", Map.of("id", episodeId),
                (rs, n) -> {
                    Map<MetadataField, String> sources = new EnumMap<>(MetadataField.class);
                    for (MetadataField f : MetadataField.values()) {
                        sources.put(f, rs.getString(f.key() + "_source"));
                    }
                    List<MetadataField> applied = Arrays.stream(rs.getString("applied").split(","))
                            .filter(s -> !s.isBlank()).map(s -> MetadataField.valueOf(s.toUpperCase(java.util.Locale.ROOT)))
                            .toList();
                    GeneratedMetadata m = new GeneratedMetadata(rs.getString("title"), rs.getString("description"),
                            read(rs.getString("tags"), TAGS), read(rs.getString("chapters"), CHAPTERS));
                    OffsetDateTime created = rs.getObject("created_at", OffsetDateTime.class);
                    return new Stored(m, sources, applied, rs.getString("notes"), rs.getInt("llm_calls"),
                            created == null ? null : created.toInstant());
                }).stream().findFirst();
    }

    /**
     * Sets the episode's title to a generated one, only while it has none of its own: it is empty, or still the
     * generated title an earlier run put there ({@code previous}). A producer's or admin's title is never touched.
     *
     * @return true when the title was written
     */
    public boolean fillTitle(long episodeId, String title, String previous) {
        return fill("title", episodeId, truncate(title, 500), previous);
    }

    /** Like {@link #fillTitle} for the description. */
    public boolean fillDescription(long episodeId, String description, String previous) {
        return fill("description", episodeId, description, previous);
    }

    private boolean fill(String column, long episodeId, String value, String previous) {
        if (value == null || value.isBlank()) {
            return false;
        }
        // the column name is one of two constants, never message data
        String sql = "UPDATE episodes SET " + column + " = :value, updated_at = :now WHERE id = :id AND ("
                + column + " IS NULL OR " + column + " = '' OR " + column + " = :previous)";
        return jdbc.update(sql, new MapSqlParameterSource().addValue("value", value)
                .addValue("previous", previous == null ? "" : previous).addValue("id", episodeId)
                .addValue("now", EpisodeRepository.tsOf(clock.instant().truncatedTo(ChronoUnit.MICROS)))) == 1;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored generated metadata is not JSON", e);
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
