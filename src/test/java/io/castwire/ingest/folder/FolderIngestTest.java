package io.castwire.ingest.folder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/** Which database failures leave a file waiting in the inbox, and which are faults to report. */
class FolderIngestTest {

    @Test
    void anUnreachableOrBusyDatabaseOrALostRaceMeansWait() {
        assertThat(FolderIngest.isUnavailable(new CannotGetJdbcConnectionException("refused"))).isTrue();
        assertThat(FolderIngest.isUnavailable(new CannotAcquireLockException("busy"))).isTrue();
        assertThat(FolderIngest.isUnavailable(new DuplicateKeyException("raced"))).isTrue();
    }

    @Test
    void aValueTheSchemaRefusesOrBadSqlIsAFaultNotAWait() {
        assertThat(FolderIngest.isUnavailable(new DataIntegrityViolationException("value too long"))).isFalse();
        assertThat(FolderIngest.isUnavailable(new InvalidDataAccessResourceUsageException("syntax"))).isFalse();
    }
}
