package io.castwire.publishing.cablecast;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.support.TestDatabases;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Cablecast tables on the real PostgreSQL server (127.0.0.1:5432, database test), in a throw-away schema. */
class CablecastTablesPostgresTest extends CablecastTablesContract {

    private static String schema;
    private static HikariDataSource ds;

    @BeforeAll
    static void start() {
        schema = TestDatabases.newSchemaName();
        ds = TestDatabases.postgres(schema);
    }

    @AfterAll
    static void stop() {
        ds.close();
        TestDatabases.dropSchema(schema);
    }

    @Override
    protected DataSource dataSource() {
        return ds;
    }
}
