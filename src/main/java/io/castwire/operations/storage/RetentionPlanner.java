package io.castwire.operations.storage;

import io.castwire.operations.storage.RetentionFacts.EpisodeFacts;
import io.castwire.operations.storage.RetentionPlan.Action;
import io.castwire.operations.storage.RetentionPlan.Decision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Decides, for every file past its area's retention, whether it is archived (then removed), removed,
 * or kept. The rules: nothing an episode in flight, an unfinished publication or a live feed item
 * needs is touched; with an archive every other file past retention is archived; without one an
 * original, clip or render is removed only when it is published on another destination, and a
 * quarantined file (refused input, reported to its producer) is removed. The job and the dry run
 * ({@code GET /api/storage/stats}, {@code POST /api/storage/cleanup?dryRun=true}) use this one planner.
 */
@Component
public class RetentionPlanner {

    private final StorageAreas areas;
    private final RetentionFacts facts;
    private final Clock clock;

    public RetentionPlanner(StorageAreas areas, RetentionFacts facts, Clock clock) {
        this.areas = areas;
        this.facts = facts;
        this.clock = clock;
    }

    /** The plan for the files below home now. */
    public RetentionPlan plan(RetentionPolicy policy) throws IOException {
        return plan(policy, areas.walk());
    }

    /** The plan for these files. */
    public RetentionPlan plan(RetentionPolicy policy, List<StoredFile> files) {
        Instant now = clock.instant();
        Context c = new Context(policy, now);
        List<Decision> decisions = new ArrayList<>();
        for (StoredFile f : files) {
            Duration keep = policy.retention(f.area());
            if (keep == null || f.hidden() || !RetentionPolicy.AREAS.contains(f.area()) || !policy.covers(f.show())) {
                continue;
            }
            Decision d = f.area() == StorageArea.QUARANTINE ? quarantined(c, f, keep) : episodeFile(c, f, keep);
            if (d != null) {
                decisions.add(d);
            }
        }
        decisions.sort(Comparator.comparing((Decision d) -> d.file().area()).thenComparing(d -> d.file().relative()));
        return new RetentionPlan(now, policy, decisions);
    }

    private Decision quarantined(Context c, StoredFile f, Duration keep) {
        // the moved file keeps the producer's modification time; its report was written when it was refused
        Path report = f.path().getFileName().toString().endsWith(".error.json") ? f.path()
                : f.path().resolveSibling(f.path().getFileName() + ".error.json");
        Instant since = f.modified();
        try {
            if (Files.isRegularFile(report)) {
                since = Files.getLastModifiedTime(report).toInstant();
            }
        } catch (IOException e) {
            // the file's own time then
        }
        if (!since.plus(keep).isBefore(c.now)) {
            return null;
        }
        String past = "quarantined longer than " + keep;
        return c.policy.archive() != null
                ? new Decision(f, Action.ARCHIVE, past + "; archived to " + c.policy.archive().describe() + " first")
                : new Decision(f, Action.DELETE, past + "; no archive configured");
    }

    private Decision episodeFile(Context c, StoredFile f, Duration keep) {
        EpisodeFacts e;
        Instant since;
        if (f.area() == StorageArea.ORIGINALS) {
            // the stored file keeps the producer's modification time: the registration is what counts
            e = c.originals().get(f.relative());
            since = e == null ? f.modified() : e.createdAt();
        } else {
            e = f.episodeId() == null ? null : c.episodes.computeIfAbsent(f.episodeId(), facts::episode).orElse(null);
            since = f.modified();
        }
        if (!since.plus(keep).isBefore(c.now)) {
            return null;
        }
        if (e == null) {
            return new Decision(f, Action.KEEP, "no episode refers to this file");
        }
        StoredFile file = f.episodeId() == null ? withEpisode(f, e.id()) : f;
        Optional<String> protection = c.protections.computeIfAbsent(e.id(),
                id -> facts.protection(e, c.live.computeIfAbsent(e.showId(), facts::liveInShow)));
        if (protection.isPresent()) {
            return new Decision(file, Action.KEEP, protection.get());
        }
        String past = "past retention (" + keep + ")";
        if (c.policy.archive() != null) {
            return new Decision(file, Action.ARCHIVE, past + "; archived to " + c.policy.archive().describe() + " first");
        }
        long clip = 0;
        if (f.area() == StorageArea.CLIPS) {
            Long id = c.clips().get(f.relative());
            clip = id == null ? -1 : id;
        }
        Optional<String> elsewhere = clip < 0 ? Optional.empty() : facts.publishedElsewhere(e.id(), clip);
        if (elsewhere.isPresent()) {
            return new Decision(file, Action.DELETE, past + "; published elsewhere: " + elsewhere.get());
        }
        return new Decision(file, Action.KEEP, past + ", but not archived (castwire.storage.archive is empty) "
                + "and not published on another destination");
    }

    private static StoredFile withEpisode(StoredFile f, long episodeId) {
        return new StoredFile(f.area(), f.path(), f.relative(), f.show(), episodeId, f.size(), f.modified(), f.hidden());
    }

    /** What one plan looks up once. */
    private final class Context {
        final RetentionPolicy policy;
        final Instant now;
        final Map<Long, Optional<EpisodeFacts>> episodes = new HashMap<>();
        final Map<Long, Optional<String>> protections = new HashMap<>();
        final Map<Long, java.util.Set<Long>> live = new HashMap<>();
        private Map<String, EpisodeFacts> originals;
        private Map<String, Long> clips;

        Context(RetentionPolicy policy, Instant now) {
            this.policy = policy;
            this.now = now;
        }

        Map<String, EpisodeFacts> originals() {
            if (originals == null) {
                originals = facts.episodesByMediaPath();
            }
            return originals;
        }

        Map<String, Long> clips() {
            if (clips == null) {
                clips = facts.clipsByMediaPath();
            }
            return clips;
        }
    }
}
