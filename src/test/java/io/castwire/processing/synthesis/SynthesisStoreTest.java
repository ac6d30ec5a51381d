package io.castwire.processing.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.processing.synthesis.SynthesisRepository.Artifact;
import io.castwire.support.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The V11 tables on H2 and on the real PostgreSQL server: the cache and the per-episode artefacts. */
class SynthesisStoreTest {

    private static HikariDataSource database(String kind, String[] schema) {
        if (kind.equals("h2")) {
            return TestDatabases.h2();
        }
        schema[0] = TestDatabases.newSchemaName();
        return TestDatabases.postgres(schema[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void cacheRowsPointAtCompleteFilesAndArtifactsAreReplacedPerRun(String kind) throws Exception {
        String[] schema = new String[1];
        try (SpeechFixture fx = new SpeechFixture(database(kind, schema))) {
            SpeechCache cache = fx.cache();
            String hash = SpeechCache.hash("Hello there.", "narrator");
            assertThat(cache.find(hash)).isEmpty();

            Path wav = Files.write(Files.createTempFile(fx.paths.work(), "t-", ".wav"), SpeechFixture.wav(1));
            SpeechCache.Entry e = cache.put(hash, "espeak-ng", "narrator", 12, 1000, wav);
            assertThat(e.file()).exists().hasParent(fx.paths.media().resolve("synthesis/cache"));
            assertThat(cache.find(hash)).get().satisfies(found -> {
                assertThat(found.provider()).isEqualTo("espeak-ng");
                assertThat(found.durationMs()).isEqualTo(1000);
            });
            // the same words again (a race, or a file lost and made again): one row, the newer file
            Path again = Files.write(Files.createTempFile(fx.paths.work(), "t-", ".wav"), SpeechFixture.wav(1));
            cache.put(hash, "freetts", "narrator", 12, 1010, again);
            assertThat(new NamedParameterJdbcTemplate(fx.db).queryForObject(
                    "SELECT COUNT(*) FROM synthesis_cache WHERE hash = :h", Map.of("h", hash), Integer.class)).isEqualTo(1);
            assertThat(cache.find(hash).get().provider()).isEqualTo("freetts");
            // a row whose file is gone is no hit
            Files.delete(e.file());
            assertThat(cache.find(hash)).isEmpty();

            SynthesisRepository repo = new SynthesisRepository(new NamedParameterJdbcTemplate(fx.db),
                    new TransactionTemplate(new DataSourceTransactionManager(fx.db)), Clock.systemUTC());
            repo.replace(42, List.of(
                    new Artifact("intro", 0, SynthesisRepository.SYNTHESIZED, "espeak-ng", "narrator", "Hi.", hash,
                            "media/synthesis/cache/x.wav", 900L, null),
                    new Artifact("teaser", 2, SynthesisRepository.TEXT_ONLY, null, "narrator", "Soon.", hash, null, null,
                            "no provider produced audio: a: HTTP 429")));
            repo.replace(42, List.of(new Artifact("outro", 0, SynthesisRepository.SYNTHESIZED, "openai", "narrator", "Bye.",
                    hash, "media/synthesis/cache/y.wav", 800L, null),
                    new Artifact("teaser", 1, SynthesisRepository.TEXT_ONLY, null, "narrator", "Soon.", null, null, null,
                            "not spoken: the text contains markup")));

            assertThat(repo.ofEpisode(42)).extracting(Artifact::kind, Artifact::rank, Artifact::provider)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("outro", 0, "openai"),
                            org.assertj.core.groups.Tuple.tuple("teaser", 1, null));
            assertThat(repo.details(43)).isNull();
            assertThat(repo.details(42).get("artifacts")).asList().hasSize(2);
        } finally {
            if (schema[0] != null) {
                TestDatabases.dropSchema(schema[0]);
            }
        }
    }
}
