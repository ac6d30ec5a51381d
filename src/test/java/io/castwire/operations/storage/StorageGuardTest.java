package io.castwire.operations.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.util.unit.DataSize;

class StorageGuardTest {

    private Locale before;

    @BeforeEach
    void pinLocale() {
        // human() formats with the default locale (see the disabled test below); pin it so these tests are stable
        before = Locale.getDefault();
        Locale.setDefault(Locale.US);
    }

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(before);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "0,                   0 B",
            "1,                   1 B",
            "1023,                1023 B",
            "1024,                1.0 KB",
            "1536,                1.5 KB",
            "1048576,             1.0 MB",
            "524288000,           500.0 MB",
            "1610612736,          1.5 GB",
            "10737418240,         10.0 GB",
            "1099511627776,       1.0 TB",
            "2251799813685248,    2048.0 TB",
    })
    void humanUsesBinaryUnitsWithOneDecimal(long bytes, String expected) {
        assertThat(StorageGuard.human(bytes)).isEqualTo(expected);
    }

    @Test
    void humanOfADataSize() {
        assertThat(StorageGuard.human(DataSize.ofMegabytes(200))).isEqualTo("200.0 MB");
        assertThat(StorageGuard.human(DataSize.ofGigabytes(10))).isEqualTo("10.0 GB");
    }

    @Test
    void humanUsesADecimalPointWhateverTheDefaultLocale() {
        Locale.setDefault(Locale.GERMANY);

        assertThat(StorageGuard.human(1536)).isEqualTo("1.5 KB");
    }
}
