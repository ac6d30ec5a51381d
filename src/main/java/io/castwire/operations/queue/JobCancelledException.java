package io.castwire.operations.queue;

/** The job's episode was cancelled (POST /api/episodes/{id}/cancel) while it waited or ran. */
public class JobCancelledException extends RuntimeException {

    public JobCancelledException(long episodeId) {
        super("episode " + episodeId + " was cancelled");
    }
}
