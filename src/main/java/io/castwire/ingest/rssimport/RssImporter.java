package io.castwire.ingest.rssimport;

import io.castwire.common.CastwireProperties;
import io.castwire.episode.EpisodeMetadata;
import io.castwire.ingest.FileNames;
import io.castwire.ingest.IngestOutcome;
import io.castwire.ingest.IngestRejection;
import io.castwire.ingest.download.DownloadProperties;
import io.castwire.ingest.download.MediaDownloader;
import io.castwire.ingest.download.RemoteMediaIngest;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * One poll of an imported feed: fetch and parse the document, record every new item in the
 * import-once ledger (PENDING, or SKIPPED without an enclosure; items not after {@code since} are
 * left out), then fetch the due items, oldest first and at most {@code max-items-per-poll}, each
 * claimed first so that no other poll or replica fetches it at the same time. Enclosures are
 * fetched only through {@link RemoteMediaIngest} (SSRF guard, size limit, the watched folder's
 * validation and dedup). A fetch that may succeed later is retried with a doubling backoff up to
 * {@code max-attempts}; anything else is FAILED with its reason.
 */
@Component
public class RssImporter {

    private static final Logger LOG = LoggerFactory.getLogger(RssImporter.class);
    private static final Map<String, String> TYPES = Map.of("audio/mpeg", "mp3", "audio/mp3", "mp3", "audio/mp4", "m4a",
            "audio/x-m4a", "m4a", "audio/aac", "m4a", "audio/ogg", "ogg", "audio/wav", "wav", "audio/x-wav", "wav",
            "video/mp4", "mp4", "video/quicktime", "mov");

    /** What one poll did. */
    public record PollResult(String feed, String outcome, int entries, int recorded, int skippedOld, int attempted,
                             int imported, int failed, int retrying, String error) {

        public String summary() {
            if (error != null) {
                return error;
            }
            return entries + " item(s) in the feed, " + recorded + " new, " + skippedOld + " not after 'since'; "
                    + attempted + " fetched: " + imported + " imported, " + failed + " failed, " + retrying + " to retry";
        }
    }

    private final RssImportProperties properties;
    private final RssImportLedger ledger;
    private final FeedFetcher fetcher;
    private final RemoteMediaIngest remote;
    private final FileNames names;
    private final DownloadProperties download;
    private final String instanceId;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, ReentrantLock> polling = new ConcurrentHashMap<>();
    /** Each feed's last poll error, so a feed that stays broken warns once, not on every poll. */
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();
    private final java.util.Set<String> restarted = ConcurrentHashMap.newKeySet();

    public RssImporter(RssImportProperties properties, RssImportLedger ledger, FeedFetcher fetcher, RemoteMediaIngest remote,
                       FileNames names, DownloadProperties download, CastwireProperties castwire, Clock clock,
                       MeterRegistry meters) {
        this.properties = properties;
        this.ledger = ledger;
        this.fetcher = fetcher;
        this.remote = remote;
        this.names = names;
        this.download = download;
        this.instanceId = castwire.getInstanceId();
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Polls one feed. Called by route {@code ingest-rssimport-<name>-poll} and by {@code POST
     * /api/rss-import/{feed}/poll}; a poll of a feed already running in this process is not doubled
     * (outcome BUSY). A feed that cannot be fetched or read ends the poll FAILED, recorded for
     * {@code GET /api/rss-import}; it never throws for that.
     */
    public PollResult poll(String name) {
        RssImportProperties.Feed feed = properties.feed(name)
                .orElseThrow(() -> new IllegalArgumentException("no feed named '" + name + "' in castwire.rss-import.feeds"));
        ReentrantLock lock = polling.computeIfAbsent(name, n -> new ReentrantLock());
        if (!lock.tryLock()) {
            return new PollResult(name, "BUSY", 0, 0, 0, 0, 0, 0, 0, "a poll of this feed is running");
        }
        try {
            ledger.pollStarted(name);
            PollResult result = pollLocked(feed);
            ledger.pollFinished(name, result.outcome(), result.summary());
            meters.counter("castwire.rssimport.polls", "feed", name, "outcome", result.outcome()).increment();
            String previous = result.error() == null ? lastErrors.remove(name) : lastErrors.put(name, result.error());
            if (result.error() != null && !result.error().equals(previous)) {
                LOG.warn("RSS import {}: {} (repeats of this error are logged at DEBUG)", name, result.error());
            } else if (result.error() != null) {
                LOG.debug("RSS import {}: {}", name, result.error());
            } else if (previous != null) {
                LOG.info("RSS import {}: the feed reads again: {}", name, result.summary());
            } else if (result.attempted() > 0 || result.recorded() > 0) {
                LOG.info("RSS import {}: {}", name, result.summary());
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    private PollResult pollLocked(RssImportProperties.Feed feed) {
        String name = feed.getName();
        List<FeedEntry> entries;
        Path file = null;
        try {
            file = fetcher.fetch(feed);
            entries = FeedParser.parse(file);
        } catch (IOException e) {
            return failedPoll(name, "the feed could not be fetched: " + e.getMessage());
        } catch (FeedParser.MalformedFeedException e) {
            return failedPoll(name, "the feed is malformed: " + e.getMessage());
        } finally {
            deleteQuietly(file);
        }
        Instant since = feed.sinceInstant().orElse(null);
        int recorded = 0;
        int old = 0;
        Map<String, FeedEntry> current = new LinkedHashMap<>();
        for (FeedEntry e : entries) {
            if (e.key() == null) {
                continue;
            }
            if (since != null && (e.publishedAt() == null || !e.publishedAt().isAfter(since))) {
                old++;
                continue;
            }
            current.putIfAbsent(e.key(), e);
            if (e.enclosureUrl() == null) {
                recorded += ledger.record(name, e, RssImportLedger.SKIPPED, "the item has no enclosure") ? 1 : 0;
            } else if (ledger.record(name, e, RssImportLedger.PENDING, null) || ledger.reconsider(name, e)) {
                recorded++;
            }
        }
        if (restarted.add(name)) {
            // claims this instance held before a restart are fetches nobody is doing: take them again now
            // rather than when they run out (the download timeout + 10 minutes)
            int released = ledger.releaseClaims(name, instanceId);
            if (released > 0) {
                LOG.info("RSS import {}: {} item(s) this instance was fetching before its restart are due again", name, released);
            }
        }
        int attempted = 0;
        int imported = 0;
        int failed = 0;
        int retrying = 0;
        for (RssImportLedger.Item item : ledger.due(name, feed.getMaxItemsPerPoll())) {
            Instant lease = clock.instant().plus(download.getTimeout()).plus(Duration.ofMinutes(10));
            if (!ledger.claim(name, item.key(), instanceId, lease)) {
                continue;
            }
            attempted++;
            String state = importItem(feed, item, current.get(item.key()));
            meters.counter("castwire.rssimport.items", "feed", name, "outcome", state).increment();
            switch (state) {
                case RssImportLedger.IMPORTED -> imported++;
                case RssImportLedger.FAILED -> failed++;
                default -> retrying++;
            }
        }
        return new PollResult(name, "OK", entries.size(), recorded, old, attempted, imported, failed, retrying, null);
    }

    private PollResult failedPoll(String name, String error) {
        return new PollResult(name, "FAILED", 0, 0, 0, 0, 0, 0, 0, error);
    }

    /** Fetches and registers one claimed item; returns the state it ends in. */
    String importItem(RssImportProperties.Feed feed, RssImportLedger.Item item, FeedEntry entry) {
        String name = feed.getName();
        EpisodeMetadata metadata = new EpisodeMetadata(
                entry != null ? entry.title() : item.title(),
                entry != null ? entry.description() : null,
                entry != null ? entry.publishedAt() : item.publishedAt(),
                feed.getDestinations() == null ? null : List.copyOf(feed.getDestinations()));
        String origin = "rss-import " + name + ": " + (item.guid() != null ? "guid " + item.guid() : item.enclosureUrl());
        try {
            IngestOutcome out = remote.ingest(new RemoteMediaIngest.RemoteMedia(item.enclosureUrl(), feed.getShow(),
                    fileName(name, item), metadata, origin.length() > 500 ? origin.substring(0, 500) : origin));
            if (out.episodeId() != null && (out.result() == IngestOutcome.Result.REGISTERED
                    || out.result() == IngestOutcome.Result.COMPLETED_AFTER_RESTART)) {
                ledger.imported(name, item.key(), out.episodeId(), false, out.message());
                return RssImportLedger.IMPORTED;
            }
            ledger.failed(name, item.key(), "not registered: " + out.message());
            return RssImportLedger.FAILED;
        } catch (IngestRejection r) {
            Object existing = r.details() == null ? null : r.details().get("episodeId");
            if (r.code() == IngestRejection.Code.DUPLICATE && existing instanceof Number id) {
                // the same bytes are an episode already: this item is that episode. Its guid goes with it
                // unless another imported item became that episode first.
                boolean owned = ledger.importedGuid(id.longValue()).isPresent();
                ledger.imported(name, item.key(), id.longValue(), owned, r.getMessage());
                return RssImportLedger.IMPORTED;
            }
            ledger.failed(name, item.key(), r.code() + ": " + r.getMessage());
            return RssImportLedger.FAILED;
        } catch (IOException e) {
            return fetchFailed(name, item, e, MediaDownloader.retryable(e));
        } catch (DataAccessException e) {
            // the claim runs out and another poll takes the item again
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("RSS import {}: item {} failed unexpectedly", name, item.key(), e);
            return fetchFailed(name, item, new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e), true);
        }
    }

    private String fetchFailed(String name, RssImportLedger.Item item, IOException e, boolean retryable) {
        int attempts = item.attempts() + 1;
        String reason = (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        if (retryable && attempts < properties.getMaxAttempts()) {
            Instant next = clock.instant().plus(backoff(attempts));
            ledger.retryLater(name, item.key(), "attempt " + attempts + " of " + properties.getMaxAttempts() + " failed: "
                    + reason + "; next attempt at " + next, next);
            return RssImportLedger.PENDING;
        }
        ledger.failed(name, item.key(), retryable ? "gave up after " + attempts + " attempts: " + reason : reason);
        return RssImportLedger.FAILED;
    }

    /** retry-backoff doubled for every attempt after the first, at most max-retry-backoff. */
    Duration backoff(int attempts) {
        Duration d = properties.getRetryBackoff();
        for (int i = 1; i < attempts && d.compareTo(properties.getMaxRetryBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(properties.getMaxRetryBackoff()) > 0 ? properties.getMaxRetryBackoff() : d;
    }

    /**
     * A file name of its own for every item: the enclosure's name and a hash of the feed and item
     * key. Hosts often serve every episode under the same name ({@code .../123/audio.mp3}); with
     * that name alone a second episode would become a new version of the first.
     */
    String fileName(String feed, RssImportLedger.Item item) {
        String path = "";
        try {
            URI url = URI.create(item.enclosureUrl().strip());
            path = url.getRawPath() == null ? "" : URLDecoder.decode(url.getRawPath(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // a URL the downloader will refuse with a clear reason; the name does not matter
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        String ext = dot < 0 ? "" : last.substring(dot + 1).toLowerCase(Locale.ROOT);
        String base = dot < 0 ? last : last.substring(0, dot);
        base = base.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+|[-.]+$", "");
        if (base.isEmpty()) {
            base = "item";
        }
        if (base.length() > 80) {
            base = base.substring(0, 80);
        }
        String name = base + "-" + hash(feed + "\n" + item.key()).substring(0, 10);
        if (names.mediaExtensions().contains(ext)) {
            return name + "." + ext;
        }
        // no media extension in the URL: the enclosure's declared type, else the answer's content type
        // (RemoteMediaIngest); the probe judges the bytes either way
        String typed = item.enclosureType() == null ? null : TYPES.get(item.enclosureType().strip().toLowerCase(Locale.ROOT));
        return typed != null && names.mediaExtensions().contains(typed) ? name + "." + typed : name;
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debug("could not delete {}", file, e);
            }
        }
    }
}
