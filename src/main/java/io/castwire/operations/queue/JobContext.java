package io.castwire.operations.queue;

/**
 * The episode the current thread works for, so that a shared tool (the ffmpeg runner) can file
 * its job under that episode for cancel and queue stats without every caller passing the id down.
 */
public final class JobContext {

    private static final ThreadLocal<Long> EPISODE = new ThreadLocal<>();

    private JobContext() {
    }

    /** The episode this thread works for, or null. */
    public static Long episodeId() {
        return EPISODE.get();
    }

    /** Marks this thread as working for the episode until the returned scope is closed. */
    public static Scope forEpisode(long episodeId) {
        Long before = EPISODE.get();
        EPISODE.set(episodeId);
        return () -> {
            if (before == null) {
                EPISODE.remove();
            } else {
                EPISODE.set(before);
            }
        };
    }

    /** A scope that ends without a checked exception. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
