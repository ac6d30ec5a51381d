package io.castwire.publishing.webhook;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.support.TestDatabases;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The webhook outbox contract on H2 in PostgreSQL mode, the embedded default database. */
class WebhookDeliveriesH2Test extends WebhookDeliveriesContract {

    private static HikariDataSource ds;

    @BeforeAll
    static void start() {
        ds = TestDatabases.h2();
    }

    @AfterAll
    static void stop() {
        ds.close();
    }

    @Override
    protected DataSource dataSource() {
        return ds;
    }
}
