package io.castwire.operations.storage;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.episode.EpisodeRepository;
import io.castwire.ingest.IngestRejection;
import io.castwire.ingest.IngestRejection.Code;
import io.castwire.ingest.SidecarRepository;
import java.io.IOException;
import java.nio.file.Files;
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

    public StorageGuard(CastwireProperties properties, EpisodeRepository episodes, SidecarRepository sidecars, HubPaths paths) {
        this.properties = properties;
        this.episodes = episodes;
        this.sidecars = sidecars;
        this.paths = paths;
    }

    /** Bytes the hub keeps in its store (media and sidecars), from the database. */
    public long usedBytes() {
        return episodes.mediaBytesByShow().values().stream().mapToLong(Long::longValue).sum() + sidecars.storedBytes();
    }

    /**
     * Checks that {@code incoming} more bytes fit.
     *
     * @throws IngestRejection when the quota or the disk is full
     */
    public void checkRoomFor(long incoming) throws IngestRejection, IOException {
        long quota = properties.getStorage().getQuota().toBytes();
        long used = usedBytes();
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
