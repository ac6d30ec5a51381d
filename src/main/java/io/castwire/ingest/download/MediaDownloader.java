package io.castwire.ingest.download;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.publishing.webhook.GuardedHttpClient;
import io.castwire.publishing.webhook.SsrfGuard;
import io.castwire.publishing.webhook.SsrfRefusedException;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Fetches media named by a URL from outside (an inbound webhook's payload, a feed enclosure) into
 * a hidden file under {@code castwire.home/work}, streamed and within {@code
 * castwire.ingest.max-file-size}. Every connection, redirects included, goes through its own SSRF
 * guard ({@code castwire.ingest.download.allow-*}), so a payload cannot make the hub fetch from
 * its own network. A URL is only ever fetched, never turned into a Camel endpoint.
 */
@Component
public class MediaDownloader implements Closeable {

    /** A downloaded file, not yet registered; the caller moves or deletes it. */
    public record Downloaded(Path file, long bytes, URI url, String contentType) {
    }

    private final HubPaths paths;
    private final CastwireProperties properties;
    private final DownloadProperties download;
    private final GuardedHttpClient http;

    public MediaDownloader(HubPaths paths, CastwireProperties properties, DownloadProperties download) {
        SsrfGuard guard = new SsrfGuard(download.getAllowHosts(), download.getAllowNetworks(), SsrfGuard.SYSTEM,
                "castwire.ingest.download");
        this.paths = paths;
        this.properties = properties;
        this.download = download;
        this.http = new GuardedHttpClient(guard, download.getConnectTimeout(), download.getTimeout(), 64 * 1024,
                download.getUserAgent());
    }

    /**
     * Downloads a URL into a new hidden file in {@code work/}.
     *
     * @throws SsrfRefusedException when the URL or an address it resolves to is refused (permanent)
     * @throws GuardedHttpClient.DownloadException when the answer is not a usable file; {@code
     *         permanent()} says whether a later attempt could succeed (a 5xx or 429 could)
     * @throws IOException when the connection failed or timed out (worth another attempt)
     */
    public Downloaded fetch(String url) throws IOException {
        URI uri = SsrfGuard.checkUrl(url);
        Path target = paths.work().resolve(".download-" + UUID.randomUUID());
        try {
            GuardedHttpClient.Download d = http.download(uri, target, properties.getIngest().getMaxFileSize().toBytes(),
                    download.getMaxRedirects());
            return new Downloaded(target, d.bytes(), d.url(), d.contentType());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
    }

    /** Whether a failed fetch is worth another attempt later. */
    public static boolean retryable(IOException e) {
        if (e instanceof SsrfRefusedException) {
            return false;
        }
        return !(e instanceof GuardedHttpClient.DownloadException d) || !d.permanent();
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
