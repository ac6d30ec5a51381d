package io.castwire.operations.queue;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.support.TestDatabases;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Job control on the real PostgreSQL server (127.0.0.1:5432, database test), in a throw-away schema. */
class JobControlPostgresTest extends JobControlContract {

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
