package io.castwire.operations.storage;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.episode.EpisodeRepository;
import io.castwire.ingest.IngestRejection;
import io.castwire.ingest.IngestRejection.Code;
import io.castwire.ingest.SidecarRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/** Enforces {@code castwire.storage.quota} and a minimum of free disk before a file is accepted. */
@Component
public class StorageGuard {

    private final CastwireProperties properties;
    private final EpisodeRepository episodes;
    private final SidecarRepository sidecars;
    private final HubPaths paths;
    private final Clock clock;
    static final Duration RECOUNT_AFTER = Duration.ofSeconds(10);
    private long counted;
    private Instant countedAt;

    public StorageGuard(CastwireProperties properties, EpisodeRepository episodes, SidecarRepository sidecars, HubPaths paths,
                        Clock clock) {
        this.properties = properties;
        this.episodes = episodes;
        this.sidecars = sidecars;
        this.paths = paths;
        this.clock = clock;
    }

    /** Bytes the hub keeps in its store (media and sidecars), counted by the database. */
    public long usedBytes() {
        return episodes.mediaBytes() + sidecars.storedBytes();
    }

    /**
     * The used bytes as of at most {@link #RECOUNT_AFTER} ago plus what was accepted since: counting
     * the whole catalog for every incoming file made ingest slower the more the hub held.
     */
    long usedBytesForCheck() {
        Instant now = clock.instant();
        synchronized (this) {
            if (countedAt == null || countedAt.plus(RECOUNT_AFTER).isBefore(now)) {
                counted = usedBytes();
                countedAt = now;
            }
            return counted;
        }
    }

    /** Counts bytes accepted since the last count, until the next recount. */
    public synchronized void accepted(long bytes) {
        counted += bytes;
    }

    /**
     * Checks that {@code incoming} more bytes fit.
     *
     * @throws IngestRejection when the quota or the disk is full
     */
    public void checkRoomFor(long incoming) throws IngestRejection, IOException {
        long quota = properties.getStorage().getQuota().toBytes();
        long used = usedBytesForCheck();
        if (used + incoming > quota) {
            throw new IngestRejection(Code.QUOTA_EXCEEDED, String.format(
                    "the storage quota is reached: %s used of %s, and this file needs %s more",
                    human(used), human(quota), human(incoming)),
                    "free space (remove old episodes) or raise castwire.storage.quota, then move the file back to the inbox",
                    Map.of("usedBytes", used, "quotaBytes", quota, "fileBytes", incoming));
        }
        long free = Files.getFileStore(paths.media()).getUsableSpace();
        long reserve = properties.getStorage().getMinFreeDisk().toBytes();
        if (free - incoming < reserve) {
            throw new IngestRejection(Code.DISK_FULL, String.format(
                    "the disk is nearly full: %s free, and castwire keeps at least %s free", human(free), human(reserve)),
                    "free disk space, then move the file back to the inbox",
                    Map.of("freeBytes", free, "reserveBytes", reserve, "fileBytes", incoming));
        }
    }

    /**
     * Checks, before work that writes files (cutting clips, rendering), that {@code bytes} more fit
     * in the quota and on the disk.
     *
     * @param what what is about to be written, for the message, e.g. {@code "cutting 3 clips"}
     * @throws StorageFullException with a message saying what is full and what to do
     */
    public void checkRoomForWork(String what, long bytes) throws StorageFullException, IOException {
        try {
            checkRoomFor(bytes);
        } catch (IngestRejection r) {
            throw new StorageFullException(r.code() + " before " + what + ": " + r.getMessage()
                    + "; free space (castwire.storage.retention.*, POST /api/storage/cleanup) or raise castwire.storage.quota, "
                    + "then retry the episode (POST /api/episodes/{id}/retry once it is FAILED)");
        }
    }

    /** Bytes in a human unit, e.g. {@code 1.5 GB}. */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    public static String human(DataSize size) {
        return human(size.toBytes());
    }
}
