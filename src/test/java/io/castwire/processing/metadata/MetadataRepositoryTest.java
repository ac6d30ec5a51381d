package io.castwire.processing.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.castwire.episode.EpisodeMetadata;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.MediaInfo;
import io.castwire.episode.NewEpisode;
import io.castwire.episode.ShowRepository;
import io.castwire.support.MutableClock;
import io.castwire.support.TestDatabases;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** generated_metadata (V12) and the fill rules, on H2 and on the real PostgreSQL server. */
class MetadataRepositoryTest {

    private HikariDataSource ds;
    private String schema;
    private EpisodeRepository episodes;
    private MetadataRepository repository;
    private long show;

    private void open(String database) {
        if (database.equals("postgres")) {
            schema = TestDatabases.newSchemaName();
            ds = TestDatabases.postgres(schema);
        } else {
            ds = TestDatabases.h2();
        }
        MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(ds);
        episodes = new EpisodeRepository(jdbc, clock);
        repository = new MetadataRepository(jdbc, new ObjectMapper(), clock);
        show = new ShowRepository(jdbc, clock).findOrCreate("meta-repo");
    }

    @AfterEach
    void close() {
        ds.close();
        if (schema != null) {
            TestDatabases.dropSchema(schema);
        }
    }

    private long episode() {
        MediaInfo m = new MediaInfo(MediaInfo.AUDIO, "mp3", 60_000L, "mp3", null, 44100, 1, null, null, 64);
        return episodes.insert(new NewEpisode(show, "e.mp3", "e", "%064x".formatted(System.nanoTime()), 1, "media/x.mp3", m),
                Instant.parse("2026-11-21T10:00:00Z"), "t");
    }

    private static MetadataGenerator.Result result(String title, String description) {
        return new MetadataGenerator.Result(new GeneratedMetadata(title, description, List.of("compost", "worm bin"),
                List.of(new GeneratedChapter(0, 30_000, "Green and brown"), new GeneratedChapter(30_000, 60_000, "Worms"))),
                Map.of(MetadataField.TITLE, "llm:gemini", MetadataField.DESCRIPTION, "extractive",
                        MetadataField.TAGS, "llm:gemini", MetadataField.CHAPTERS, "llm:gemini"),
                List.of("answer 1 refused by the grounding guard: description: names 'Monty Don'"), 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void savedMetadataReadsBackWithItsSources(String database) {
        open(database);
        long id = episode();
        repository.save(id, result("Home composting", "Compost at home."), List.of(MetadataField.TITLE));
        repository.save(id, result("Home composting, again", "Compost at home."), List.of(MetadataField.TITLE));

        MetadataRepository.Stored s = repository.find(id).orElseThrow();
        assertThat(s.metadata().title()).isEqualTo("Home composting, again");
        assertThat(s.metadata().tags()).containsExactly("compost", "worm bin");
        assertThat(s.metadata().chapters()).extracting(GeneratedChapter::title).containsExactly("Green and brown", "Worms");
        assertThat(s.sources()).containsEntry(MetadataField.TITLE, "llm:gemini")
                .containsEntry(MetadataField.DESCRIPTION, "extractive");
        assertThat(s.applied()).containsExactly(MetadataField.TITLE);
        assertThat(s.notes()).contains("Monty Don");
        assertThat(s.llmCalls()).isEqualTo(2);
        assertThat(repository.find(id + 1000)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void generatedValuesFillOnlyWhatIsEmptyOrWasGeneratedBefore(String database) {
        open(database);
        long empty = episode();
        assertThat(repository.fillTitle(empty, "Generated", null)).isTrue();
        assertThat(repository.fillDescription(empty, "Generated words.", null)).isTrue();
        // a later run replaces its own earlier value
        assertThat(repository.fillTitle(empty, "Better", "Generated")).isTrue();
        assertThat(episodes.findById(empty).orElseThrow().title()).isEqualTo("Better");

        long produced = episode();
        episodes.updateMetadata(produced, new EpisodeMetadata("The producer's title", "The producer's words.", null, null));
        assertThat(repository.fillTitle(produced, "Generated", null)).isFalse();
        assertThat(repository.fillDescription(produced, "Generated words.", "Older generated words.")).isFalse();
        assertThat(episodes.findById(produced).orElseThrow().title()).isEqualTo("The producer's title");
        assertThat(episodes.findById(produced).orElseThrow().description()).isEqualTo("The producer's words.");

        // an admin's edit after a fill is the episode's own title now
        episodes.editMetadata(empty, "Admin's title", null, null);
        assertThat(repository.fillTitle(empty, "Generated again", "Better")).isFalse();
        assertThat(episodes.findById(empty).orElseThrow().title()).isEqualTo("Admin's title");
    }
}
