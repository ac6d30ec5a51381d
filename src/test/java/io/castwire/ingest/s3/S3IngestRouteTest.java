package io.castwire.ingest.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.support.HubTest;
import io.castwire.support.S3Server;
import io.castwire.support.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Route {@code ingest-s3-poll} against a real S3-compatible server (s3proxy): objects put under
 * {@code inbox/} become episodes exactly like files dropped in the watched folder.
 */
class S3IngestRouteTest extends HubTest {

    private static S3Client s3;

    @Autowired
    private EpisodeRepository episodes;

    @BeforeAll
    static void client() {
        s3 = S3Server.shared().client();
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    private static String show(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void put(String key, Path file) {
        s3.putObject(r -> r.bucket(s3Bucket()).key(key), RequestBody.fromFile(file));
    }

    private boolean exists(String key) {
        try {
            s3.headObject(r -> r.bucket(s3Bucket()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** The object leaves the inbox prefix right after its copy appears elsewhere (copy, then delete). */
    private void awaitGone(String key) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> !exists(key));
    }

    private JsonNode errorReport(String key) throws Exception {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> exists(key) && exists(key + ".error.json"));
        return json.readTree(s3.getObjectAsBytes(r -> r.bucket(s3Bucket()).key(key + ".error.json")).asByteArray());
    }

    @Test
    void anObjectWithItsTranscriptBecomesAnEpisodeWithTheSameBytesAndMovesToProcessed() throws Exception {
        String show = show("s3-happy");
        Path mp3 = TestMedia.mp3(4);
        Path srt = Files.writeString(Files.createTempFile(Path.of("target"), "s3-", ".srt"), TestMedia.srt(2));
        put("inbox/" + show + "/ep1.srt", srt);
        put("inbox/" + show + "/ep1.mp3", mp3);

        JsonNode items = awaitEpisodes(show, 1, "PUBLISHED");
        JsonNode e = items.get(0);
        assertThat(e.get("sizeBytes").asLong()).isEqualTo(Files.size(mp3));
        Path stored = paths.resolve(episodes.findById(e.get("id").asLong()).orElseThrow().mediaPath());
        assertThat(Files.mismatch(stored, mp3)).as("stored bytes equal the object's").isEqualTo(-1L);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(getJson("/api/episodes/" + e.get("id").asLong()).get("transcriptSegments").asInt()).isEqualTo(2);
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> exists("processed/" + show + "/ep1.mp3")
                && exists("processed/" + show + "/ep1.srt"));
        awaitGone("inbox/" + show + "/ep1.mp3");
        awaitGone("inbox/" + show + "/ep1.srt");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(s3Bucket()).key("processed/" + show + "/ep1.mp3")).asByteArray())
                .isEqualTo(Files.readAllBytes(mp3));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (var work = Files.list(paths.work())) {
                return work.noneMatch(p -> p.getFileName().toString().startsWith("s3-"));
            }
        });
    }

    @Test
    void theSameBytesTwiceMakeOneEpisodeAndTheSecondObjectIsQuarantinedAsDuplicate() throws Exception {
        String show = show("s3-dedup");
        Path mp3 = TestMedia.mp3(3);
        put("inbox/" + show + "/first.mp3", mp3);
        awaitEpisodes(show, 1, "PUBLISHED");
        put("inbox/" + show + "/again.mp3", mp3);

        JsonNode report = errorReport("quarantine/" + show + "/again.mp3");
        assertThat(report.get("code").asText()).isEqualTo("DUPLICATE");
        assertThat(report.get("show").asText()).isEqualTo(show);
        assertThat(report.get("file").asText()).isEqualTo("again.mp3");
        assertThat(episodesOf(show)).hasSize(1);
        awaitGone("inbox/" + show + "/again.mp3");
    }

    @Test
    void aNonMediaObjectWithAMediaNameIsQuarantinedWithItsReason() throws Exception {
        String show = show("s3-bad");
        Path fake = Files.writeString(Files.createTempFile(Path.of("target"), "fake-", ".mp3"),
                "this is a shopping list, not an episode\n".repeat(50));
        put("inbox/" + show + "/bad.mp3", fake);

        JsonNode report = errorReport("quarantine/" + show + "/bad.mp3");
        assertThat(report.get("code").asText()).isIn("NOT_MEDIA", "NO_AUDIO_OR_VIDEO", "TRUNCATED");
        assertThat(report.get("reason").asText()).isNotBlank();
        assertThat(report.get("whatToDo").asText()).isNotBlank();
        assertThat(report.get("quarantinedAs").asText()).isEqualTo("s3://" + s3Bucket() + "/quarantine/" + show + "/bad.mp3");
        assertThat(report.fieldNames()).toIterable().contains("file", "show", "code", "reason", "whatToDo", "quarantinedAt");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(s3Bucket()).key("quarantine/" + show + "/bad.mp3")).asByteArray())
                .isEqualTo(Files.readAllBytes(fake));
        awaitGone("inbox/" + show + "/bad.mp3");
        assertThat(episodesOf(show)).isEmpty();
    }

    @Test
    void objectMetadataNamedLikeCamelHeadersNeverBecomesAHeader() throws Exception {
        String show = show("s3-headers");
        String key = "inbox/" + show + "/ep.mp3";
        List<Map<String, Object>> seen = new CopyOnWriteArrayList<>();
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute(S3IngestRoutes.ROUTE_ID)
                .whenAnyDoneMatches(exchange -> {
                    if (!key.equals(exchange.getProperty(S3IngestRoutes.KEY, String.class))) {
                        return false;
                    }
                    seen.add(new HashMap<>(exchange.getMessage().getHeaders()));
                    return true;
                }).create();
        Path mp3 = TestMedia.mp3(3);
        Map<String, String> metadata = Map.of("CamelHttpUri", "http://169.254.169.254/latest/meta-data/",
                "camelbeanmethodname", "delete", "kafka.TOPIC", "castwire.dead-letters");
        s3.putObject(r -> r.bucket(s3Bucket()).key(key).metadata(metadata), RequestBody.fromFile(mp3));
        // the store really keeps the metadata, so the consumer does see it
        assertThat(s3.headObject(r -> r.bucket(s3Bucket()).key(key)).metadata().keySet())
                .extracting(k -> k.toLowerCase(Locale.ROOT)).contains("camelhttpuri", "camelbeanmethodname");

        assertThat(done.matches(40, TimeUnit.SECONDS)).as("the object was taken").isTrue();
        awaitEpisodes(show, 1, "PUBLISHED");
        assertThat(seen).hasSize(1);
        List<String> names = new ArrayList<>(seen.get(0).keySet());
        assertThat(names).noneMatch(n -> n.toLowerCase(Locale.ROOT).startsWith("camel")
                || n.toLowerCase(Locale.ROOT).startsWith("kafka."));
        assertThat(seen.get(0).values()).noneMatch(v -> String.valueOf(v).contains("169.254.169.254"));
    }
}
