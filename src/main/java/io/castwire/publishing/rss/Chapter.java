package io.castwire.publishing.rss;

/**
 * A chapter mark in a Podcasting 2.0 JSON chapters file.
 *
 * @param startSeconds where the chapter starts, in seconds from the start of the media
 * @param title        optional; a chapter without one is a silent marker
 */
public record Chapter(double startSeconds, String title) {

    public Chapter {
        if (!Double.isFinite(startSeconds) || startSeconds < 0) {
            throw new IllegalArgumentException("chapter startSeconds must be >= 0: " + startSeconds);
        }
        title = Fields.optional(title);
    }
}
