package io.castwire.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.support.HubProcess;
import io.castwire.support.TcpProxy;
import io.castwire.support.TestDatabases;
import io.castwire.support.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production database (the real PostgreSQL server) drops off the network while a producer
 * drops a file: the file stays in the inbox, untouched and not quarantined, and is taken when the
 * database is back.
 */
class DatabaseOutageIT {

    private static final String PASSWORD = "outage-test-pw";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void filesWaitInTheInboxWhileTheDatabaseIsAway(@TempDir Path dir) throws Exception {
        String schema = TestDatabases.newSchemaName();
        TestDatabases.postgres(schema).close();
        int proxyPort = HubProcess.freePort();
        java.net.URI pg = java.net.URI.create(TestDatabases.POSTGRES_URL.substring("jdbc:".length()));
        Path home = dir.resolve("data");
        try (TcpProxy proxy = new TcpProxy(proxyPort, pg.getHost(), pg.getPort()).start();
             HubProcess hub = new HubProcess(home, Map.of(
                     "CASTWIRE_ADMIN_PASSWORD", PASSWORD,
                     "CASTWIRE_DB_URL", "jdbc:postgresql://127.0.0.1:" + proxyPort + pg.getPath() + "?currentSchema=" + schema,
                     "CASTWIRE_DB_USER", TestDatabases.POSTGRES_USER),
                     List.of("--castwire.ingest.settle-time=300ms", "--castwire.ingest.poll-interval=200ms",
                             "--castwire.ingest.transcript-wait=0s", "--spring.datasource.hikari.connection-timeout=1000")).start()) {
            Path show = Files.createDirectories(home.resolve("inbox/pg-show"));
            Files.copy(TestMedia.mp3(2), show.resolve("before.mp3"));
            await().atMost(Duration.ofSeconds(30)).until(() -> episodes(hub).size() == 1);

            proxy.stop();
            Path waiting = show.resolve("during.mp3");
            Files.copy(TestMedia.mp3(2), waiting);
            long size = Files.size(waiting);
            int logLength = hub.log().length();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    hub.log().substring(logLength).contains("Database unavailable while taking pg-show/during.mp3"));
            assertThat(waiting).exists().hasSize(size);
            assertThat(home.resolve("quarantine/pg-show")).doesNotExist();
            assertThat(hub.status("/api/episodes", PASSWORD)).isEqualTo(503);

            proxy.start();
            // the API may still answer 503 for a moment while the pool reconnects
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
                JsonNode items = episodes(hub);
                return items.size() == 2 && items.get(0).get("state").asText().equals("PUBLISHED");
            });
            assertThat(waiting).doesNotExist();
            assertThat(episodes(hub).get(0).get("file").asText()).isEqualTo("during.mp3");
        } finally {
            TestDatabases.dropSchema(schema);
        }
    }

    private JsonNode episodes(HubProcess hub) throws Exception {
        return json.readTree(hub.get("/api/episodes?show=pg-show", PASSWORD)).get("items");
    }
}
