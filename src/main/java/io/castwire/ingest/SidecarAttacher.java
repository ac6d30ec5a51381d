package io.castwire.ingest;

import io.castwire.episode.EpisodeMetadata;
import io.castwire.episode.EpisodeRepository;
import io.castwire.processing.transcript.Transcript;
import io.castwire.processing.transcript.TranscriptParseException;
import io.castwire.processing.transcript.TranscriptParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/** Applies a stored sidecar to an episode: transcript segments or metadata fields, with a timeline entry. */
@Component
public class SidecarAttacher {

    private final EpisodeRepository episodes;
    private final TranscriptParser transcripts;
    private final MetadataSidecarParser metadata;

    public SidecarAttacher(EpisodeRepository episodes, TranscriptParser transcripts, MetadataSidecarParser metadata) {
        this.episodes = episodes;
        this.transcripts = transcripts;
        this.metadata = metadata;
    }

    /**
     * Applies the sidecar read from {@code file} (still in the inbox, or already in the store) to
     * the episode. Runs in the caller's transaction. The file was validated when it arrived, so a
     * failure here is a fault of the hub, not of the producer.
     */
    public void apply(long episodeId, InboxFile.Kind kind, String fileName, Path file) {
        try {
            if (kind == InboxFile.Kind.TRANSCRIPT) {
                Transcript t = transcripts.parse(file);
                episodes.replaceSegments(episodeId, t.format().name(), t.segments());
                String warnings = t.warnings().isEmpty() ? "" : "; " + String.join("; ", t.warnings());
                episodes.addEvent(episodeId, "transcript-attached", fileName + " (" + t.format() + ", "
                        + t.segments().size() + " segments" + warnings + ")");
                episodes.processNow(episodeId);
            } else if (kind == InboxFile.Kind.METADATA) {
                EpisodeMetadata m = metadata.parse(file);
                episodes.updateMetadata(episodeId, m);
                episodes.addEvent(episodeId, "metadata-attached", fileName);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TranscriptParseException | IngestRejection e) {
            throw new IllegalStateException("sidecar " + fileName + " no longer parses: " + e.getMessage(), e);
        }
    }
}
