package io.castwire.ingest.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeMetadata;
import io.castwire.episode.EpisodeRepository;
import io.castwire.ingest.IngestOutcome;
import io.castwire.ingest.IngestRejection;
import io.castwire.support.HubTest;
import io.castwire.support.TestMedia;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class RemoteMediaIngestTest extends HubTest {

    @Autowired
    RemoteMediaIngest remote;
    @Autowired
    EpisodeRepository episodes;

    private HttpServer server;
    private String base;
    private byte[] tone;

    @BeforeEach
    void serve() throws IOException {
        tone = Files.readAllBytes(TestMedia.mp3(2.0));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cms/asset/77", x -> {
            x.getResponseHeaders().add("Content-Type", "audio/mpeg");
            x.sendResponseHeaders(200, tone.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(tone);
            }
        });
        server.createContext("/cms/fake.mp3", x -> {
            byte[] text = "this is not audio at all, just text".repeat(50).getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, text.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(text);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private List<Path> downloadsLeft() throws IOException {
        try (Stream<Path> files = Files.list(paths.work())) {
            return files.filter(f -> f.getFileName().toString().startsWith(".download-")).toList();
        }
    }

    @Test
    void mediaFromAUrlIsRegisteredWithItsMetadataAndADuplicateNamesTheEpisode() throws Exception {
        IngestOutcome outcome = remote.ingest(new RemoteMediaIngest.RemoteMedia(base + "/cms/asset/77", "Remote Show",
                null, new EpisodeMetadata("From afar", "Announced by the CMS", null, null), "webhook cms 1"));

        assertThat(outcome.result()).isEqualTo(IngestOutcome.Result.REGISTERED);
        Episode e = episodes.findById(outcome.episodeId()).orElseThrow();
        assertThat(e.showSlug()).isEqualTo("remote-show");
        // no extension in the URL: the content type gives it
        assertThat(e.sourceName()).isEqualTo("77.mp3");
        assertThat(e.title()).isEqualTo("From afar");
        assertThat(e.description()).isEqualTo("Announced by the CMS");
        assertThat(Files.readAllBytes(paths.resolve(e.mediaPath()))).isEqualTo(tone);
        assertThat(episodes.timeline(e.id())).anySatisfy(ev -> {
            assertThat(ev.event()).isEqualTo("metadata-attached");
            assertThat(ev.detail()).isEqualTo("webhook cms 1");
        });

        assertThatThrownBy(() -> remote.ingest(new RemoteMediaIngest.RemoteMedia(base + "/cms/asset/77", "remote-show",
                "again.mp3", null, null)))
                .isInstanceOfSatisfying(IngestRejection.class, r -> {
                    assertThat(r.code()).isEqualTo(IngestRejection.Code.DUPLICATE);
                    assertThat(r.details()).containsEntry("episodeId", e.id());
                });
        assertThat(downloadsLeft()).isEmpty();
    }

    @Test
    void aNonMediaFileIsRefusedWithTheFoldersCodeAndLeavesNothing() throws Exception {
        assertThatThrownBy(() -> remote.ingest(new RemoteMediaIngest.RemoteMedia(base + "/cms/fake.mp3", "remote-show",
                null, null, null)))
                .isInstanceOfSatisfying(IngestRejection.class,
                        r -> assertThat(r.code()).isIn(IngestRejection.Code.NOT_MEDIA, IngestRejection.Code.TRUNCATED,
                                IngestRejection.Code.NO_AUDIO_OR_VIDEO));
        assertThat(downloadsLeft()).isEmpty();
        assertThat(episodes.list("remote-show", null, 1000, 0)).noneMatch(ep -> "fake.mp3".equals(ep.sourceName()));
    }
}
