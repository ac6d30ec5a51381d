package io.castwire.ingest.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 inbox's prefixes and start-up clean-up, without a bucket. */
class S3IngestTest {

    @Test
    void prefixesBecomeFoldersWithoutALeadingSlash() {
        assertThat(S3Ingest.folder("inbox")).isEqualTo("inbox/");
        assertThat(S3Ingest.folder("/team/inbox/")).isEqualTo("team/inbox/");
        assertThat(S3Ingest.folder("")).isEmpty();
        assertThat(S3Ingest.folder(null)).isEmpty();
    }

    @Test
    void processedAndQuarantinePrefixesMustLieOutsideTheInbox() {
        S3Ingest.checkDisjoint("inbox/", "processed/", "quarantine/");
        assertThatThrownBy(() -> S3Ingest.checkDisjoint("", "processed/", "quarantine/"))
                .hasMessageContaining("processed-prefix");
        assertThatThrownBy(() -> S3Ingest.checkDisjoint("inbox/", "inbox/done/", "quarantine/"))
                .hasMessageContaining("processed-prefix");
        assertThatThrownBy(() -> S3Ingest.checkDisjoint("inbox/", "processed/", ""))
                .hasMessageContaining("quarantine-prefix");
        assertThatThrownBy(() -> S3Ingest.checkDisjoint("inbox/", "out/", "out/"))
                .hasMessageContaining("must differ");
    }

    @Test
    void downloadsACrashInterruptedAreRemovedAndNothingElse(@TempDir Path work) throws Exception {
        Path left = Files.createDirectories(work.resolve("s3-123"));
        Files.writeString(left.resolve("ep.mp3"), "half");
        Path tools = Files.createDirectories(work.resolve("tools"));
        Path other = Files.writeString(work.resolve("error-1.json"), "{}");

        S3Ingest.removeLeftovers(work);

        assertThat(left).doesNotExist();
        assertThat(tools).exists();
        assertThat(other).exists();
    }
}
