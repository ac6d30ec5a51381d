package io.castwire.ingest;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.ShowRepository;
import io.castwire.ingest.IngestRejection.Code;
import io.castwire.operations.storage.StorageGuard;
import io.castwire.processing.transcript.TranscriptParseException;
import io.castwire.processing.transcript.TranscriptParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes transcript and metadata sidecars. A sidecar is validated when it arrives; it is attached
 * to the newest episode with the same base name, or waits (PENDING) for its media until
 * {@code castwire.ingest.sidecar-window} has passed, then is quarantined with an explanation.
 */
@Component
public class SidecarIngest {

    private static final Logger LOG = LoggerFactory.getLogger(SidecarIngest.class);

    private final CastwireProperties properties;
    private final ShowRepository shows;
    private final EpisodeRepository episodes;
    private final SidecarRepository sidecars;
    private final SidecarAttacher attacher;
    private final TranscriptParser transcripts;
    private final MetadataSidecarParser metadata;
    private final ContentStore store;
    private final StorageGuard storage;
    private final Quarantine quarantine;
    private final HubPaths paths;
    private final TransactionTemplate tx;
    private final Clock clock;

    public SidecarIngest(CastwireProperties properties, ShowRepository shows, EpisodeRepository episodes,
                         SidecarRepository sidecars, SidecarAttacher attacher, TranscriptParser transcripts,
                         MetadataSidecarParser metadata, ContentStore store, StorageGuard storage, Quarantine quarantine,
                         HubPaths paths, TransactionTemplate tx, Clock clock) {
        this.properties = properties;
        this.shows = shows;
        this.episodes = episodes;
        this.sidecars = sidecars;
        this.attacher = attacher;
        this.transcripts = transcripts;
        this.metadata = metadata;
        this.store = store;
        this.storage = storage;
        this.quarantine = quarantine;
        this.paths = paths;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Validates and stores a sidecar, attaching it when its media is known.
     *
     * @throws IngestRejection when the sidecar is malformed (the caller quarantines it)
     */
    public IngestOutcome ingest(Path file, InboxFile inbox) throws IngestRejection, IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw new IngestRejection(Code.EMPTY_FILE, "the file is empty (0 bytes)", "drop the file again");
        }
        validate(file, inbox);
        long showId = shows.findOrCreate(inbox.showSlug());
        String hash = store.sha256(file);
        Optional<SidecarRepository.Sidecar> same = sidecars.findByContent(showId, inbox.baseName(), inbox.kind(), hash);
        if (same.isPresent() && SidecarRepository.EXPIRED.equals(same.get().state())) {
            // dropped again after its window closed (as the quarantine note asks): a fresh start
            sidecars.delete(same.get().id());
            same = Optional.empty();
        }
        if (same.isPresent()) {
            Path stored = paths.resolve(same.get().storedPath());
            if (!Files.exists(stored)) {
                store.moveInto(file, stored);
                return new IngestOutcome(IngestOutcome.Result.COMPLETED_AFTER_RESTART, same.get().episodeId(), false,
                        "finished storing sidecar " + same.get().id());
            }
            throw new IngestRejection(Code.DUPLICATE, "the same " + inbox.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " file was already received for '" + inbox.baseName() + "'", "nothing to do",
                    Map.of("sidecarId", same.get().id()));
        }
        storage.checkRoomFor(size);
        Path target = store.sidecarPath(inbox.showSlug(), hash, inbox.extension());
        String stored = paths.relativize(target);
        IngestOutcome outcome = tx.execute(status -> {
            Optional<Episode> media = episodes.findLatest(showId, inbox.baseName());
            long id = sidecars.insert(showId, inbox, hash, size, stored, media.map(Episode::id).orElse(null));
            if (media.isEmpty()) {
                return new IngestOutcome(IngestOutcome.Result.PENDING, null, false, "sidecar " + id + " waits for its media");
            }
            attacher.apply(media.get().id(), inbox.kind(), inbox.fileName(), file);
            return new IngestOutcome(IngestOutcome.Result.ATTACHED, media.get().id(), false,
                    "attached to episode " + media.get().id());
        });
        store.moveInto(file, target);
        storage.accepted(size);
        return outcome;
    }

    private void validate(Path file, InboxFile inbox) throws IngestRejection, IOException {
        if (inbox.kind() == InboxFile.Kind.METADATA) {
            metadata.parse(file);
            return;
        }
        try {
            transcripts.parse(file);
        } catch (TranscriptParseException e) {
            throw new IngestRejection(Code.MALFORMED_TRANSCRIPT, "the transcript cannot be read: " + e.getMessage(),
                    "fix the transcript (SRT, WebVTT, Whisper JSON or castwire JSON) and drop it again; the episode "
                            + "is processed without it meanwhile");
        }
    }

    /**
     * Attaches pending sidecars whose media has arrived meanwhile, and quarantines those whose
     * window has closed. Called on a timer by route {@code ingest-sidecar-sweep}.
     *
     * @return how many sidecars were attached or expired
     */
    public int sweepPending() throws IOException {
        Duration window = properties.getIngest().getSidecarWindow();
        int changed = 0;
        for (SidecarRepository.Sidecar s : sidecars.pending()) {
            Optional<Episode> media = episodes.findLatest(s.showId(), s.baseName());
            if (media.isPresent()) {
                Boolean attached = tx.execute(status -> {
                    if (!sidecars.attach(s.id(), media.get().id())) {
                        return false;
                    }
                    attacher.apply(media.get().id(), s.kind(), s.fileName(), paths.resolve(s.storedPath()));
                    return true;
                });
                changed += Boolean.TRUE.equals(attached) ? 1 : 0;
            } else if (SidecarRepository.expiryOf(s, window).isBefore(clock.instant())) {
                String reason = "no media file named '" + s.baseName() + ".<" + String.join("|",
                        properties.getIngest().getMediaExtensions()) + ">' arrived in inbox/" + s.showSlug()
                        + "/ within " + window.toString().substring(2).toLowerCase(java.util.Locale.ROOT) + " of this " + s.kind().name().toLowerCase(java.util.Locale.ROOT) + " file";
                if (sidecars.expire(s.id(), reason)) {
                    Path stored = paths.resolve(s.storedPath());
                    if (Files.exists(stored)) {
                        quarantine.reject(stored, s.showSlug(), s.fileName(), new IngestRejection(Code.ORPHAN_SIDECAR,
                                reason, "drop the media file with the same base name together with this file again"));
                    }
                    changed++;
                }
            }
        }
        if (changed > 0) {
            LOG.info("Sidecar sweep attached or expired {} sidecar(s)", changed);
        }
        return changed;
    }
}
