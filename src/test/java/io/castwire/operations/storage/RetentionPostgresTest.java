package io.castwire.operations.storage;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.support.TestDatabases;

/** The retention rules on the real PostgreSQL server (V15 and the planner's queries are portable). */
class RetentionPostgresTest extends RetentionTest {

    private String schema;

    @Override
    protected HikariDataSource newDataSource() {
        schema = TestDatabases.newSchemaName();
        return TestDatabases.postgres(schema);
    }

    @Override
    protected void dropDataSource() {
        TestDatabases.dropSchema(schema);
    }
}
