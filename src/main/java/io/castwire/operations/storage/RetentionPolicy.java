package io.castwire.operations.storage;

import io.castwire.common.CastwireProperties;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How long each area keeps its files, where they are archived, and (for a test or a partial run)
 * which shows are looked at.
 *
 * @param keep    retention per area; zero or missing keeps forever
 * @param archive where files go before removal, or null for none
 * @param shows   the shows to look at, or null for all
 */
public record RetentionPolicy(Map<StorageArea, Duration> keep, Archive archive, Set<String> shows) {

    /** The areas a policy applies to. */
    public static final Set<StorageArea> AREAS = Set.of(StorageArea.ORIGINALS, StorageArea.CLIPS, StorageArea.RENDERS,
            StorageArea.QUARANTINE);

    /** The configured policy ({@code castwire.storage.retention.*}, {@code castwire.storage.archive}). */
    public static RetentionPolicy of(CastwireProperties properties, Archive archive) {
        CastwireProperties.Retention r = properties.getStorage().getRetention();
        Map<StorageArea, Duration> keep = new EnumMap<>(StorageArea.class);
        keep.put(StorageArea.ORIGINALS, r.getOriginals());
        keep.put(StorageArea.CLIPS, r.getClips());
        keep.put(StorageArea.RENDERS, r.getRenders());
        keep.put(StorageArea.QUARANTINE, r.getQuarantine());
        return new RetentionPolicy(keep, archive, null);
    }

    /** The retention of an area, or null when it keeps files forever. */
    public Duration retention(StorageArea area) {
        Duration d = keep.get(area);
        return d == null || d.isZero() || d.isNegative() ? null : d;
    }

    public boolean covers(String show) {
        return shows == null || (show != null && shows.contains(show));
    }

    /** For JSON: each area's retention (ISO-8601, or "forever") and the archive. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (StorageArea a : new StorageArea[] {StorageArea.ORIGINALS, StorageArea.CLIPS, StorageArea.RENDERS,
                StorageArea.QUARANTINE}) {
            Duration d = retention(a);
            m.put(a.key(), d == null ? "forever" : d.toString());
        }
        m.put("archive", archive == null ? null : archive.describe());
        return m;
    }
}
