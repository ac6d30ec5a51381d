package io.castwire.publishing.youtube;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.support.TestDatabases;

/** The same bean tests on the real PostgreSQL server (V6 and the repositories' SQL there). */
class YoutubeDestinationPostgresTest extends YoutubeDestinationTest {

    private String schema;

    @Override
    protected HikariDataSource newDataSource() {
        schema = TestDatabases.newSchemaName();
        return TestDatabases.postgres(schema);
    }

    @Override
    protected void dropDataSource(HikariDataSource ds) {
        ds.close();
        TestDatabases.dropSchema(schema);
    }
}
