package io.castwire.operations.queue;

import io.castwire.common.ConflictException;
import io.castwire.common.NotFoundException;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.episode.Priority;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/episodes/{id}/cancel} and {@code POST /api/episodes/{id}/priority} (admin).
 */
@RestController
public class JobControlResource {

    private static final Logger LOG = LoggerFactory.getLogger(JobControlResource.class);

    private final EpisodeRepository episodes;
    private final QueueRepository queue;
    private final RunningJobs jobs;
    private final EpisodeQueue inMemory;

    public JobControlResource(EpisodeRepository episodes, QueueRepository queue, RunningJobs jobs, EpisodeQueue inMemory) {
        this.episodes = episodes;
        this.queue = queue;
        this.jobs = jobs;
        this.inMemory = inMemory;
    }

    /**
     * Cancels a waiting or running episode: it moves to CANCELLED (who and when on the row and the
     * timeline), work not started is never started, and its running jobs in this process are
     * stopped at once (an ffmpeg process is killed and its partial output removed). A job on
     * another replica stops at that worker's next lease renewal. 409 for any other state.
     */
    @PostMapping("/api/episodes/{id}/cancel")
    public Map<String, Object> cancel(@PathVariable long id, Principal who) {
        Episode e = episodes.findById(id).orElseThrow(() -> new NotFoundException("no episode " + id));
        String by = who == null ? "anonymous" : who.getName();
        if (!queue.cancel(id, by)) {
            throw new ConflictException("episode " + id + " is " + episodes.findById(id).map(x -> x.state().name())
                    .orElse(e.state().name()) + "; only " + QueueRepository.CANCELLABLE + " episodes can be cancelled");
        }
        int stopped = jobs.cancel(id);
        LOG.info("Episode {} cancelled by {} ({} running job(s) stopped here)", id, by, stopped);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("state", "CANCELLED");
        body.put("previousState", e.state().name());
        queue.cancellation(id).ifPresent(body::putAll);
        body.put("stoppedJobs", stopped);
        return body;
    }

    /** Body of {@code POST /api/episodes/{id}/priority}. */
    public record PriorityChange(String priority) {
    }

    /**
     * Changes the priority of a waiting (RECEIVED) episode, also where it stands in this process's
     * queue. 400 for an unknown priority, 409 when the episode is no longer waiting.
     */
    @PostMapping("/api/episodes/{id}/priority")
    public Map<String, Object> priority(@PathVariable long id, @RequestBody(required = false) PriorityChange change,
                                        Principal who) {
        if (change == null || change.priority() == null) {
            throw new IllegalArgumentException("send {\"priority\": \"urgent\" | \"normal\" | \"bulk\"}");
        }
        Priority p = Priority.parse(change.priority());
        Episode e = episodes.findById(id).orElseThrow(() -> new NotFoundException("no episode " + id));
        if (!queue.changePriority(id, p, who == null ? "anonymous" : who.getName())) {
            throw new ConflictException("episode " + id + " is " + e.state() + "; the priority can only change while "
                    + "it waits (RECEIVED)");
        }
        boolean requeued = inMemory.reprioritize(id, p);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("priority", p.label());
        body.put("state", e.state().name());
        body.put("requeued", requeued);
        return body;
    }
}
