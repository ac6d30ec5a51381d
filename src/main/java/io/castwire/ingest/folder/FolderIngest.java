package io.castwire.ingest.folder;

import io.castwire.common.HubPaths;
import io.castwire.ingest.FileNames;
import io.castwire.ingest.InboxFile;
import io.castwire.ingest.IngestOutcome;
import io.castwire.ingest.IngestRejection;
import io.castwire.ingest.IngestRejection.Code;
import io.castwire.ingest.MediaIngest;
import io.castwire.ingest.Quarantine;
import io.castwire.ingest.SidecarIngest;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Judges one file from the watched inbox. Bad input is quarantined with its reason. When the
 * database cannot be reached the file is left where it is, untouched, and taken again on a later
 * poll; any other unexpected failure is retried a few times and then quarantined as an internal
 * error, so one odd file can never block the inbox.
 */
@Component
public class FolderIngest {

    private static final Logger LOG = LoggerFactory.getLogger(FolderIngest.class);
    static final int MAX_UNEXPECTED_FAILURES = 5;
    /** Unexpected failures must span at least this long before a file is given up on. */
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(1);

    private final HubPaths paths;
    private final FileNames names;
    private final MediaIngest media;
    private final SidecarIngest sidecars;
    private final Quarantine quarantine;
    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<Path, Failures> failures = new ConcurrentHashMap<>();
    private final Set<Path> waitingForDatabase = ConcurrentHashMap.newKeySet();

    private record Failures(int count, Instant first) {
        Failures plusOne() {
            return new Failures(count + 1, first);
        }
    }

    public FolderIngest(HubPaths paths, FileNames names, MediaIngest media, SidecarIngest sidecars,
                        Quarantine quarantine, JdbcTemplate jdbc, MeterRegistry meters, Clock clock) {
        this.paths = paths;
        this.names = names;
        this.media = media;
        this.sidecars = sidecars;
        this.quarantine = quarantine;
        this.jdbc = jdbc;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Takes the inbox file at this absolute path. Called by route {@code ingest-folder-poll}.
     *
     * @return what happened; the file has left the inbox unless an exception is thrown
     */
    public IngestOutcome accept(String absolutePath) throws Exception {
        Path file = Path.of(absolutePath).toAbsolutePath().normalize();
        Path relative;
        try {
            relative = paths.inbox().relativize(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not below the inbox: " + absolutePath, e);
        }
        if (relative.startsWith("..")) {
            throw new IllegalArgumentException("not below the inbox: " + absolutePath);
        }
        String show = relative.getNameCount() > 1 ? FileNames.slug(relative.getName(0).toString()) : FileNames.DEFAULT_SHOW;
        String original = relative.getFileName().toString();
        try {
            // fail fast while the database is away, before hashing anything: the file stays in the inbox
            jdbc.queryForObject("SELECT 1", Integer.class);
            IngestOutcome outcome = judge(file, relative);
            failures.remove(file);
            waitingForDatabase.remove(file);
            count(outcome.result().name());
            LOG.info("Inbox {}: {}", FileNames.printable(relative.toString()), outcome.message());
            return outcome;
        } catch (IngestRejection rejection) {
            failures.remove(file);
            return quarantined(file, show, original, rejection);
        } catch (DataAccessException e) {
            if (!isUnavailable(e)) {
                return unexpected(file, relative, show, original, e);
            }
            meters.counter("castwire.ingest.deferred", "reason", "database").increment();
            if (waitingForDatabase.add(file)) {
                LOG.warn("Database unavailable while taking {}; it stays in the inbox until the database is back: {}",
                        FileNames.printable(relative.toString()), e.getMostSpecificCause().getMessage());
            }
            throw e;
        } catch (RuntimeException | IOException e) {
            return unexpected(file, relative, show, original, e);
        }
    }

    /**
     * Failures that say the database is away or busy (connection refused, timeout) or that another
     * worker won a race on a unique key: the file waits in the inbox as long as it takes. Any other
     * database error (a value the schema refuses) is a fault to report, not a reason to wait forever.
     */
    static boolean isUnavailable(DataAccessException e) {
        return e instanceof TransientDataAccessException || e instanceof RecoverableDataAccessException
                || e instanceof DataAccessResourceFailureException || e instanceof DuplicateKeyException;
    }

    /** A fault of the hub, not of the file: retried a few times, then the file is quarantined. */
    private IngestOutcome unexpected(Path file, Path relative, String show, String original, Exception e) throws Exception {
        Failures f = failures.merge(file, new Failures(1, clock.instant()), (old, one) -> old.plusOne());
        int n = f.count();
        if (n < MAX_UNEXPECTED_FAILURES || f.first().plus(GIVE_UP_AFTER).isAfter(clock.instant())) {
            LOG.warn("Taking {} failed (attempt {}); it stays in the inbox", FileNames.printable(relative.toString()), n, e);
            throw e;
        }
        failures.remove(file);
        LOG.error("Giving up on {} after {} failures", FileNames.printable(relative.toString()), n, e);
        return quarantined(file, show, original, new IngestRejection(Code.INTERNAL_ERROR,
                "castwire failed to take this file " + n + " times: " + e,
                "report this to the castwire admins with this file; move it back to the inbox to try again"));
    }

    private IngestOutcome judge(Path file, Path relative) throws IngestRejection, IOException {
        if (Files.isSymbolicLink(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IngestRejection(Code.UNSAFE_FILE, "links and special files are not taken from the inbox",
                    "copy the real file into the inbox instead of linking it");
        }
        InboxFile inbox = names.classify(relative);
        return switch (inbox.kind()) {
            case MEDIA -> media.ingest(file, inbox);
            case TRANSCRIPT, METADATA -> sidecars.ingest(file, inbox);
            case UNSUPPORTED -> throw new IngestRejection(Code.UNSUPPORTED_TYPE, "'." + inbox.extension()
                    + "' files are not taken: media must be " + String.join(", ", names.mediaExtensions())
                    + "; sidecars .srt, .vtt, .transcript.json or .meta.json", "rename or convert the file");
        };
    }

    private IngestOutcome quarantined(Path file, String show, String original, IngestRejection rejection) throws IOException {
        waitingForDatabase.remove(file);
        quarantine.reject(file, show, original, rejection);
        count(IngestOutcome.Result.QUARANTINED.name());
        return IngestOutcome.quarantined(rejection.getMessage());
    }

    private void count(String result) {
        meters.counter("castwire.ingest.files", "source", "folder", "result", result).increment();
    }
}
