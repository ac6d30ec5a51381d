package io.castwire.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.support.HubProcess;
import io.castwire.support.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two castwire instances share the real PostgreSQL server with the clustered Quartz job store, as
 * replicas do on Kubernetes: a job scheduled every second runs exactly once per fire time, never
 * on both; when the instance that ran it is killed, the other one takes the schedule over.
 */
class ClusteredSchedulerIT {

    private static final String PASSWORD = "cluster-test-pw";
    private static final String JOB = "storage-cleanup";

    @Test
    void eachFireRunsOnExactlyOneInstanceAndSurvivesTheLossOfOne(@TempDir Path dir) throws Exception {
        String schema = TestDatabases.newSchemaName();
        TestDatabases.postgres(schema).close();
        String url = TestDatabases.POSTGRES_URL + "?currentSchema=" + schema;
        Map<String, String> env = Map.of("CASTWIRE_ADMIN_PASSWORD", PASSWORD, "CASTWIRE_DB_URL", url,
                "CASTWIRE_DB_USER", TestDatabases.POSTGRES_USER, "CASTWIRE_SCHEDULER_STORE", "jdbc");
        List<String> every = List.of("--castwire.sync." + JOB + ".cron=0/1 * * * * ?");
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername(TestDatabases.POSTGRES_USER);
        ds.setMaximumPoolSize(2);
        JdbcTemplate db = new JdbcTemplate(ds);
        try (HubProcess a = new HubProcess(dir.resolve("a").resolve("data"), env, args(every, "node-a")).start();
             HubProcess b = new HubProcess(dir.resolve("b").resolve("data"), env, args(every, "node-b")).start()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> finished(db) >= 8);
            assertNoFireRanTwice(db);
            assertThat(db.queryForList("SELECT DISTINCT instance_id FROM sync_runs WHERE job = ?", String.class, JOB))
                    .isSubsetOf("node-a", "node-b");

            // kill the instance that ran the newest fire; the other one carries on
            String last = db.queryForObject("SELECT instance_id FROM sync_runs WHERE job = ? ORDER BY scheduled_at DESC "
                    + "LIMIT 1", String.class, JOB);
            HubProcess victim = last.equals("node-a") ? a : b;
            String survivor = last.equals("node-a") ? "node-b" : "node-a";
            victim.kill();
            Instant killed = Instant.now();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    db.queryForObject("SELECT COUNT(*) FROM sync_runs WHERE job = ? AND instance_id = ? AND started_at > ? "
                            + "AND outcome = 'OK'", Integer.class, JOB, survivor, java.sql.Timestamp.from(killed)) >= 4);
            assertNoFireRanTwice(db);
        } finally {
            ds.close();
            TestDatabases.dropSchema(schema);
        }
    }

    private static List<String> args(List<String> common, String instance) {
        List<String> all = new java.util.ArrayList<>(common);
        all.add("--castwire.instance-id=" + instance);
        return all;
    }

    private static int finished(JdbcTemplate db) {
        return db.queryForObject("SELECT COUNT(*) FROM sync_runs WHERE job = ? AND outcome = 'OK' AND scheduled_at IS NOT NULL",
                Integer.class, JOB);
    }

    private static void assertNoFireRanTwice(JdbcTemplate db) {
        List<Map<String, Object>> twice = db.queryForList("SELECT scheduled_at, COUNT(*) AS n FROM sync_runs WHERE job = ? "
                + "GROUP BY scheduled_at HAVING COUNT(*) > 1", JOB);
        assertThat(twice).as("fire times that ran on more than one instance").isEmpty();
    }
}
