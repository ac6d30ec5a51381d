package io.castwire.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.castwire.common.HubPaths;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where refused files go: {@code quarantine/<show>/<name>} next to {@code <name>.error.json}
 * saying why, in plain words, and what to do. Nothing refused is ever deleted.
 */
@Component
public class Quarantine {

    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);

    private final HubPaths paths;
    private final ContentStore store;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ObjectMapper json;

    public Quarantine(HubPaths paths, ContentStore store, Clock clock, MeterRegistry meters, ObjectMapper json) {
        this.paths = paths;
        this.store = store;
        this.clock = clock;
        this.meters = meters;
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * Moves the file into quarantine and writes its explanation. The explanation is written
     * first, so a crash in between leaves the file in place to be judged again, never unexplained.
     *
     * @return the quarantined file's path
     */
    public Path reject(Path file, String showSlug, String originalName, IngestRejection why) throws IOException {
        Path dir = paths.within(paths.quarantine(), FileNames.slug(showSlug).isEmpty() ? "default" : FileNames.slug(showSlug));
        Files.createDirectories(dir);
        String name = FileNames.sanitize(originalName);
        Path target = dir.resolve(name);
        for (int i = 1; Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                || Files.exists(errorFile(target)); i++) {
            target = dir.resolve(insertSuffix(name, "-" + i));
        }
        Path tmp = Files.createTempFile(paths.work(), "error-", ".json");
        Files.write(tmp, explain(showSlug, originalName, why, paths.relativize(target)));
        Files.move(tmp, errorFile(target), StandardCopyOption.ATOMIC_MOVE);
        store.moveInto(file, target);
        counted(why);
        LOG.warn("Quarantined {} ({}): {}", paths.relativize(target), why.code(), why.getMessage());
        return target;
    }

    /**
     * The {@code .error.json} explanation of a refusal, the same for every inbox (folder or bucket).
     *
     * @param quarantinedAs where the refused file now is (a path below home, an object key)
     */
    public byte[] explain(String showSlug, String originalName, IngestRejection why, String quarantinedAs) throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("file", FileNames.printable(originalName));
        report.put("show", showSlug);
        report.put("code", why.code().name());
        report.put("reason", why.getMessage());
        report.put("whatToDo", why.hint());
        report.put("quarantinedAt", clock.instant().toString());
        report.put("quarantinedAs", quarantinedAs);
        if (!why.details().isEmpty()) {
            report.put("details", why.details());
        }
        return json.writeValueAsBytes(report);
    }

    /** Counts a refusal in {@code castwire.ingest.quarantined}; for inboxes that quarantine elsewhere. */
    public void counted(IngestRejection why) {
        meters.counter("castwire.ingest.quarantined", "code", why.code().name()).increment();
    }

    static Path errorFile(Path quarantined) {
        return quarantined.resolveSibling(quarantined.getFileName() + ".error.json");
    }

    private static String insertSuffix(String name, String suffix) {
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix;
    }
}
