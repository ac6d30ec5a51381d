package io.castwire.ingest.rssimport;

import io.castwire.common.HubPaths;
import io.castwire.ingest.download.DownloadProperties;
import io.castwire.publishing.webhook.GuardedHttpClient;
import io.castwire.publishing.webhook.SsrfGuard;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Fetches a feed document into {@code work/}, bounded: camel-rss (ROME's {@code XmlReader(URL)})
 * opens the URL with no timeout and reads a document of any size into memory, so the feed goes
 * through {@link GuardedHttpClient} instead: {@code castwire.rss-import.feed-timeout} for the whole
 * exchange, {@code castwire.rss-import.max-feed-size} for the body, redirects limited. The feed's
 * own host is trusted (it is configuration); a redirect elsewhere meets the same SSRF guard as
 * enclosures ({@code castwire.ingest.download.allow-*}).
 */
@Component
public class FeedFetcher implements Closeable {

    private final RssImportProperties properties;
    private final DownloadProperties download;
    private final HubPaths paths;
    private final Map<String, GuardedHttpClient> clients = new ConcurrentHashMap<>();

    public FeedFetcher(RssImportProperties properties, DownloadProperties download, HubPaths paths) {
        this.properties = properties;
        this.download = download;
        this.paths = paths;
    }

    /**
     * Downloads the feed document into a new hidden file in {@code work/}; the caller deletes it.
     *
     * @throws IOException when the feed could not be fetched (status, size, timeout, refused redirect)
     */
    public Path fetch(RssImportProperties.Feed feed) throws IOException {
        URI url = SsrfGuard.checkUrl(feed.getUrl());
        GuardedHttpClient http = clients.computeIfAbsent(feed.getName(), n -> client(url));
        Path target = paths.work().resolve(".rssimport-" + feed.getName() + "-" + UUID.randomUUID() + ".xml");
        try {
            http.download(url, target, properties.getMaxFeedSize().toBytes(), download.getMaxRedirects());
            return target;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw e;
        }
    }

    private GuardedHttpClient client(URI url) {
        List<String> hosts = new ArrayList<>(download.getAllowHosts());
        hosts.add(url.getHost());
        SsrfGuard guard = new SsrfGuard(hosts, download.getAllowNetworks(), SsrfGuard.SYSTEM, "castwire.ingest.download");
        return new GuardedHttpClient(guard, download.getConnectTimeout(), properties.getFeedTimeout(), 64 * 1024,
                download.getUserAgent());
    }

    @Override
    public void close() throws IOException {
        for (GuardedHttpClient c : clients.values()) {
            c.close();
        }
        clients.clear();
    }
}
