package io.castwire.publishing.rss;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One episode in a feed.
 *
 * @param guid            stable id of the episode; apps use it to tell new episodes from old,
 *                        so it must never change once published
 * @param description     plain text or HTML; written escaped, so markup survives as text
 * @param enclosureLength the media file's size in bytes
 * @param enclosureType   MIME type of the media, e.g. {@code audio/mpeg}
 * @param episodeNumber   optional {@code itunes:episode}
 * @param transcripts     {@code podcast:transcript} links, possibly none
 * @param chaptersUrl     optional URL of a JSON chapters file (see {@link ChaptersWriter})
 * @param soundbites      {@code podcast:soundbite} clips, possibly none
 * @param link            optional episode web page
 * @param contentHtml     optional full show notes, written as {@code content:encoded}
 */
public record FeedItem(
        String guid,
        String title,
        String description,
        Instant pubDate,
        String enclosureUrl,
        long enclosureLength,
        String enclosureType,
        long durationSeconds,
        Integer episodeNumber,
        List<Transcript> transcripts,
        String chaptersUrl,
        List<Soundbite> soundbites,
        String link,
        String contentHtml) {

    public FeedItem {
        Fields.required(guid, "guid");
        Fields.required(title, "title");
        Fields.required(description, "description");
        Objects.requireNonNull(pubDate, "pubDate is required");
        enclosureUrl = Fields.requiredUrl(enclosureUrl, "enclosureUrl");
        if (enclosureLength <= 0) {
            throw new IllegalArgumentException("enclosureLength must be the file size in bytes: " + enclosureLength);
        }
        Fields.required(enclosureType, "enclosureType");
        if (durationSeconds < 0) {
            throw new IllegalArgumentException("durationSeconds must not be negative: " + durationSeconds);
        }
        if (episodeNumber != null && episodeNumber <= 0) {
            throw new IllegalArgumentException("episodeNumber must be positive: " + episodeNumber);
        }
        transcripts = transcripts == null ? List.of() : List.copyOf(transcripts);
        chaptersUrl = Fields.optionalUrl(chaptersUrl, "chaptersUrl");
        soundbites = soundbites == null ? List.of() : List.copyOf(soundbites);
        link = Fields.optionalUrl(link, "link");
        contentHtml = Fields.optional(contentHtml);
    }

    /** An item without {@code content:encoded}. */
    public FeedItem(String guid, String title, String description, Instant pubDate, String enclosureUrl,
            long enclosureLength, String enclosureType, long durationSeconds, Integer episodeNumber,
            List<Transcript> transcripts, String chaptersUrl, List<Soundbite> soundbites, String link) {
        this(guid, title, description, pubDate, enclosureUrl, enclosureLength, enclosureType, durationSeconds,
                episodeNumber, transcripts, chaptersUrl, soundbites, link, null);
    }

    /**
     * A {@code podcast:transcript} link.
     *
     * @param type     MIME type, e.g. {@code text/vtt}, {@code application/x-subrip}, {@code application/json}
     * @param language optional; readers assume the channel language without it
     * @param rel      optional; {@code captions} marks a timed file usable as closed captions
     */
    public record Transcript(String url, String type, String language, String rel) {

        public static final String CAPTIONS = "captions";

        public Transcript {
            url = Fields.requiredUrl(url, "transcript url");
            Fields.required(type, "transcript type");
            language = Fields.optional(language);
            rel = Fields.optional(rel);
        }

        /** A timed transcript (SRT, VTT) that apps may show as closed captions. */
        public static Transcript captions(String url, String type, String language) {
            return new Transcript(url, type, language, CAPTIONS);
        }
    }

    /**
     * A {@code podcast:soundbite}: a clip of the episode's own enclosure.
     *
     * @param title optional; apps fall back to the episode title
     */
    public record Soundbite(double startSeconds, double durationSeconds, String title) {

        public Soundbite {
            if (!Double.isFinite(startSeconds) || startSeconds < 0) {
                throw new IllegalArgumentException("soundbite startSeconds must be >= 0: " + startSeconds);
            }
            if (!Double.isFinite(durationSeconds) || durationSeconds <= 0) {
                throw new IllegalArgumentException("soundbite durationSeconds must be > 0: " + durationSeconds);
            }
            title = Fields.optional(title);
        }
    }
}
