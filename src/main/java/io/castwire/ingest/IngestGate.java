package io.castwire.ingest;

import io.castwire.ingest.IngestRejection.Code;
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
 * Judges one incoming file for every inbox (the watched folder, the S3 bucket). Bad input is
 * quarantined with its reason through the caller's {@link Rejecter}. When the database cannot be
 * reached the exception is thrown and the source keeps the file, to be taken again later; any
 * other unexpected failure is retried a few times and then quarantined as an internal error, so
 * one odd file can never block an inbox.
 */
@Component
public class IngestGate {

    private static final Logger LOG = LoggerFactory.getLogger(IngestGate.class);
    static final int MAX_UNEXPECTED_FAILURES = 5;
    /** Unexpected failures must span at least this long before a file is given up on. */
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(1);

    /** How a source quarantines a refused file (the local quarantine folder, an S3 prefix). */
    @FunctionalInterface
    public interface Rejecter {
        void reject(String showSlug, String originalName, IngestRejection why) throws IOException;
    }

    private final FileNames names;
    private final MediaIngest media;
    private final SidecarIngest sidecars;
    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final Clock clock;
    private final io.castwire.operations.queue.Backpressure backpressure;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Set<String> waitingForDatabase = ConcurrentHashMap.newKeySet();

    private record Failures(int count, Instant first) {
        Failures plusOne() {
            return new Failures(count + 1, first);
        }
    }

    public IngestGate(FileNames names, MediaIngest media, SidecarIngest sidecars, JdbcTemplate jdbc,
                      MeterRegistry meters, Clock clock, io.castwire.operations.queue.Backpressure backpressure) {
        this.backpressure = backpressure;
        this.names = names;
        this.media = media;
        this.sidecars = sidecars;
        this.jdbc = jdbc;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Fails fast while the database is away, before anything is hashed or downloaded; the first
     * time for a file, says so in the log.
     *
     * @param id what identifies the file, as given to {@link #take}
     * @throws DataAccessException when the database cannot be reached
     */
    public void checkDatabase(String id) {
        try {
            jdbc.queryForObject("SELECT 1", Integer.class);
        } catch (DataAccessException e) {
            if (isUnavailable(e)) {
                deferred(id, e);
            }
            throw e;
        }
    }

    private void deferred(String id, DataAccessException e) {
        meters.counter("castwire.ingest.deferred", "reason", "database").increment();
        if (waitingForDatabase.add(id)) {
            LOG.warn("Database unavailable while taking {}; it stays in the inbox until the database is back: {}",
                    FileNames.printable(id), e.getMostSpecificCause().getMessage());
        }
    }

    /**
     * Leaves new media where it is while the processing queue is full (sidecars still pass: they
     * add no work). Called before a file is read or downloaded.
     *
     * @throws io.castwire.operations.queue.QueueFullException when the queue is full and the file is media
     */
    public void checkRoom(String source, Path relative) {
        String name = relative.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        if (names.mediaExtensions().contains(ext)) {
            backpressure.checkRoom(source);
        }
    }

    /**
     * Takes one file.
     *
     * @param source   the inbox kind, for metrics ({@code folder}, {@code s3})
     * @param id       what identifies the file across attempts (its inbox path, its object key)
     * @param file     the local file to judge; moved into the store when accepted
     * @param relative its place in the inbox layout: {@code <show>/<name>} or {@code <name>}
     * @param rejecter quarantines the file when it is refused
     * @return what happened; the file has left the inbox unless an exception is thrown
     * @throws io.castwire.operations.queue.QueueFullException media while the processing queue is full (it stays)
     */
    public IngestOutcome take(String source, String id, Path file, Path relative, Rejecter rejecter) throws Exception {
        checkRoom(source, relative);
        String show = relative.getNameCount() > 1 ? FileNames.slug(relative.getName(0).toString()) : FileNames.DEFAULT_SHOW;
        String original = relative.getFileName().toString();
        String printable = FileNames.printable(id);
        try {
            jdbc.queryForObject("SELECT 1", Integer.class);
            IngestOutcome outcome = judge(file, relative);
            failures.remove(id);
            waitingForDatabase.remove(id);
            count(source, outcome.result().name());
            LOG.info("Inbox {}: {}", printable, outcome.message());
            return outcome;
        } catch (IngestRejection rejection) {
            failures.remove(id);
            return quarantined(source, id, show, original, rejection, rejecter);
        } catch (DataAccessException e) {
            if (!isUnavailable(e)) {
                return unexpected(source, id, show, original, e, rejecter);
            }
            deferred(id, e);
            throw e;
        } catch (RuntimeException | IOException e) {
            return unexpected(source, id, show, original, e, rejecter);
        }
    }

    /**
     * Failures that say the database is away or busy (connection refused, timeout) or that another
     * worker won a race on a unique key: the file waits in the inbox as long as it takes. Any other
     * database error (a value the schema refuses) is a fault to report, not a reason to wait forever.
     */
    public static boolean isUnavailable(DataAccessException e) {
        return e instanceof TransientDataAccessException || e instanceof RecoverableDataAccessException
                || e instanceof DataAccessResourceFailureException || e instanceof DuplicateKeyException;
    }

    /** A fault of the hub, not of the file: retried a few times, then the file is quarantined. */
    private IngestOutcome unexpected(String source, String id, String show, String original, Exception e,
                                     Rejecter rejecter) throws Exception {
        Failures f = failures.merge(id, new Failures(1, clock.instant()), (old, one) -> old.plusOne());
        int n = f.count();
        if (n < MAX_UNEXPECTED_FAILURES || f.first().plus(GIVE_UP_AFTER).isAfter(clock.instant())) {
            LOG.warn("Taking {} failed (attempt {}); it stays in the inbox", FileNames.printable(id), n, e);
            throw e;
        }
        failures.remove(id);
        LOG.error("Giving up on {} after {} failures", FileNames.printable(id), n, e);
        return quarantined(source, id, show, original, new IngestRejection(Code.INTERNAL_ERROR,
                "castwire failed to take this file " + n + " times: " + e,
                "report this to the castwire admins with this file; move it back to the inbox to try again"), rejecter);
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

    private IngestOutcome quarantined(String source, String id, String show, String original, IngestRejection rejection,
                                      Rejecter rejecter) throws IOException {
        waitingForDatabase.remove(id);
        rejecter.reject(show, original, rejection);
        count(source, IngestOutcome.Result.QUARANTINED.name());
        return IngestOutcome.quarantined(rejection.getMessage());
    }

    private void count(String source, String result) {
        meters.counter("castwire.ingest.files", "source", source, "result", result).increment();
    }
}
