package io.castwire.operations.storage;

import io.castwire.common.HubPaths;
import io.castwire.operations.storage.RetentionPlan.Action;
import io.castwire.operations.storage.RetentionPlan.Decision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Carries out a {@link RetentionPlan}: archives (and verifies) first, records it, looks at the
 * episode once more (it may have gone back into a feed or a publication since the plan), then
 * removes the file, its published hard links in {@code public/} and its shared copy, and records
 * that. A failure leaves the file where it is and the next run tries again.
 */
@Component
public class RetentionRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionRunner.class);

    private final RetentionPlanner planner;
    private final RetentionFacts facts;
    private final StorageLedger ledger;
    private final HubPaths paths;

    public RetentionRunner(RetentionPlanner planner, RetentionFacts facts, StorageLedger ledger, HubPaths paths) {
        this.planner = planner;
        this.facts = facts;
        this.ledger = ledger;
        this.paths = paths;
    }

    /** What a run did. */
    public record Outcome(int archived, int deleted, long bytesFreed, int keptAtLastCheck, int failed, long kept) {
        public String summary() {
            return "retention: " + archived + " archived and removed, " + deleted + " removed (" + StorageGuard.human(bytesFreed)
                    + " freed), " + kept + " kept" + (keptAtLastCheck > 0 ? ", " + keptAtLastCheck + " kept at the last check" : "")
                    + (failed > 0 ? ", " + failed + " failed (see the log)" : "");
        }
    }

    /** Plans and applies the policy. */
    public Outcome run(RetentionPolicy policy) throws IOException {
        RetentionPlan plan = planner.plan(policy);
        int archived = 0;
        int deleted = 0;
        int late = 0;
        int failed = 0;
        long freed = 0;
        for (Decision d : plan.decisions()) {
            if (!d.removes()) {
                continue;
            }
            try {
                switch (apply(d, policy)) {
                    case REMOVED -> {
                        if (d.action() == Action.ARCHIVE) {
                            archived++;
                        } else {
                            deleted++;
                        }
                        freed += d.file().size();
                    }
                    case KEPT -> late++;
                    case GONE -> { }
                }
            } catch (IOException | RuntimeException e) {
                failed++;
                LOG.warn("Storage lifecycle could not {} {}: {}", d.action().name().toLowerCase(java.util.Locale.ROOT),
                        d.file().relative(), e.toString());
            }
        }
        Outcome o = new Outcome(archived, deleted, freed, late, failed, plan.count(Action.KEEP));
        if (archived + deleted + failed > 0) {
            LOG.info("Storage lifecycle: {}", o.summary());
        }
        return o;
    }

    private enum Result { REMOVED, KEPT, GONE }

    private Result apply(Decision d, RetentionPolicy policy) throws IOException {
        StoredFile f = d.file();
        if (!Files.isRegularFile(f.path(), LinkOption.NOFOLLOW_LINKS)) {
            return Result.GONE;
        }
        Digests.Sums sums = Digests.of(f.path());
        String archivedAs = null;
        if (d.action() == Action.ARCHIVE) {
            archivedAs = policy.archive().store(f.path(), f.relative(), sums);
            ledger.record(f, StorageLedger.ARCHIVED, sums.sha256(), archivedAs, d.reason());
        }
        if (f.episodeId() != null) {
            Optional<String> now = facts.episode(f.episodeId()).flatMap(facts::protection);
            if (now.isPresent()) {
                LOG.info("Storage lifecycle keeps {}: {}", f.relative(), now.get());
                return Result.KEPT;
            }
        }
        for (Path link : publicLinks(f)) {
            Files.deleteIfExists(link);
            paths.removed(link);
        }
        Files.delete(f.path());
        paths.removed(f.path());
        ledger.record(f, StorageLedger.DELETED, sums.sha256(), archivedAs, d.reason());
        return Result.REMOVED;
    }

    /** The episode's published hard links to this file (public/media/<show>/<episode>/...): removing only the original frees nothing. */
    private List<Path> publicLinks(StoredFile f) throws IOException {
        List<Path> links = new ArrayList<>();
        if (f.episodeId() == null || f.show() == null) {
            return links;
        }
        Path dir = paths.within(paths.publicDir(), "media/" + f.show() + "/" + f.episodeId());
        if (!Files.isDirectory(dir)) {
            return links;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(p, f.path())) {
                    links.add(p);
                }
            }
        }
        return links;
    }
}
