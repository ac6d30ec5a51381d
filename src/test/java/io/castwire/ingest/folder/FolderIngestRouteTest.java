package io.castwire.ingest.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.support.HubTest;
import io.castwire.support.TestMedia;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The watched folder as a producer uses it: real files dropped into a real inbox, the hub's own
 * routes and beans, real ffmpeg, H2; results read through the HTTP API.
 */
class FolderIngestRouteTest extends HubTest {

    @Test
    void mediaWithATranscriptThatArrivedFirstIsRegisteredProbedAndProcessed() throws Exception {
        Path show = showInbox("happy");
        String slug = show.getFileName().toString();
        Path mp3 = TestMedia.mp3(6);
        Files.writeString(show.resolve("ep1.srt"), TestMedia.srt(4));
        Files.copy(mp3, show.resolve("ep1.mp3"));

        JsonNode e = awaitEpisodes(slug, 1, "PUBLISHED").get(0);
        assertThat(e.get("show").asText()).isEqualTo(slug);
        assertThat(e.get("file").asText()).isEqualTo("ep1.mp3");
        assertThat(e.get("codec").asText()).isEqualTo("mp3");
        assertThat(e.get("durationMs").asLong()).isBetween(5900L, 6200L);
        assertThat(e.get("sizeBytes").asLong()).isEqualTo(Files.size(mp3));
        assertThat(e.get("contentHash").asText()).startsWith("sha256:").hasSize(71);
        assertThat(e.get("transcriptSegments").asInt()).isEqualTo(4);

        JsonNode detail = getJson("/api/episodes/" + e.get("id").asLong());
        List<String> events = new ArrayList<>();
        detail.get("timeline").forEach(t -> events.add(t.get("event").asText()));
        assertThat(events).containsExactly("registered", "transcript-attached", "processing-started", "processed", "publishing", "published");
        assertThat(Files.exists(show.resolve("ep1.mp3"))).isFalse();
        assertThat(Files.exists(show.resolve("ep1.srt"))).isFalse();
        assertThat(paths.home().resolve(e.get("media").isNull() ? "" : "media").resolve(slug)).isDirectory();
    }

    @Test
    void aTranscriptArrivingAfterItsMediaIsAttachedToIt() throws Exception {
        Path show = showInbox("late");
        String slug = show.getFileName().toString();
        Files.copy(TestMedia.mp3(3), show.resolve("talk.mp3"));
        await().atMost(Duration.ofSeconds(30)).until(() -> episodesOf(slug).size() == 1);
        Files.writeString(show.resolve("talk.srt"), TestMedia.srt(2));
        JsonNode e = awaitEpisodes(slug, 1, "PUBLISHED").get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> episodesOf(slug).get(0).get("transcriptSegments").asInt() == 2);
        assertThat(e.get("file").asText()).isEqualTo("talk.mp3");
    }

    @Test
    void theSameContentTwiceIsOneEpisodeAndTheCopyIsExplained() throws Exception {
        Path show = showInbox("dup");
        String slug = show.getFileName().toString();
        Path mp3 = TestMedia.mp3(2);
        Files.copy(mp3, show.resolve("a.mp3"));
        awaitEpisodes(slug, 1, "PUBLISHED");
        Files.copy(mp3, show.resolve("a-copy.mp3"));
        JsonNode report = awaitQuarantined(slug, "a-copy.mp3");
        assertThat(report.get("code").asText()).isEqualTo("DUPLICATE");
        assertThat(report.get("reason").asText()).contains("already received as episode");
        assertThat(episodesOf(slug)).hasSize(1);
    }

    @Test
    void aChangedFileWithTheSameNameBecomesVersionTwo() throws Exception {
        Path show = showInbox("ver");
        String slug = show.getFileName().toString();
        Files.copy(TestMedia.mp3(2), show.resolve("ep.mp3"));
        awaitEpisodes(slug, 1, "PUBLISHED");
        Files.copy(TestMedia.mp3(2), show.resolve("ep.mp3"));
        JsonNode items = awaitEpisodes(slug, 2, "PUBLISHED");
        assertThat(items.get(0).get("version").asInt()).isEqualTo(2);
        assertThat(items.get(1).get("version").asInt()).isEqualTo(1);
        assertThat(items.get(0).get("contentHash").asText()).isNotEqualTo(items.get(1).get("contentHash").asText());
    }

    @Test
    void aFileStillBeingWrittenIsNeverTakenHalfWritten() throws Exception {
        Path show = showInbox("slow");
        String slug = show.getFileName().toString();
        byte[] bytes = Files.readAllBytes(TestMedia.mp3(8));
        Path target = show.resolve("slow.mp3");
        int chunks = 12;
        int chunk = bytes.length / chunks + 1;
        AtomicInteger written = new AtomicInteger();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        // a producer on a slow link: a chunk every 250 ms, longer in total than the settle time
        try (OutputStream out = Files.newOutputStream(target)) {
            ScheduledFuture<?> job = writer.scheduleAtFixedRate(() -> {
                int i = written.getAndIncrement();
                if (i < chunks) {
                    try {
                        out.write(bytes, i * chunk, Math.min(chunk, bytes.length - i * chunk));
                        out.flush();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }, 0, 250, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> written.get() >= chunks);
            job.cancel(false);
        } finally {
            writer.shutdownNow();
        }
        JsonNode e = awaitEpisodes(slug, 1, "PUBLISHED").get(0);
        assertThat(e.get("sizeBytes").asLong()).isEqualTo(bytes.length);
        assertThat(paths.quarantine().resolve(slug)).doesNotExist();
    }

    @Test
    void badFilesAreQuarantinedWithAPlainReasonAndNothingIsLost() throws Exception {
        Path show = showInbox("bad");
        String slug = show.getFileName().toString();
        Files.createFile(show.resolve("empty.mp3"));
        byte[] mp3 = Files.readAllBytes(TestMedia.mp3(10));
        Files.write(show.resolve("cut.mp3"), java.util.Arrays.copyOf(mp3, mp3.length / 2));
        Files.writeString(show.resolve("notes.mp3"), "this is a text file, not audio\n");
        Files.writeString(show.resolve("bad.srt"), "1\n00:00:xx,000 --> 00:00:02,000\nHello\n");
        Files.writeString(show.resolve("meta.meta.json"), "{\"title\": \"x\", \"titel\": \"typo\"}");
        Files.writeString(show.resolve("slides.pdf"), "%PDF-1.4");
        try (RandomAccessFile big = new RandomAccessFile(show.resolve("huge.wav").toFile(), "rw")) {
            big.setLength(600L * 1024 * 1024); // sparse: no disk used, above the 500 MB default
        }
        Files.createDirectories(show.resolve("nested"));
        Files.writeString(show.resolve("nested").resolve("deep.mp3"), "x");
        Files.createSymbolicLink(show.resolve("passwd.mp3"), Path.of("/etc/passwd"));

        assertThat(awaitQuarantined(slug, "empty.mp3").get("code").asText()).isEqualTo("EMPTY_FILE");
        JsonNode cut = awaitQuarantined(slug, "cut.mp3");
        assertThat(cut.get("code").asText()).isEqualTo("TRUNCATED");
        assertThat(cut.get("reason").asText()).contains("promises").contains("could be read");
        assertThat(awaitQuarantined(slug, "notes.mp3").get("code").asText()).isEqualTo("NOT_MEDIA");
        JsonNode srt = awaitQuarantined(slug, "bad.srt");
        assertThat(srt.get("code").asText()).isEqualTo("MALFORMED_TRANSCRIPT");
        assertThat(srt.get("reason").asText()).contains("line 2");
        assertThat(awaitQuarantined(slug, "meta.meta.json").get("reason").asText()).contains("titel");
        assertThat(awaitQuarantined(slug, "slides.pdf").get("code").asText()).isEqualTo("UNSUPPORTED_TYPE");
        JsonNode huge = awaitQuarantined(slug, "huge.wav");
        assertThat(huge.get("code").asText()).isEqualTo("TOO_LARGE");
        assertThat(huge.get("reason").asText()).contains("600.0 MB").contains("500.0 MB");
        assertThat(awaitQuarantined(slug, "deep.mp3").get("code").asText()).isEqualTo("BAD_LOCATION");
        JsonNode link = awaitQuarantined(slug, "passwd.mp3");
        assertThat(link.get("code").asText()).isEqualTo("UNSAFE_FILE");
        assertThat(Files.isSymbolicLink(paths.quarantine().resolve(slug).resolve("passwd.mp3"))).isTrue();
        assertThat(Path.of("/etc/passwd")).exists();

        try (Stream<Path> left = Files.walk(show)) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
        assertThat(episodesOf(slug)).isEmpty();
    }

    @Test
    void controlCharactersAndUnicodeInNamesAreSanitizedNotRefused() throws Exception {
        Path show = showInbox("names");
        String slug = show.getFileName().toString();
        Files.copy(TestMedia.mp3(2), show.resolve("Épisode\u0007 ünïcødé.mp3"));
        JsonNode e = awaitEpisodes(slug, 1, "PUBLISHED").get(0);
        assertThat(e.get("file").asText()).isEqualTo("Épisode ünïcødé.mp3");
        JsonNode timeline = getJson("/api/episodes/" + e.get("id").asLong()).get("timeline");
        assertThat(timeline.get(0).get("detail").asText()).contains("name sanitized from").contains("\\u0007");
    }

    @Test
    void filesDirectlyInTheInboxBelongToShowDefault() throws Exception {
        Path mp4 = TestMedia.mp4(2);
        String name = "root-" + System.nanoTime() + ".mp4";
        Files.copy(mp4, paths.inbox().resolve(name));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode e : episodesOf("default")) {
                if (e.get("file").asText().equals(name) && e.get("state").asText().equals("PUBLISHED")) {
                    return true;
                }
            }
            return false;
        });
        JsonNode e = episodesOf("default").get(0);
        assertThat(e.get("media").get("kind").asText()).isEqualTo("VIDEO");
        assertThat(e.get("media").get("width").asInt()).isEqualTo(160);
    }

    @Test
    void aSidecarWhoseMediaNeverArrivesIsReportedAfterTheWindow() throws Exception {
        Path show = showInbox("orphan");
        String slug = show.getFileName().toString();
        Files.writeString(show.resolve("lonely.vtt"), "WEBVTT\n\n00:00.000 --> 00:01.000\nhello\n");
        JsonNode report = awaitQuarantined(slug, "lonely.vtt");
        assertThat(report.get("code").asText()).isEqualTo("ORPHAN_SIDECAR");
        assertThat(report.get("reason").asText()).contains("no media file named 'lonely.");
    }

    @Test
    void anOrphanedSidecarDroppedAgainWithItsMediaIsAttached() throws Exception {
        Path show = showInbox("again");
        String slug = show.getFileName().toString();
        String vtt = "WEBVTT\n\n00:00.000 --> 00:01.000\nhello\n\n00:01.000 --> 00:02.000\nagain\n";
        Files.writeString(show.resolve("redo.vtt"), vtt);
        assertThat(awaitQuarantined(slug, "redo.vtt").get("code").asText()).isEqualTo("ORPHAN_SIDECAR");
        // the producer does what the note says: both files again
        Path mp3 = TestMedia.mp3(2);
        Files.writeString(show.resolve("redo.vtt"), vtt);
        Files.copy(mp3, show.resolve("redo.mp3"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode items = episodesOf(slug);
            return items.size() == 1 && items.get(0).get("transcriptSegments").asInt() == 2;
        });
    }

    @Test
    void aFileBeyondTheStorageQuotaIsRefusedWithTheFigures() throws Exception {
        Path show = showInbox("quota");
        String slug = show.getFileName().toString();
        try (RandomAccessFile big = new RandomAccessFile(show.resolve("big.wav").toFile(), "rw")) {
            big.setLength(45L * 1024 * 1024); // the test hub's quota is 40 MB
        }
        JsonNode report = awaitQuarantined(slug, "big.wav");
        assertThat(report.get("code").asText()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(report.get("reason").asText()).contains("40.0 MB");
        assertThat(report.get("whatToDo").asText()).contains("castwire.storage.quota");
    }

    @Test
    void metadataSidecarSetsTitleAndDestinations() throws Exception {
        Path show = showInbox("meta");
        String slug = show.getFileName().toString();
        Path mp3 = TestMedia.mp3(2);
        Files.writeString(show.resolve("ep.meta.json"), "{\"title\":\"The Big One\",\"description\":\"About things\","
                + "\"publishAt\":\"2026-12-01T09:00:00Z\",\"destinations\":[\"rss\",\"wordpress\"]}", StandardCharsets.UTF_8);
        Files.copy(mp3, show.resolve("ep.mp3"));
        JsonNode e = awaitEpisodes(slug, 1, "PUBLISHED").get(0);
        JsonNode detail = getJson("/api/episodes/" + e.get("id").asLong());
        assertThat(detail.get("title").asText()).isEqualTo("The Big One");
        assertThat(detail.get("publishAt").asText()).isEqualTo("2026-12-01T09:00:00Z");
        assertThat(detail.get("destinations").toString()).isEqualTo("[\"rss\",\"wordpress\"]");
    }
}
