package io.castwire.operations.storage;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.sync.ScheduledJob;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code storage-cleanup} job: removes what a crash or a kill can leave behind and nothing
 * else. Files directly in {@code work/} (ffmpeg logs, transcription uploads, error drafts) and the
 * hidden partial files castwire writes next to their final place before an atomic move
 * ({@code .incoming-*.tmp}, {@code .clip-*}, {@code .<name>-*.tmp}) once they are older than
 * {@code castwire.storage.temp-max-age}, far longer than any write takes. Below {@code work/} only such hidden
 * partial files are removed (a rendered audiogram waiting for its upload stays). Media, captions,
 * feeds and the inbox are never touched by this part. Then the retention policy
 * ({@code castwire.storage.retention.*}, {@link RetentionRunner}) archives and removes what is past it.
 */
@Component
public class StorageCleanupJob implements ScheduledJob {

    private static final Logger LOG = LoggerFactory.getLogger(StorageCleanupJob.class);
    /** castwire's own partial files: ContentStore, ClipCutter, CaptionWriter, FeedPublisher and Audiogram. */
    private static final Pattern PARTIAL = Pattern.compile(
            "^\\.(incoming-.*\\.tmp|clip-.*|audiogram-.*|.+-\\d+\\.tmp|.+\\.\\d+\\.tmp)$");

    private final HubPaths paths;
    private final CastwireProperties properties;
    private final Clock clock;

    private final RetentionRunner retention;
    private final Archives archives;

    public StorageCleanupJob(HubPaths paths, CastwireProperties properties, Clock clock, RetentionRunner retention,
                             Archives archives) {
        this.retention = retention;
        this.archives = archives;
        this.paths = paths;
        this.properties = properties;
        this.clock = clock;
    }

    public static final String NAME = "storage-cleanup";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultCron() {
        return "0 20 * * * ?";
    }

    @Override
    public String run() throws IOException {
        Instant cutoff = clock.instant().minus(properties.getStorage().getTempMaxAge());
        long[] removed = new long[2];
        try (var files = Files.list(paths.work())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    removeIfOld(f, cutoff, removed);
                }
            }
        }
        // below work/ (youtube/ keeps rendered audiograms until their video exists): partial files only;
        // work/tools holds the extracted ffmpeg
        for (Path root : new Path[] {paths.media(), paths.publicDir(), paths.work()}) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.equals(paths.work().resolve("tools")) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && PARTIAL.matcher(file.getFileName().toString()).matches()) {
                        removeIfOld(file, cutoff, removed);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        String temp = "removed " + removed[0] + " stale temporary file(s), " + removed[1] + " bytes";
        RetentionPolicy policy = RetentionPolicy.of(properties, archives.configured().orElse(null));
        return temp + "; " + retention.run(policy).summary();
    }

    private void removeIfOld(Path f, Instant cutoff, long[] removed) {
        try {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (a.lastModifiedTime().toInstant().isBefore(cutoff) && Files.deleteIfExists(f)) {
                removed[0]++;
                removed[1] += a.size();
                LOG.info("Removed stale temporary file {} ({} bytes, last written {})", paths.relativize(f), a.size(),
                        a.lastModifiedTime());
            }
        } catch (IOException e) {
            LOG.warn("Could not remove stale temporary file {}: {}", f, e.toString());
        }
    }
}
