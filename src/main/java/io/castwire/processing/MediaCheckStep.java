package io.castwire.processing;

import io.castwire.common.HubPaths;
import io.castwire.episode.Episode;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/** Makes sure the stored media is there and whole before anything works on it. */
@Component
public class MediaCheckStep implements ProcessingStep {

    private final HubPaths paths;

    public MediaCheckStep(HubPaths paths) {
        this.paths = paths;
    }

    @Override
    public String name() {
        return "media-check";
    }

    @Override
    public int order() {
        return 0;
    }

    @Override
    public String run(Episode episode) throws Exception {
        Path media = paths.resolve(episode.mediaPath());
        if (!Files.isRegularFile(media)) {
            throw new FileNotFoundException("stored media " + episode.mediaPath() + " is missing");
        }
        long size = Files.size(media);
        if (size != episode.sizeBytes()) {
            throw new IllegalStateException("stored media is " + size + " bytes, expected " + episode.sizeBytes());
        }
        return "media present (" + size + " bytes)";
    }
}
