package io.castwire.operations.queue;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.support.TestDatabases;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Job control on H2 (the embedded default). */
class JobControlH2Test extends JobControlContract {

    private static HikariDataSource ds;

    @BeforeAll
    static void start() {
        ds = TestDatabases.h2();
        ds.setMaximumPoolSize(14);
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
