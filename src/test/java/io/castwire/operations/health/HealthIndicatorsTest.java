package io.castwire.operations.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.common.backbone.BackboneProperties;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.MediaInfo;
import io.castwire.episode.NewEpisode;
import io.castwire.episode.ShowRepository;
import io.castwire.ingest.SidecarRepository;
import io.castwire.operations.storage.StorageGuard;
import io.castwire.publishing.delivery.DestinationsHealth;
import io.castwire.support.HubProcess;
import io.castwire.support.MutableClock;
import io.castwire.support.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.actuate.health.Status;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.util.unit.DataSize;

/** The storage and backbone checks on their own, and the probe groups as configured. */
class HealthIndicatorsTest {

    @TempDir
    Path home;
    private HikariDataSource ds;
    private CastwireProperties props;
    private HubPaths paths;
    private EpisodeRepository episodes;
    private StorageHealthIndicator storage;
    private long show;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));

    @BeforeEach
    void setUp() {
        ds = TestDatabases.h2();
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(ds);
        props = new CastwireProperties();
        props.setHome(home);
        props.getStorage().setQuota(DataSize.ofBytes(1000));
        props.getStorage().setMinFreeDisk(DataSize.ofBytes(0));
        paths = new HubPaths(props);
        episodes = new EpisodeRepository(jdbc, clock);
        show = new ShowRepository(jdbc, clock).findOrCreate("h");
        StorageGuard guard = new StorageGuard(props, episodes, new SidecarRepository(jdbc, clock), paths, clock);
        storage = new StorageHealthIndicator(paths, guard, props, new HealthProperties());
    }

    @AfterEach
    void tearDown() {
        ds.close();
    }

    private void stored(long bytes) {
        MediaInfo m = new MediaInfo(MediaInfo.AUDIO, "mp3", 1000L, "mp3", null, 44100, 1, null, null, 64);
        episodes.insert(new NewEpisode(show, "e.mp3", "e" + System.nanoTime(), "%064x".formatted(System.nanoTime()), bytes,
                "media/x.mp3", m), clock.instant(), "t");
    }

    @Test
    void storageIsUpThenWarnsThenDegradedWhenTheQuotaIsFull() {
        assertThat(storage.health().getStatus()).isEqualTo(Status.UP);
        stored(950);
        assertThat(storage.health().getStatus()).isEqualTo(Status.UP);
        assertThat(storage.health().getDetails().get("warning").toString()).contains("95.0 %");
        stored(50);
        assertThat(storage.health().getStatus()).isEqualTo(DestinationsHealth.DEGRADED);
        assertThat(storage.health().getDetails().get("reason").toString()).contains("QUOTA_EXCEEDED");
    }

    @Test
    void storageIsDegradedBelowTheDiskReserve() {
        props.getStorage().setMinFreeDisk(DataSize.ofTerabytes(1024));
        assertThat(storage.health().getStatus()).isEqualTo(DestinationsHealth.DEGRADED);
        assertThat(storage.health().getDetails().get("reason").toString()).contains("DISK_FULL");
    }

    @Test
    void storageIsDownWhenHomeCannotBeWritten() throws Exception {
        // root ignores permissions: a file where the work folder should be blocks every write there
        Files.delete(paths.work());
        Files.writeString(paths.work(), "not a folder");
        assertThat(storage.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(storage.health().getDetails().get("reason").toString()).startsWith("castwire.home is not writable");
    }

    @Test
    void kafkaBrokersThatDoNotAnswerAreDownAndTheResultIsReused() throws Exception {
        BackboneProperties b = new BackboneProperties();
        HealthProperties h = new HealthProperties();
        h.setTimeout(Duration.ofMillis(800));
        BackboneHealthIndicator backbone = new BackboneHealthIndicator(b, h, clock);
        assertThat(backbone.health().getStatus()).isEqualTo(Status.UP);
        assertThat(backbone.health().getDetails()).containsEntry("type", "seda");

        b.setType(BackboneProperties.Type.KAFKA);
        b.getKafka().setBootstrapServers("127.0.0.1:" + HubProcess.freePort());
        var down = backbone.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails().get("reason").toString()).startsWith("brokers did not answer within PT0.8S");
        assertThat(backbone.health()).as("cached for castwire.health.cache-for").isSameAs(down);
        clock.advance(Duration.ofSeconds(31));
        assertThat(backbone.health()).isNotSameAs(down);
    }

    @Test
    void readinessIsTheDatabaseAndStorageAndWithKafkaTheBackbone() {
        assertThat(include("application.yml")).isEqualTo("readinessState,db,storage");
        assertThat(include("application-kafka.yml")).isEqualTo("readinessState,db,storage,backbone");
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        Properties p = yaml.getObject();
        assertThat(p.getProperty("management.endpoint.health.show-details")).isEqualTo("when-authorized");
        assertThat(p.getProperty("management.endpoint.health.roles")).isEqualTo("ADMIN");
        assertThat(List.of(p.getProperty("management.endpoint.health.status.order").split(","))).startsWith("DOWN",
                "OUT_OF_SERVICE", "DEGRADED", "UP");
    }

    private static String include(String file) {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource(file));
        return yaml.getObject().getProperty("management.endpoint.health.group.readiness.include");
    }
}
