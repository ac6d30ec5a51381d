package io.castwire.operations.storage;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.episode.EpisodeRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/storage/stats}: bytes and files per area and per show, against the quota and the
 * disk, and what the next cleanup would archive, remove and free (the job's own planner, dry).
 */
@RestController
public class StorageStatsResource {

    private final HubPaths paths;
    private final StorageGuard guard;
    private final EpisodeRepository episodes;
    private final CastwireProperties properties;
    private final StorageAreas areas;
    private final RetentionPlanner planner;
    private final Archives archives;

    public StorageStatsResource(HubPaths paths, StorageGuard guard, EpisodeRepository episodes, CastwireProperties properties,
                                StorageAreas areas, RetentionPlanner planner, Archives archives) {
        this.paths = paths;
        this.guard = guard;
        this.episodes = episodes;
        this.properties = properties;
        this.areas = areas;
        this.planner = planner;
        this.archives = archives;
    }

    @GetMapping("/api/storage/stats")
    public Map<String, Object> stats() throws IOException {
        List<StoredFile> files = areas.walk();
        Map<String, long[]> byArea = new LinkedHashMap<>();
        for (String a : List.of("inbox", "media", "quarantine", "public", "originals", "clips", "renders", "sidecars", "work")) {
            byArea.put(a, new long[2]);
        }
        Map<String, Map<String, long[]>> byShow = new TreeMap<>();
        for (StoredFile f : files) {
            add(byArea.get(f.area().key()), f);
            if (f.path().startsWith(paths.media())) {
                add(byArea.get("media"), f);
            }
            if (f.show() != null) {
                add(byShow.computeIfAbsent(f.show(), s -> new LinkedHashMap<>()).computeIfAbsent(f.area().key(),
                        k -> new long[2]), f);
            }
        }
        long used = guard.usedBytes();
        long quota = properties.getStorage().getQuota().toBytes();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("quotaBytes", quota);
        body.put("usedBytes", used);
        body.put("usedPercent", quota == 0 ? 100.0 : Math.round(used * 1000.0 / quota) / 10.0);
        body.put("diskFreeBytes", Files.getFileStore(paths.media()).getUsableSpace());
        body.put("areas", json(byArea));
        body.put("mediaBytesByShow", episodes.mediaBytesByShow());
        Map<String, Object> shows = new LinkedHashMap<>();
        byShow.forEach((show, m) -> shows.put(show, json(m)));
        body.put("shows", shows);
        body.put("nextCleanup", nextCleanup(files));
        return body;
    }

    private Map<String, Object> nextCleanup(List<StoredFile> files) {
        try {
            RetentionPlan plan = planner.plan(RetentionPolicy.of(properties, archives.configured().orElse(null)), files);
            Map<String, Object> m = new LinkedHashMap<>(plan.summary());
            m.put("policy", plan.policy().describe());
            return m;
        } catch (IllegalArgumentException e) {
            return Map.of("error", e.getMessage());
        }
    }

    private static void add(long[] totals, StoredFile f) {
        totals[0] += f.size();
        totals[1]++;
    }

    private static Map<String, Object> json(Map<String, long[]> totals) {
        Map<String, Object> m = new LinkedHashMap<>();
        totals.forEach((k, v) -> m.put(k, Map.of("bytes", v[0], "files", v[1])));
        return m;
    }
}
