package io.castwire.ingest;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeMetadata;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.NewEpisode;
import io.castwire.episode.ShowRepository;
import io.castwire.ingest.IngestRejection.Code;
import io.castwire.operations.storage.StorageGuard;
import io.castwire.processing.probe.MediaProbe;
import io.castwire.processing.probe.ProbeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers one media file: validate, hash, probe, record the episode, then move the file into
 * the store. The row is written before the move, so a crash in between leaves the file in the
 * inbox to be taken again; the second pass finds the row by content hash and finishes the move
 * instead of registering the episode twice.
 */
@Component
public class MediaIngest {

    private final CastwireProperties properties;
    private final ShowRepository shows;
    private final EpisodeRepository episodes;
    private final SidecarRepository sidecars;
    private final SidecarAttacher attacher;
    private final ContentStore store;
    private final MediaProbe probe;
    private final StorageGuard storage;
    private final HubPaths paths;
    private final TransactionTemplate tx;
    private final Clock clock;

    private final org.springframework.context.ApplicationEventPublisher events;
    private final io.castwire.operations.queue.JobControlProperties jobControl;
    private final io.castwire.operations.queue.QueueRepository queue;

    public MediaIngest(CastwireProperties properties, ShowRepository shows, EpisodeRepository episodes,
                       SidecarRepository sidecars, SidecarAttacher attacher, ContentStore store, MediaProbe probe,
                       StorageGuard storage, HubPaths paths, TransactionTemplate tx, Clock clock,
                       org.springframework.context.ApplicationEventPublisher events,
                       io.castwire.operations.queue.JobControlProperties jobControl,
                       io.castwire.operations.queue.QueueRepository queue) {
        this.events = events;
        this.jobControl = jobControl;
        this.queue = queue;
        this.properties = properties;
        this.shows = shows;
        this.episodes = episodes;
        this.sidecars = sidecars;
        this.attacher = attacher;
        this.store = store;
        this.probe = probe;
        this.storage = storage;
        this.paths = paths;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Registers the media file.
     *
     * @throws IngestRejection for bad input (the caller quarantines the file)
     */
    public IngestOutcome ingest(Path file, InboxFile inbox) throws IngestRejection, IOException {
        return ingest(file, inbox, null, null);
    }

    /**
     * Registers the media file with metadata that came with it (a webhook payload, a feed item),
     * applied in the same transaction as the new row, so the episode is never processed without it.
     *
     * @param metadata fields to set, or null
     * @param origin where the metadata came from, for the timeline (e.g. {@code webhook cms 42})
     * @throws IngestRejection for bad input
     */
    public IngestOutcome ingest(Path file, InboxFile inbox, EpisodeMetadata metadata, String origin)
            throws IngestRejection, IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw new IngestRejection(Code.EMPTY_FILE, "the file is empty (0 bytes)", "the upload failed; drop the file again");
        }
        long max = properties.getIngest().getMaxFileSize().toBytes();
        if (size > max) {
            throw tooLarge(size, max);
        }
        long showId = shows.findOrCreate(inbox.showSlug());
        String hash = store.sha256(file);
        Optional<Episode> same = episodes.findByContent(showId, hash);
        if (same.isPresent()) {
            return sameContent(file, inbox, same.get());
        }
        storage.checkRoomFor(size);
        ProbeResult probed = probe.probe(file);
        Path target = store.mediaPath(inbox.showSlug(), hash, inbox.extension());
        String stored = paths.relativize(target);
        String detail = inbox.fileName() + ", " + probed.media().kind().toLowerCase(java.util.Locale.ROOT) + " "
                + (probed.media().durationMs() == null ? "" : probed.media().durationMs() / 1000.0 + " s, ")
                + StorageGuard.human(size)
                + (inbox.nameChanged() ? "; name sanitized from '" + FileNames.printable(inbox.originalName()) + "'" : "");
        Instant wait = clock.instant().plus(properties.getIngest().getTranscriptWait());
        long id = tx.execute(status -> {
            long episodeId = episodes.insert(new NewEpisode(showId, inbox.fileName(), inbox.baseName(), hash, size,
                    stored, probed.media()), wait, detail);
            // the show's priority (castwire.shows.<slug>.priority); a metadata sidecar may override it below
            io.castwire.episode.Priority priority = jobControl.priorityOf(inbox.showSlug());
            if (priority != io.castwire.episode.Priority.NORMAL) {
                queue.setInitialPriority(episodeId, priority);
            }
            for (SidecarRepository.Sidecar s : sidecars.pendingFor(showId, inbox.baseName())) {
                if (sidecars.attach(s.id(), episodeId)) {
                    attacher.apply(episodeId, s.kind(), s.fileName(), paths.resolve(s.storedPath()));
                }
            }
            if (metadata != null) {
                episodes.updateMetadata(episodeId, metadata);
                episodes.addEvent(episodeId, "metadata-attached", origin == null ? "metadata" : origin);
            }
            java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
            data.put("episodeId", episodeId);
            data.put("show", inbox.showSlug());
            data.put("fileName", inbox.fileName());
            data.put("sizeBytes", size);
            data.put("durationMs", probed.media().durationMs());
            data.put("sha256", hash);
            events.publishEvent(new io.castwire.publishing.delivery.HubEvent("episode.received", episodeId,
                    "episode:" + episodeId, data));
            return episodeId;
        });
        store.moveInto(file, target);
        storage.accepted(size);
        Episode registered = episodes.findById(id).orElseThrow();
        return new IngestOutcome(IngestOutcome.Result.REGISTERED, id, !registered.processAfter().isAfter(clock.instant()),
                "registered as episode " + id + " version " + registered.version());
    }

    /** Media above {@code castwire.ingest.max-file-size}; also used before an S3 object is downloaded. */
    public static IngestRejection tooLarge(long size, long max) {
        return new IngestRejection(Code.TOO_LARGE, "the file is " + StorageGuard.human(size) + ", above the limit of "
                + StorageGuard.human(max) + " (castwire.ingest.max-file-size)",
                "split or compress the episode, or raise castwire.ingest.max-file-size",
                Map.of("sizeBytes", size, "limitBytes", max));
    }

    private IngestOutcome sameContent(Path file, InboxFile inbox, Episode existing) throws IngestRejection, IOException {
        Path target = paths.resolve(existing.mediaPath());
        if (!Files.exists(target)) {
            // the row was written and the process died before the move: finish it
            store.moveInto(file, target);
            episodes.addEvent(existing.id(), "media-stored", "finished storing " + inbox.fileName() + " after a restart");
            return new IngestOutcome(IngestOutcome.Result.COMPLETED_AFTER_RESTART, existing.id(), false,
                    "finished registering episode " + existing.id());
        }
        throw new IngestRejection(Code.DUPLICATE, "the same content was already received as episode " + existing.id()
                + " ('" + existing.sourceName() + "', version " + existing.version() + ")",
                "nothing to do: the episode exists; to replace it, drop a changed file with the same name",
                Map.of("episodeId", existing.id(), "contentHash", existing.contentHash()));
    }
}
