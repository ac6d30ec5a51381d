package io.castwire.publishing.rss;

import java.util.Optional;

/**
 * A guid an episode already had somewhere else, used for its first feed item instead of a new
 * castwire guid: an episode imported from a show's old feed keeps the guid podcast apps know it by
 * (a changed guid makes them download the episode again). Features that bring episodes from other
 * feeds provide one (RSS import); the feed does not know them.
 */
public interface ItemGuidSource {

    /** The guid the episode had before it came to castwire, if any. */
    Optional<String> guidFor(long episodeId);
}
