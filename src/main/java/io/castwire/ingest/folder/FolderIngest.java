package io.castwire.ingest.folder;

import io.castwire.common.HubPaths;
import io.castwire.ingest.IngestGate;
import io.castwire.ingest.IngestOutcome;
import io.castwire.ingest.Quarantine;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * Takes one file from the watched inbox through the {@link IngestGate}: refused files go to the
 * local quarantine folder; a file the gate cannot take yet (database away) stays where it is and
 * is seen again on a later poll.
 */
@Component
public class FolderIngest {

    private final HubPaths paths;
    private final IngestGate gate;
    private final Quarantine quarantine;

    public FolderIngest(HubPaths paths, IngestGate gate, Quarantine quarantine) {
        this.paths = paths;
        this.gate = gate;
        this.quarantine = quarantine;
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
        return gate.take("folder", relative.toString(), file, relative,
                (show, original, why) -> quarantine.reject(file, show, original, why));
    }
}
