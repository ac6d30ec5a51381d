package io.castwire.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.castwire.support.HubProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged hub with a wrong setting, as an operator meets it: the process stops with a non-zero
 * exit code and one clear line naming the key and the fix, without a stack trace, and the secret
 * that was wrong is not printed anywhere.
 */
class ConfigurationStartupIT {

    private static final String SECRET = "sk-live-DO-NOT-PRINT-4711 oops";

    @Test
    void aWrongSettingStopsTheHubWithOneLineAndNoStackTrace(@TempDir Path dir) throws Exception {
        try (HubProcess hub = new HubProcess(dir.resolve("home"), Map.of("CASTWIRE_TRANSCRIPTION_API_KEY", SECRET),
                List.of("--castwire.transcription.url=http://127.0.0.1:9"), "configuration-startup")) {
            int exit = hub.runToExit(Duration.ofSeconds(180));
            // the log file keeps earlier runs: this run's output follows the last start marker
            String all = hub.log();
            String log = all.substring(all.lastIndexOf("==== start "));
            assertThat(exit).as(log).isNotZero();
            List<String> lines = Arrays.asList(log.split("\\R"));
            assertThat(lines.stream().filter(l -> l.contains("castwire cannot start:")).toList()).as(log).containsExactly(
                    "castwire cannot start: castwire.transcription.api-key = [secret]: must be one word of printable characters "
                            + "(no spaces or line breaks). Fix: set castwire.transcription.api-key to a value that is one word of "
                            + "printable characters (no spaces or line breaks), or remove it to use the default");
            assertThat(log).doesNotContain("sk-live").doesNotContain("DO-NOT-PRINT");
            assertThat(lines).as("no stack trace").noneMatch(l -> l.matches("^\\s+at [\\w.$]+\\(.*"))
                    .noneMatch(l -> l.startsWith("Caused by:"));
        }
    }
}
