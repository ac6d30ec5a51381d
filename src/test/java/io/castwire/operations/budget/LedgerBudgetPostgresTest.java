package io.castwire.operations.budget;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.support.TestDatabases;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The budget guard contract on the real PostgreSQL server (127.0.0.1:5432, database test), in a throw-away schema. */
class LedgerBudgetPostgresTest extends LedgerBudgetContract {

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
