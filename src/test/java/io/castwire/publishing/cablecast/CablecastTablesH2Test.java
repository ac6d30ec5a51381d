package io.castwire.publishing.cablecast;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.support.TestDatabases;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Cablecast tables on H2 in PostgreSQL mode (the embedded database). */
class CablecastTablesH2Test extends CablecastTablesContract {

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
