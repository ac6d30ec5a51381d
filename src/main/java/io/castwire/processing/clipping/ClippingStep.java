package io.castwire.processing.clipping;

import io.castwire.common.HubPaths;
import io.castwire.episode.ClipRepository;
import io.castwire.episode.Episode;
import io.castwire.processing.ProcessingStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Cuts every scored clip of the episode that has no media yet, to
 * {@code media/<show>/clips/<episode>/<profile>-<rank>-<start>-<end>.<ext>}. The name is fixed by
 * the window, so after a crash a finished cut is kept and only missing ones are made.
 */
@Component
public class ClippingStep implements ProcessingStep {

    private final ClipRepository clips;
    private final ClipCutter cutter;
    private final HubPaths paths;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final io.castwire.operations.storage.StorageGuard storage;

    public ClippingStep(ClipRepository clips, ClipCutter cutter, HubPaths paths,
                        org.springframework.context.ApplicationEventPublisher events,
                        org.springframework.transaction.support.TransactionTemplate tx,
                        io.castwire.operations.storage.StorageGuard storage) {
        this.storage = storage;
        this.tx = tx;
        this.clips = clips;
        this.cutter = cutter;
        this.paths = paths;
        this.events = events;
    }

    @Override
    public String name() {
        return "clipping";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public String run(Episode episode) throws Exception {
        List<ClipRepository.Clip> todo = clips.ofEpisode(episode.id());
        if (todo.isEmpty()) {
            return "nothing to cut";
        }
        Path source = paths.resolve(episode.mediaPath());
        String sourceExt = episode.mediaPath().substring(episode.mediaPath().lastIndexOf('.') + 1);
        String ext = cutter.extensionFor(episode.media(), sourceExt);
        checkRoom(episode, todo, ext);
        int made = 0;
        for (ClipRepository.Clip c : todo) {
            Path target = target(episode, c, ext);
            if (!Files.exists(target)) {
                cutter.cut(source, episode.media(), c.startMs(), c.endMs(), target);
                paths.written(target);
                made++;
            }
            String stored = paths.relativize(target);
            if (!stored.equals(c.mediaPath())) {
                // the clip's media and its clip.created event are written together
                tx.executeWithoutResult(status -> {
                clips.setMediaPath(c.id(), stored);
                java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
                data.put("episodeId", episode.id());
                data.put("clipId", c.id());
                data.put("show", episode.showSlug());
                data.put("profile", c.profile());
                data.put("rank", c.rank());
                data.put("startMs", c.startMs());
                data.put("endMs", c.endMs());
                data.put("score", c.score());
                events.publishEvent(new io.castwire.publishing.delivery.HubEvent("clip.created", episode.id(),
                        "clip:" + c.id(), data));
                });
            }
        }
        return "cut " + made + " of " + todo.size() + " clips";
    }

    private Path target(Episode episode, ClipRepository.Clip c, String ext) {
        return paths.within(paths.media(), episode.showSlug() + "/clips/" + episode.id() + "/"
                + c.profile() + "-" + c.rank() + "-" + c.startMs() + "-" + c.endMs() + "." + ext);
    }

    /**
     * Refuses the cut before it starts when the clips still to cut (estimated from the episode's size
     * per millisecond) would not fit in the quota or on the disk.
     */
    private void checkRoom(Episode episode, List<ClipRepository.Clip> todo, String ext) throws Exception {
        Long duration = episode.media().durationMs();
        long estimate = 0;
        int missing = 0;
        for (ClipRepository.Clip c : todo) {
            if (!Files.exists(target(episode, c, ext))) {
                missing++;
                estimate += duration == null || duration <= 0 ? episode.sizeBytes()
                        : episode.sizeBytes() * (c.endMs() - c.startMs()) / duration;
            }
        }
        if (missing > 0) {
            storage.checkRoomForWork("cutting " + missing + " clip(s) of episode " + episode.id(), estimate);
        }
    }
}
