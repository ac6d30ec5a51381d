package io.castwire.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.ingest.IngestRejection.Code;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private HubPaths paths;
    private Quarantine quarantine;

    @BeforeEach
    void setUp() {
        CastwireProperties properties = new CastwireProperties();
        properties.setHome(home);
        paths = new HubPaths(properties);
        quarantine = new Quarantine(paths, new ContentStore(paths), Clock.fixed(NOW, ZoneOffset.UTC), meters, json);
    }

    private Path inboxFile(String relative, String content) throws Exception {
        Path file = paths.inbox().resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private static IngestRejection notMedia() {
        return new IngestRejection(Code.NOT_MEDIA, "this is not an audio or video file", "export it again as MP3");
    }

    private double quarantined(Code code) {
        var counter = meters.find("castwire.ingest.quarantined").tag("code", code.name()).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void movesTheFileAndWritesItsExplanation() throws Exception {
        Path file = inboxFile("my-show/ep1.mp3", "not audio");

        Path target = quarantine.reject(file, "my-show", "ep1.mp3", notMedia());

        assertThat(target).isEqualTo(paths.quarantine().resolve("my-show/ep1.mp3"));
        assertThat(file).doesNotExist();
        assertThat(target).hasContent("not audio");
        JsonNode report = json.readTree(paths.quarantine().resolve("my-show/ep1.mp3.error.json").toFile());
        assertThat(report.get("code").asText()).isEqualTo("NOT_MEDIA");
        assertThat(report.get("reason").asText()).isEqualTo("this is not an audio or video file");
        assertThat(report.get("whatToDo").asText()).isEqualTo("export it again as MP3");
        assertThat(report.get("file").asText()).isEqualTo("ep1.mp3");
        assertThat(report.get("show").asText()).isEqualTo("my-show");
        assertThat(report.get("quarantinedAs").asText()).isEqualTo("quarantine/my-show/ep1.mp3");
        assertThat(report.get("quarantinedAt").asText()).isEqualTo("2026-03-04T05:06:07Z");
        assertThat(report.has("details")).isFalse();
    }

    @Test
    void explanationCarriesTheRejectionDetails() throws Exception {
        Path file = inboxFile("ep1.mp3", "x");
        IngestRejection truncated = new IngestRejection(Code.TRUNCATED, "cut short", "upload again",
                Map.of("headerDurationMs", 10_030L, "readableDurationMs", 4_964L));

        Path target = quarantine.reject(file, "default", "ep1.mp3", truncated);

        JsonNode report = json.readTree(Quarantine.errorFile(target).toFile());
        assertThat(report.get("details").get("headerDurationMs").asLong()).isEqualTo(10_030L);
        assertThat(report.get("details").get("readableDurationMs").asLong()).isEqualTo(4_964L);
    }

    @Test
    void secondFileWithTheSameNameGetsASuffixAndItsOwnExplanation() throws Exception {
        Path first = quarantine.reject(inboxFile("show/ep1.mp3", "first"), "show", "ep1.mp3", notMedia());
        Path second = quarantine.reject(inboxFile("show/ep1.mp3", "second"), "show", "ep1.mp3",
                new IngestRejection(Code.TRUNCATED, "cut short", "upload again"));

        assertThat(second).isEqualTo(paths.quarantine().resolve("show/ep1-1.mp3"));
        assertThat(first).hasContent("first");
        assertThat(second).hasContent("second");
        JsonNode firstReport = json.readTree(paths.quarantine().resolve("show/ep1.mp3.error.json").toFile());
        JsonNode secondReport = json.readTree(paths.quarantine().resolve("show/ep1-1.mp3.error.json").toFile());
        assertThat(firstReport.get("code").asText()).isEqualTo("NOT_MEDIA");
        assertThat(secondReport.get("code").asText()).isEqualTo("TRUNCATED");
        assertThat(secondReport.get("quarantinedAs").asText()).isEqualTo("quarantine/show/ep1-1.mp3");

        Path third = quarantine.reject(inboxFile("show/ep1.mp3", "third"), "show", "ep1.mp3", notMedia());
        assertThat(third).isEqualTo(paths.quarantine().resolve("show/ep1-2.mp3"));
    }

    @Test
    void leftoverExplanationWithoutItsFileIsNotOverwritten() throws Exception {
        Path show = Files.createDirectories(paths.quarantine().resolve("show"));
        Files.writeString(show.resolve("ep1.mp3.error.json"), "{\"code\":\"EARLIER\"}");

        Path target = quarantine.reject(inboxFile("show/ep1.mp3", "x"), "show", "ep1.mp3", notMedia());

        assertThat(target.getFileName().toString()).isEqualTo("ep1-1.mp3");
        assertThat(show.resolve("ep1.mp3.error.json")).hasContent("{\"code\":\"EARLIER\"}");
    }

    @Test
    void controlCharacterNameIsStoredSanitizedAndShownEscaped() throws Exception {
        String original = "ep\u0007\u001b1.mp3";
        Path file = inboxFile("show/" + original, "x");

        Path target = quarantine.reject(file, "show", original, notMedia());

        assertThat(target.getFileName().toString()).isEqualTo("ep1.mp3");
        String raw = Files.readString(Quarantine.errorFile(target));
        assertThat(raw).doesNotContain("\u0007").doesNotContain("\u001b");
        JsonNode report = json.readTree(raw);
        assertThat(report.get("file").asText()).isEqualTo("ep\\u0007\\u001b1.mp3");
    }

    @Test
    void showFolderIsASlugAndCannotLeaveTheQuarantine() throws Exception {
        Path target = quarantine.reject(inboxFile("x.mp3", "x"), "../../etc", "x.mp3", notMedia());

        assertThat(target).isEqualTo(paths.quarantine().resolve("etc/x.mp3"));

        Path unnamedShow = quarantine.reject(inboxFile("y.mp3", "y"), "!!!", "y.mp3", notMedia());
        assertThat(unnamedShow).isEqualTo(paths.quarantine().resolve("default/y.mp3"));
    }

    @Test
    void countsQuarantinedFilesByCode() throws Exception {
        quarantine.reject(inboxFile("a.mp3", "a"), "default", "a.mp3", notMedia());
        quarantine.reject(inboxFile("b.mp3", "b"), "default", "b.mp3", notMedia());
        quarantine.reject(inboxFile("c.mp3", "c"), "default", "c.mp3",
                new IngestRejection(Code.EMPTY_FILE, "empty", "drop again"));

        assertThat(quarantined(Code.NOT_MEDIA)).isEqualTo(2.0);
        assertThat(quarantined(Code.EMPTY_FILE)).isEqualTo(1.0);
        assertThat(quarantined(Code.TRUNCATED)).isZero();
    }

    @Test
    void leavesNoTemporaryFilesInWork() throws Exception {
        quarantine.reject(inboxFile("a.mp3", "a"), "default", "a.mp3", notMedia());

        try (Stream<Path> work = Files.list(paths.work())) {
            assertThat(work).isEmpty();
        }
    }

    @Test
    void nameNearTheFileSystemLimitIsStillQuarantinedWithItsExplanation() throws Exception {
        String original = "é".repeat(125) + ".mp3"; // 254 bytes in UTF-8: a legal name on ext4, xfs, tmpfs
        Path file = inboxFile(original, "x");

        Path target = quarantine.reject(file, "default", original, notMedia());

        assertThat(file).doesNotExist();
        assertThat(target).exists();
        assertThat(Quarantine.errorFile(target)).exists();
    }
}
