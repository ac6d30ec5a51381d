package io.castwire.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/** Which database failures leave a file waiting in its inbox (folder or bucket), and which are faults to report. */
class IngestGateTest {

    @Test
    void anUnreachableOrBusyDatabaseOrALostRaceMeansWait() {
        assertThat(IngestGate.isUnavailable(new CannotGetJdbcConnectionException("refused"))).isTrue();
        assertThat(IngestGate.isUnavailable(new CannotAcquireLockException("busy"))).isTrue();
        assertThat(IngestGate.isUnavailable(new DuplicateKeyException("raced"))).isTrue();
    }

    @Test
    void aValueTheSchemaRefusesOrBadSqlIsAFaultNotAWait() {
        assertThat(IngestGate.isUnavailable(new DataIntegrityViolationException("value too long"))).isFalse();
        assertThat(IngestGate.isUnavailable(new InvalidDataAccessResourceUsageException("syntax"))).isFalse();
    }
}
