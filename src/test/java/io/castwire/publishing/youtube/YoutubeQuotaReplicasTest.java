package io.castwire.publishing.youtube;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.publishing.delivery.DeferredDeliveryException;
import io.castwire.support.TestDatabases;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Replicas share one quota: two ledgers (as two castwire instances have) over the real PostgreSQL
 * server, many uploads asking at once, and together they never charge more than the daily limit.
 */
class YoutubeQuotaReplicasTest {

    private String schema;
    private HikariDataSource ds;

    @BeforeEach
    void database() {
        schema = TestDatabases.newSchemaName();
        ds = TestDatabases.postgres(schema);
    }

    @AfterEach
    void drop() {
        ds.close();
        TestDatabases.dropSchema(schema);
    }

    @Test
    void concurrentUploadsOnTwoReplicasNeverOverspendTheDay() throws Exception {
        YoutubeProperties props = new YoutubeProperties();
        props.setDailyLimit(5 * props.cost("videos.insert") + 10);
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(ds);
        YoutubeQuota[] replicas = {new YoutubeQuota(jdbc, props, Clock.systemUTC()),
                new YoutubeQuota(jdbc, props, Clock.systemUTC())};
        int uploads = 10;
        ExecutorService pool = Executors.newFixedThreadPool(uploads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < uploads; i++) {
                YoutubeQuota quota = replicas[i % 2];
                Callable<Boolean> upload = () -> {
                    start.await();
                    try {
                        quota.reserve("videos.insert", 0);
                        return true;
                    } catch (DeferredDeliveryException waits) {
                        return false;
                    }
                };
                results.add(pool.submit(upload));
            }
            start.countDown();
            int charged = 0;
            for (Future<Boolean> r : results) {
                charged += r.get() ? 1 : 0;
            }
            assertThat(charged).as("uploads that got quota").isEqualTo(5);
            assertThat(replicas[0].used()).isEqualTo(5 * props.cost("videos.insert"))
                    .isLessThanOrEqualTo(props.getDailyLimit());
            assertThat(replicas[1].usage()).containsOnlyKeys("videos.insert");
            assertThat(replicas[1].usage().get("videos.insert")).containsEntry("calls", 5L);
        } finally {
            pool.shutdownNow();
        }
    }
}
