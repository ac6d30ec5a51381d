package io.castwire.operations.storage;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.episode.EpisodeRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/storage/stats}: bytes per area and per show, against the quota and the disk. */
@RestController
public class StorageStatsResource {

    private final HubPaths paths;
    private final StorageGuard guard;
    private final EpisodeRepository episodes;
    private final CastwireProperties properties;

    public StorageStatsResource(HubPaths paths, StorageGuard guard, EpisodeRepository episodes, CastwireProperties properties) {
        this.paths = paths;
        this.guard = guard;
        this.episodes = episodes;
        this.properties = properties;
    }

    @GetMapping("/api/storage/stats")
    public Map<String, Object> stats() throws IOException {
        Map<String, Object> areas = new LinkedHashMap<>();
        for (Map.Entry<String, Path> area : Map.of("inbox", paths.inbox(), "media", paths.media(),
                "quarantine", paths.quarantine(), "public", paths.publicDir()).entrySet()) {
            areas.put(area.getKey(), area(area.getValue()));
        }
        long used = guard.usedBytes();
        long quota = properties.getStorage().getQuota().toBytes();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("quotaBytes", quota);
        body.put("usedBytes", used);
        body.put("usedPercent", quota == 0 ? 100.0 : Math.round(used * 1000.0 / quota) / 10.0);
        body.put("diskFreeBytes", Files.getFileStore(paths.media()).getUsableSpace());
        body.put("areas", areas);
        body.put("mediaBytesByShow", episodes.mediaBytesByShow());
        return body;
    }

    private static Map<String, Long> area(Path dir) {
        long[] totals = new long[2];
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                try {
                    totals[0] += Files.size(f);
                    totals[1]++;
                } catch (IOException e) {
                    // a file that vanished while walking is not counted
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("bytes", totals[0], "files", totals[1]);
    }
}
