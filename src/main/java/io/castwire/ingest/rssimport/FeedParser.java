package io.castwire.ingest.rssimport;

import com.rometools.modules.itunes.EntryInformation;
import com.rometools.modules.itunes.ITunes;
import com.rometools.rome.feed.rss.Guid;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.xml.sax.InputSource;

/**
 * Reads a podcast feed document (RSS 2.0 with the iTunes tags; Atom and RSS 1.0 as far as ROME
 * maps them) into {@link FeedEntry}s. Doctypes are refused (no external entities). Plain Java:
 * no Camel, no database.
 */
public final class FeedParser {

    /** The feed could not be read as a feed. */
    public static class MalformedFeedException extends Exception {
        public MalformedFeedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final int MAX_KEY = 1000;

    private FeedParser() {
    }

    /** Parses a feed file; entries in document order. */
    public static List<FeedEntry> parse(Path file) throws IOException, MalformedFeedException {
        SyndFeed feed;
        try (InputStream in = Files.newInputStream(file)) {
            SyndFeedInput input = new SyndFeedInput();
            input.setAllowDoctypes(false);
            input.setPreserveWireFeed(true);
            feed = input.build(new InputSource(in));
        } catch (FeedException | IllegalArgumentException e) {
            String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw new MalformedFeedException("the document is not a feed ROME can read: " + why, e);
        }
        List<FeedEntry> entries = new ArrayList<>();
        for (SyndEntry e : feed.getEntries()) {
            entries.add(entry(e));
        }
        return entries;
    }

    static FeedEntry entry(SyndEntry e) {
        String guid = guid(e);
        SyndEnclosure enclosure = enclosure(e);
        String enclosureUrl = enclosure == null ? null : blankToNull(enclosure.getUrl());
        EntryInformation itunes = e.getModule(ITunes.URI) instanceof EntryInformation i ? i : null;
        String description = null;
        for (SyndContent c : e.getContents()) {
            if (c != null && blankToNull(c.getValue()) != null) {
                description = c.getValue().strip();
                break;
            }
        }
        if (description == null && e.getDescription() != null) {
            description = blankToNull(e.getDescription().getValue());
        }
        if (description == null && itunes != null) {
            description = blankToNull(itunes.getSummary());
        }
        String title = blankToNull(e.getTitle());
        if (title == null && itunes != null) {
            title = blankToNull(itunes.getTitle());
        }
        var published = e.getPublishedDate() != null ? e.getPublishedDate() : e.getUpdatedDate();
        return new FeedEntry(key(guid, enclosureUrl, e), guid, enclosureUrl,
                enclosure == null ? null : blankToNull(enclosure.getType()), title == null ? null : cut(title, 500),
                description, published == null ? null : published.toInstant(),
                itunes == null ? null : itunes.getEpisode(), itunes == null ? null : itunes.getSeason(),
                itunes == null || itunes.getEpisodeType() == null ? null : cut(itunes.getEpisodeType().strip().toLowerCase(Locale.ROOT), 16),
                itunes == null ? null : itunes.getExplicitNullable(),
                itunes == null || itunes.getDuration() == null ? null : itunes.getDuration().getMilliseconds(),
                itunes == null ? null : cut(blankToNull(itunes.getImageUri()), 2000));
    }

    /** The RSS guid as written (ROME's uri falls back to the link when there is none). */
    private static String guid(SyndEntry e) {
        if (e.getWireEntry() instanceof Item item) {
            Guid g = item.getGuid();
            return g == null ? null : blankToNull(g.getValue());
        }
        // Atom: the entry id
        return blankToNull(e.getUri());
    }

    /** The first audio or video enclosure, else the first one. */
    private static SyndEnclosure enclosure(SyndEntry e) {
        SyndEnclosure first = null;
        for (SyndEnclosure c : e.getEnclosures()) {
            if (c == null || blankToNull(c.getUrl()) == null) {
                continue;
            }
            String type = c.getType() == null ? "" : c.getType().toLowerCase(Locale.ROOT);
            if (type.startsWith("audio/") || type.startsWith("video/")) {
                return c;
            }
            if (first == null) {
                first = c;
            }
        }
        return first;
    }

    /** The guid, else the enclosure URL, else the link or title; null when the item has nothing to tell it by. */
    static String key(String guid, String enclosureUrl, SyndEntry e) {
        String key = guid != null ? guid : enclosureUrl != null ? enclosureUrl
                : blankToNull(e.getLink()) != null ? "link:" + e.getLink().strip()
                : blankToNull(e.getTitle()) != null ? "title:" + e.getTitle().strip()
                        + (e.getPublishedDate() == null ? "" : "|" + e.getPublishedDate().toInstant())
                : null;
        if (key == null || key.length() <= MAX_KEY) {
            return key;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
