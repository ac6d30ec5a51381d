package io.castwire.processing;

import io.castwire.episode.Episode;

/**
 * One step of processing an episode. Steps run in {@link #order()} and must be idempotent: after a
 * crash the whole pipeline runs again for the episode.
 */
public interface ProcessingStep {

    /** Short name used in the timeline, e.g. {@code media-check}. */
    String name();

    int order();

    /**
     * Runs the step.
     *
     * @return one line for the episode's timeline
     * @throws Exception a failure; the episode is retried with backoff and FAILED after the last attempt
     */
    String run(Episode episode) throws Exception;
}
