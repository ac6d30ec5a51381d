package io.castwire.ingest.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.publishing.webhook.GuardedHttpClient.DownloadException;
import io.castwire.publishing.webhook.SsrfRefusedException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class MediaDownloaderTest {

    private static final byte[] MEDIA = new byte[3 * 1024 * 1024 + 17];

    static {
        new Random(7).nextBytes(MEDIA);
    }

    @TempDir
    Path home;

    private HttpServer server;
    private String base;
    private HubPaths paths;
    private CastwireProperties properties;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/episode.mp3", x -> send(x, 200, MEDIA, true));
        server.createContext("/chunked.mp3", x -> send(x, 200, MEDIA, false));
        server.createContext("/gone.mp3", x -> send(x, 404, "no".getBytes(), true));
        server.createContext("/busy.mp3", x -> send(x, 503, "later".getBytes(), true));
        server.createContext("/hop", x -> redirect(x, "/episode.mp3?token=1"));
        server.createContext("/loop", x -> redirect(x, "/loop"));
        server.createContext("/inside", x -> redirect(x, "http://10.1.2.3/secret"));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        properties = new CastwireProperties();
        properties.setHome(home);
        paths = new HubPaths(properties);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void send(HttpExchange x, int status, byte[] body, boolean length) throws IOException {
        x.sendResponseHeaders(status, length ? body.length : 0);
        try (OutputStream out = x.getResponseBody()) {
            for (int i = 0; i < body.length; i += 65536) {
                out.write(body, i, Math.min(65536, body.length - i));
            }
        }
    }

    private static void redirect(HttpExchange x, String location) throws IOException {
        x.getResponseHeaders().add("Location", location);
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    private MediaDownloader downloader(List<String> allowNetworks) {
        DownloadProperties download = new DownloadProperties();
        download.setAllowNetworks(allowNetworks);
        return new MediaDownloader(paths, properties, download);
    }

    private List<Path> workFiles() throws IOException {
        try (Stream<Path> files = Files.list(paths.work())) {
            return files.toList();
        }
    }

    @Test
    void aFileIsStreamedIntoAHiddenWorkFileWithTheSameBytes() throws Exception {
        try (MediaDownloader d = downloader(List.of("127.0.0.1/32"))) {
            for (String name : List.of("/episode.mp3", "/chunked.mp3")) {
                MediaDownloader.Downloaded got = d.fetch(base + name);
                assertThat(got.file().getParent()).isEqualTo(paths.work());
                assertThat(got.file().getFileName().toString()).startsWith(".download-");
                assertThat(got.bytes()).isEqualTo(MEDIA.length);
                assertThat(Files.readAllBytes(got.file())).isEqualTo(MEDIA);
            }
        }
    }

    @Test
    void redirectsAreFollowedAndEachHopIsCheckedByTheGuard() throws Exception {
        try (MediaDownloader d = downloader(List.of("127.0.0.1/32"))) {
            MediaDownloader.Downloaded got = d.fetch(base + "/hop");
            assertThat(got.url().getPath()).isEqualTo("/episode.mp3");
            assertThat(Files.readAllBytes(got.file())).isEqualTo(MEDIA);

            assertThatThrownBy(() -> d.fetch(base + "/inside")).isInstanceOf(SsrfRefusedException.class);
            assertThatThrownBy(() -> d.fetch(base + "/loop")).isInstanceOf(DownloadException.class)
                    .hasMessageContaining("redirects");
        }
        assertThat(workFiles()).hasSize(1);
    }

    @Test
    void theHubsOwnNetworkIsRefusedUnlessAllowListed() throws Exception {
        try (MediaDownloader d = downloader(List.of())) {
            assertThatThrownBy(() -> d.fetch(base + "/episode.mp3")).isInstanceOf(SsrfRefusedException.class)
                    .hasMessageContaining("castwire.ingest.download.allow-hosts")
                    .satisfies(e -> assertThat(MediaDownloader.retryable((IOException) e)).isFalse());
            assertThatThrownBy(() -> d.fetch("file:///etc/passwd")).isInstanceOf(SsrfRefusedException.class);
            assertThatThrownBy(() -> d.fetch("http://169.254.169.254/latest/meta-data")).isInstanceOf(SsrfRefusedException.class);
        }
        assertThat(workFiles()).isEmpty();
    }

    @Test
    void aFileOverTheIngestLimitIsCutOffAndLeavesNothing() throws Exception {
        properties.getIngest().setMaxFileSize(DataSize.ofMegabytes(1));
        try (MediaDownloader d = downloader(List.of("127.0.0.1/32"))) {
            for (String name : List.of("/episode.mp3", "/chunked.mp3")) {
                assertThatThrownBy(() -> d.fetch(base + name)).isInstanceOf(DownloadException.class)
                        .hasMessageContaining("limit")
                        .satisfies(e -> assertThat(((DownloadException) e).permanent()).isTrue());
            }
        }
        assertThat(workFiles()).isEmpty();
    }

    @Test
    void errorAnswersSayWhetherAnotherAttemptCouldHelp() throws Exception {
        try (MediaDownloader d = downloader(List.of("127.0.0.1/32"))) {
            assertThatThrownBy(() -> d.fetch(base + "/gone.mp3")).isInstanceOf(DownloadException.class)
                    .hasMessageContaining("404")
                    .satisfies(e -> assertThat(MediaDownloader.retryable((IOException) e)).isFalse());
            assertThatThrownBy(() -> d.fetch(base + "/busy.mp3")).isInstanceOf(DownloadException.class)
                    .hasMessageContaining("503")
                    .satisfies(e -> assertThat(MediaDownloader.retryable((IOException) e)).isTrue());
        }
        assertThat(workFiles()).isEmpty();
    }
}
