package io.castwire.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.episode.EpisodeMetadata;
import io.castwire.ingest.IngestRejection.Code;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataSidecarParserTest {

    private final MetadataSidecarParser parser = new MetadataSidecarParser(new ObjectMapper().findAndRegisterModules());

    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("ep1.meta.json"), json, StandardCharsets.UTF_8);
    }

    /** The rejection for this sidecar; fails the test when it is accepted. */
    private IngestRejection refused(String json) throws IOException {
        Path file = write(json);
        IngestRejection rejection = catchThrowableOfType(IngestRejection.class, () -> parser.parse(file));
        assertThat(rejection).as("sidecar should be refused: %s", json.length() > 200 ? json.substring(0, 200) : json)
                .isNotNull();
        assertThat(rejection.code()).isEqualTo(Code.MALFORMED_METADATA);
        assertThat(rejection.hint()).contains("fix the JSON");
        return rejection;
    }

    @Test
    void validFileWithAllFields() throws Exception {
        Path file = write("""
                {
                  "title": "  Episode 1: Beginnings  ",
                  "description": "We start.\\nSecond line.",
                  "publishAt": "2026-12-01T09:00:00+01:00",
                  "destinations": ["wordpress", "rss", "you-tube-2"]
                }
                """);

        EpisodeMetadata metadata = parser.parse(file);

        assertThat(metadata).isEqualTo(new EpisodeMetadata("Episode 1: Beginnings", "We start.\nSecond line.",
                Instant.parse("2026-12-01T08:00:00Z"), java.util.List.of("wordpress", "rss", "you-tube-2")));
    }

    @Test
    void missingNullAndBlankFieldsAreLeftAlone() throws Exception {
        EpisodeMetadata metadata = parser.parse(write("{\"title\": \"   \", \"description\": null}"));

        assertThat(metadata).isEqualTo(new EpisodeMetadata(null, null, null, null));
    }

    @Test
    void priorityIsReadAndAnUnknownOneRefused() throws Exception {
        assertThat(parser.parse(write("{\"priority\": \"URGENT\"}")).priority()).isEqualTo("urgent");
        assertThat(parser.parse(write("{\"title\": \"x\"}")).priority()).isNull();
        assertThat(refused("{\"priority\": \"asap\"}").getMessage()).contains("unknown priority 'asap'")
                .contains("urgent");
    }

    @Test
    void emptyDestinationListIsKeptAsEmpty() throws Exception {
        assertThat(parser.parse(write("{\"destinations\": []}")).destinations()).isEmpty();
    }

    @Test
    void unknownFieldIsRefusedNamingIt() throws Exception {
        IngestRejection rejection = refused("{\"title\": \"x\", \"publish_at\": \"2026-12-01T09:00:00Z\"}");

        assertThat(rejection.getMessage()).contains("unknown field 'publish_at'").contains("publishAt");
    }

    @Test
    void malformedJsonGivesLineAndColumn() throws Exception {
        IngestRejection rejection = refused("{\n  \"title\": \"x\",\n  \"description\": oops\n}\n");

        assertThat(rejection.getMessage()).contains("not valid JSON").contains("line 3, column ").contains("oops");
    }

    @Test
    void jsonThatIsNotAnObjectIsRefused() throws Exception {
        assertThat(refused("[\"title\"]").getMessage()).contains("one JSON object");
        assertThat(refused("").getMessage()).contains("one JSON object");
    }

    @Test
    void publishAtWithoutOffsetIsRefused() throws Exception {
        IngestRejection rejection = refused("{\"publishAt\": \"2026-12-01T09:00:00\"}");

        assertThat(rejection.getMessage()).contains("publishAt '2026-12-01T09:00:00'").contains("with offset");
    }

    @Test
    void publishAtThatIsADateOnlyOrANumberIsRefused() throws Exception {
        assertThat(refused("{\"publishAt\": \"2026-12-01\"}").getMessage()).contains("publishAt");
        assertThat(refused("{\"publishAt\": 1798000000}").getMessage()).contains("publishAt '1798000000'");
    }

    @Test
    void destinationsThatAreNotAnArrayAreRefused() throws Exception {
        IngestRejection rejection = refused("{\"destinations\": \"wordpress\"}");

        assertThat(rejection.getMessage()).contains("destinations must be a list");
    }

    @Test
    void destinationWithABadNameIsRefusedNamingIt() throws Exception {
        assertThat(refused("{\"destinations\": [\"wordpress\", \"Word Press\"]}").getMessage())
                .contains("\"Word Press\"").contains("not a destination name");
        assertThat(refused("{\"destinations\": [\"../etc\"]}").getMessage()).contains("../etc");
        assertThat(refused("{\"destinations\": [42]}").getMessage()).contains("destination 42");
        assertThat(refused("{\"destinations\": [\"\"]}").getMessage()).contains("not a destination name");
        assertThat(refused("{\"destinations\": [\"" + "a".repeat(51) + "\"]}").getMessage())
                .contains("not a destination name");
    }

    @Test
    void fileOver1MbIsRefusedBeforeParsing() throws Exception {
        byte[] bytes = new byte[(int) MetadataSidecarParser.MAX_BYTES + 1];
        Arrays.fill(bytes, (byte) ' ');
        bytes[0] = '{';
        bytes[bytes.length - 1] = '}';
        Path file = Files.write(dir.resolve("big.meta.json"), bytes);

        IngestRejection rejection = catchThrowableOfType(IngestRejection.class, () -> parser.parse(file));

        assertThat(rejection).isNotNull();
        assertThat(rejection.code()).isEqualTo(Code.MALFORMED_METADATA);
        assertThat(rejection.getMessage()).contains("larger than 1 MB");
    }

    @Test
    void fileOfExactly1MbIsRead() throws Exception {
        byte[] bytes = new byte[(int) MetadataSidecarParser.MAX_BYTES];
        Arrays.fill(bytes, (byte) ' ');
        byte[] json = "{\"title\": \"ok\"}".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(json, 0, bytes, 0, json.length);
        Path file = Files.write(dir.resolve("exact.meta.json"), bytes);

        assertThat(parser.parse(file).title()).isEqualTo("ok");
    }

    @Test
    void titleOver500CharactersIsRefused() throws Exception {
        IngestRejection rejection = refused("{\"title\": \"" + "t".repeat(501) + "\"}");

        assertThat(rejection.getMessage()).contains("title is 501 characters long").contains("limit of 500");
    }

    @Test
    void titleOfExactly500CharactersIsAccepted() throws Exception {
        assertThat(parser.parse(write("{\"title\": \"" + "t".repeat(500) + "\"}")).title()).hasSize(500);
    }

    @Test
    void descriptionOver20000CharactersIsRefused() throws Exception {
        assertThat(refused("{\"description\": \"" + "d".repeat(20_001) + "\"}").getMessage())
                .contains("description is 20001 characters long");
    }

    @Test
    void titleThatIsNotTextIsRefused() throws Exception {
        assertThat(refused("{\"title\": 42}").getMessage()).contains("title must be text");
        assertThat(refused("{\"title\": {\"en\": \"x\"}}").getMessage()).contains("title must be text");
    }

    @Test
    void deeplyNestedJsonIsRefusedAsMalformed() throws Exception {
        // above Jackson's default nesting limit (1000): a StreamConstraintsException, which has no location
        refused("{\"title\": " + "[".repeat(1_500) + "]".repeat(1_500) + "}");
    }

    @Test
    void trailingContentAfterTheObjectIsRefused() throws Exception {
        refused("{\"title\": \"first\"}\n{\"title\": \"second\"}\n");
    }
}
