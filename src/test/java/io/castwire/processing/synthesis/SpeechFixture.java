package io.castwire.processing.synthesis;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.operations.budget.Budget;
import io.castwire.operations.budget.BudgetExceededException;
import io.castwire.operations.budget.PaidUse;
import io.castwire.processing.probe.Ffmpeg;
import io.castwire.publishing.delivery.Secrets;
import io.castwire.support.TestDatabases;
import io.castwire.support.TestMedia;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mock.env.MockEnvironment;

/**
 * A speech chain without Spring: the real cache on H2 (or PostgreSQL), the bundled ffmpeg, a
 * recording budget, and keys in a mock environment.
 */
final class SpeechFixture implements AutoCloseable {

    static final String KEY_ENV = "TEST_TTS_KEY";
    static final String KEY = "test-tts-key-123";

    final SynthesisProperties properties = new SynthesisProperties();
    final MockEnvironment env = new MockEnvironment().withProperty(KEY_ENV, KEY);
    final HubPaths paths;
    final Ffmpeg ffmpeg;
    final HikariDataSource db;
    final List<String> authorized = new CopyOnWriteArrayList<>();
    final List<PaidUse> recorded = new CopyOnWriteArrayList<>();
    volatile boolean overBudget;
    final ProviderCircuits circuits = new ProviderCircuits();
    final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

    SpeechFixture() {
        this(TestDatabases.h2());
    }

    SpeechFixture(HikariDataSource db) {
        this.db = db;
        CastwireProperties hub = new CastwireProperties();
        hub.setHome(Path.of("target", "synthesis-" + UUID.randomUUID()).toAbsolutePath());
        paths = new HubPaths(hub);
        ffmpeg = new Ffmpeg(hub, paths);
        properties.setProviders(new ArrayList<>());
        properties.setRetryDelay(Duration.ofMillis(10));
    }

    /** Adds a provider of the chain. */
    SynthesisProperties.Provider provider(String name, String type, String baseUrl) {
        SynthesisProperties.Provider p = new SynthesisProperties.Provider();
        p.setName(name);
        p.setType(type);
        p.setBaseUrl(baseUrl);
        p.setApiKeyEnv(KEY_ENV);
        p.setTimeout(Duration.ofSeconds(5));
        properties.getProviders().add(p);
        return p;
    }

    Budget budget() {
        return new Budget() {
            @Override
            public void authorize(long episodeId, PaidUse use) {
                authorized.add(use.provider());
                if (overBudget) {
                    throw new BudgetExceededException("show", use, BigDecimal.ONE, BigDecimal.ZERO);
                }
            }

            @Override
            public void record(long episodeId, PaidUse use) {
                recorded.add(use);
            }
        };
    }

    SpeechCache cache() {
        return new SpeechCache(new NamedParameterJdbcTemplate(db), paths, Clock.systemUTC());
    }

    SpeechChain chain() {
        return new SpeechChain(properties, new SpeechProviders(properties, new Secrets(env)), circuits,
                new AudioCheck(ffmpeg), cache(), budget(), paths, meters);
    }

    /** Audio made by ffmpeg from a lavfi source, in the given output format. */
    static byte[] tone(double seconds, String... format) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "test-media"));
            Path out = Files.createTempFile(dir.toAbsolutePath(), "tone-", ".bin");
            List<String> args = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-v", "error", "-f", "lavfi",
                    "-i", "sine=frequency=330:duration=" + seconds, "-ac", "1", "-ar", "24000"));
            args.addAll(List.of(format));
            args.add("file:" + out);
            Ffmpeg.Result r = TestMedia.ffmpeg().run(args);
            if (!r.ok()) {
                throw new IllegalStateException(r.stderr());
            }
            byte[] bytes = Files.readAllBytes(out);
            Files.delete(out);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] wav(double seconds) {
        return tone(seconds, "-f", "wav");
    }

    static byte[] mp3(double seconds) {
        return tone(seconds, "-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp3");
    }

    static byte[] pcm(double seconds) {
        return tone(seconds, "-f", "s16le", "-c:a", "pcm_s16le");
    }

    @Override
    public void close() {
        db.close();
    }
}
