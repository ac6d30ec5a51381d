package io.castwire.support;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Databases for repository tests: H2 in PostgreSQL mode (the embedded default) and the real
 * PostgreSQL server of the CI machine, each in a fresh schema migrated by the project's Flyway scripts.
 */
public final class TestDatabases {

    /** Override with -Dcastwire.test.postgres.url=... when PostgreSQL runs elsewhere. */
    public static final String POSTGRES_URL = System.getProperty("castwire.test.postgres.url",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String POSTGRES_USER = System.getProperty("castwire.test.postgres.user",
            System.getProperty("user.name"));

    private TestDatabases() {
    }

    public static HikariDataSource h2() {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl("jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        ds.setUsername("sa");
        migrate(ds, null);
        return ds;
    }

    /** A fresh schema on the real PostgreSQL server; drop it with {@link #dropSchema}. */
    public static HikariDataSource postgres(String schema) {
        HikariDataSource admin = plain(POSTGRES_URL);
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + POSTGRES_URL + " is needed for this test: " + e.getMessage(), e);
        } finally {
            admin.close();
        }
        HikariDataSource ds = plain(POSTGRES_URL + "?currentSchema=" + schema);
        ds.setMaximumPoolSize(12);
        migrate(ds, schema);
        return ds;
    }

    public static String newSchemaName() {
        return "cw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public static void dropSchema(String schema) {
        try (HikariDataSource admin = plain(POSTGRES_URL); Connection c = admin.getConnection();
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HikariDataSource plain(String url) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername(POSTGRES_USER);
        ds.setMaximumPoolSize(2);
        return ds;
    }

    private static void migrate(DataSource ds, String schema) {
        var config = Flyway.configure().dataSource(ds).locations("classpath:db/migration",
                "classpath:db/vendor/" + (schema != null ? "postgresql" : "h2"));
        if (schema != null) {
            config.schemas(schema).defaultSchema(schema);
        }
        config.load().migrate();
    }
}
