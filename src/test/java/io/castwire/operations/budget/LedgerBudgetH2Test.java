package io.castwire.operations.budget;

import com.zaxxer.hikari.HikariDataSource;
import io.castwire.support.TestDatabases;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The budget guard contract on H2 in PostgreSQL mode, the embedded default database. */
class LedgerBudgetH2Test extends LedgerBudgetContract {

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
