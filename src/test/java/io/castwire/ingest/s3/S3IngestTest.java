package io.castwire.ingest.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.common.storage.S3Properties;
import io.castwire.ingest.ContentStore;
import io.castwire.ingest.FileNames;
import io.castwire.ingest.IngestOutcome;
import io.castwire.ingest.Quarantine;
import io.castwire.support.S3Server;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import java.time.Clock;

/** The S3 inbox's prefixes, start-up clean-up, and the size check done before any download. */
class S3IngestTest {

    @Test
    void mediaAboveTheLimitIsQuarantinedWithoutReadingABody(@TempDir Path home) throws Exception {
        CastwireProperties castwire = new CastwireProperties();
        castwire.setHome(home);
        castwire.getIngest().setMaxFileSize(DataSize.ofKilobytes(1));
        HubPaths paths = new HubPaths(castwire);
        S3Properties s3props = new S3Properties();
        String bucket = S3Server.shared().newBucket("too-large");
        s3props.getIngest().setBucket(bucket);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        try (S3Client s3 = S3Server.shared().client()) {
            s3.putObject(r -> r.bucket(bucket).key("inbox/big-show/huge.mp3"), RequestBody.fromBytes(new byte[2048]));
            S3Ingest ingest = new S3Ingest(s3, s3props, null, new Quarantine(paths, new ContentStore(paths),
                    Clock.systemUTC(), meters, json), paths, meters, new FileNames(castwire), castwire);
            InputStream unread = new InputStream() {
                @Override
                public int read() {
                    throw new AssertionError("the body must not be read");
                }
            };

            IngestOutcome outcome = ingest.accept("inbox/big-show/huge.mp3", unread, 2048L);

            assertThat(outcome.result()).isEqualTo(IngestOutcome.Result.QUARANTINED);
            JsonNode report = json.readTree(s3.getObjectAsBytes(r -> r.bucket(bucket)
                    .key("quarantine/big-show/huge.mp3.error.json")).asByteArray());
            assertThat(report.get("code").asText()).isEqualTo("TOO_LARGE");
            assertThat(report.get("show").asText()).isEqualTo("big-show");
            assertThat(report.get("details").get("sizeBytes").asLong()).isEqualTo(2048);
            assertThat(s3.listObjects(r -> r.bucket(bucket).prefix("inbox/")).contents()).isEmpty();
            assertThat(s3.headObject(r -> r.bucket(bucket).key("quarantine/big-show/huge.mp3")).contentLength())
                    .isEqualTo(2048);
            assertThat(meters.counter("castwire.ingest.quarantined", "code", "TOO_LARGE").count()).isEqualTo(1.0);
        }
    }

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
