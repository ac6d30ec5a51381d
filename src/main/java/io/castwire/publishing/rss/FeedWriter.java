package io.castwire.publishing.rss;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.springframework.stereotype.Component;

/**
 * Writes a show's podcast feed: RSS 2.0 with the tags Apple Podcasts requires and the Podcasting
 * 2.0 tags castwire produces (guid, locked, transcript, chapters, soundbite). Optional values that
 * are absent are left out entirely; podcast apps treat an empty tag differently from a missing one.
 */
@Component
public class FeedWriter {

    public static final String ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    public static final String PODCAST_NS = "https://podcastindex.org/namespace/1.0";
    public static final String ATOM_NS = "http://www.w3.org/2005/Atom";
    public static final String CONTENT_NS = "http://purl.org/rss/1.0/modules/content/";
    public static final String CHAPTERS_TYPE = "application/json+chapters";

    /** RFC 822 dates as RSS 2.0 requires them: GMT, English day and month names whatever the JVM's locale. */
    private static final String RFC_822 = "EEE, dd MMM yyyy HH:mm:ss 'GMT'";

    /** Newest first, as apps expect; equal dates by guid so the output is the same on every run. */
    static final Comparator<FeedItem> NEWEST_FIRST =
            Comparator.comparing(FeedItem::pubDate).reversed().thenComparing(FeedItem::guid);

    private static final int SOUNDBITE_TITLE_MAX = 128;

    // The JDK's own writer, not whichever StAX provider the classpath brings: its output is what the tests pin.
    private final XMLOutputFactory factory = XMLOutputFactory.newDefaultFactory();

    /**
     * Writes the feed as UTF-8 to {@code out}, which is flushed but left open.
     *
     * @throws IllegalArgumentException when two items share a guid
     */
    public void write(ShowFeed show, List<FeedItem> items, OutputStream out) throws IOException {
        List<FeedItem> sorted = items.stream().sorted(NEWEST_FIRST).toList();
        rejectDuplicateGuids(sorted);
        try {
            XMLStreamWriter xml = factory.createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
            Xml w = new Xml(xml);
            xml.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
            w.start("", "rss", "");
            xml.writeNamespace("itunes", ITUNES_NS);
            xml.writeNamespace("podcast", PODCAST_NS);
            xml.writeNamespace("atom", ATOM_NS);
            xml.writeNamespace("content", CONTENT_NS);
            w.attribute("version", "2.0");
            w.start("", "channel", "");
            writeChannel(w, show);
            DateTimeFormatter dates = DateTimeFormatter.ofPattern(RFC_822, Locale.ENGLISH).withZone(ZoneOffset.UTC);
            for (FeedItem item : sorted) {
                writeItem(w, item, dates);
            }
            w.end();
            w.end();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("Could not write the feed of " + show.slug(), e);
        }
        out.flush();
    }

    private static void writeChannel(Xml w, ShowFeed show) throws XMLStreamException {
        w.leaf("", "title", "", show.title());
        w.leaf("", "link", "", show.siteUrl());
        w.leaf("", "description", "", show.description());
        w.leaf("", "language", "", show.language());
        w.empty("atom", "link", ATOM_NS, "href", show.feedUrl(), "rel", "self", "type", "application/rss+xml");
        w.leaf("itunes", "author", ITUNES_NS, show.author());
        w.start("itunes", "owner", ITUNES_NS);
        w.leaf("itunes", "name", ITUNES_NS, show.ownerName());
        w.leaf("itunes", "email", ITUNES_NS, show.ownerEmail());
        w.end();
        w.empty("itunes", "image", ITUNES_NS, "href", show.imageUrl());
        w.start("", "image", "");
        w.leaf("", "url", "", show.imageUrl());
        w.leaf("", "title", "", show.title());
        w.leaf("", "link", "", show.siteUrl());
        w.end();
        if (show.subcategory() == null) {
            w.empty("itunes", "category", ITUNES_NS, "text", show.category());
        } else {
            w.start("itunes", "category", ITUNES_NS);
            w.attribute("text", show.category());
            w.empty("itunes", "category", ITUNES_NS, "text", show.subcategory());
            w.end();
        }
        w.leaf("itunes", "explicit", ITUNES_NS, Boolean.toString(show.explicit()));
        w.leaf("itunes", "type", ITUNES_NS, "episodic");
        w.leaf("podcast", "guid", PODCAST_NS, show.podcastGuid());
        if (show.locked() != null) {
            w.start("podcast", "locked", PODCAST_NS);
            w.attribute("owner", show.ownerEmail());
            w.text(show.locked() ? "yes" : "no");
            w.end();
        }
    }

    private static void writeItem(Xml w, FeedItem item, DateTimeFormatter dates) throws XMLStreamException {
        w.start("", "item", "");
        w.leaf("", "title", "", item.title());
        w.leaf("", "description", "", item.description());
        if (item.contentHtml() != null) {
            w.leaf("content", "encoded", CONTENT_NS, item.contentHtml());
        }
        if (item.link() != null) {
            w.leaf("", "link", "", item.link());
        }
        w.start("", "guid", "");
        w.attribute("isPermaLink", "false");
        w.text(item.guid());
        w.end();
        w.leaf("", "pubDate", "", dates.format(item.pubDate()));
        w.empty("", "enclosure", "", "url", item.enclosureUrl(), "length", Long.toString(item.enclosureLength()),
                "type", item.enclosureType());
        w.leaf("itunes", "duration", ITUNES_NS, Seconds.clock(item.durationSeconds()));
        if (item.episodeNumber() != null) {
            w.leaf("itunes", "episode", ITUNES_NS, item.episodeNumber().toString());
        }
        w.leaf("itunes", "episodeType", ITUNES_NS, "full");
        for (FeedItem.Transcript transcript : item.transcripts()) {
            w.empty("podcast", "transcript", PODCAST_NS, "url", transcript.url(), "type", transcript.type(),
                    "language", transcript.language(), "rel", transcript.rel());
        }
        if (item.chaptersUrl() != null) {
            w.empty("podcast", "chapters", PODCAST_NS, "url", item.chaptersUrl(), "type", CHAPTERS_TYPE);
        }
        for (FeedItem.Soundbite soundbite : item.soundbites()) {
            String startTime = Seconds.withFraction(soundbite.startSeconds());
            String duration = Seconds.withFraction(soundbite.durationSeconds());
            if (soundbite.title() == null) {
                // an untitled bite is still a bite: apps show the episode title instead
                w.empty("podcast", "soundbite", PODCAST_NS, "startTime", startTime, "duration", duration);
            } else {
                w.start("podcast", "soundbite", PODCAST_NS);
                w.attribute("startTime", startTime);
                w.attribute("duration", duration);
                w.text(truncate(soundbite.title(), SOUNDBITE_TITLE_MAX));
                w.end();
            }
        }
        w.end();
    }

    private static void rejectDuplicateGuids(List<FeedItem> items) {
        Set<String> seen = new HashSet<>();
        for (FeedItem item : items) {
            if (!seen.add(item.guid())) {
                throw new IllegalArgumentException("Two items share the guid " + item.guid());
            }
        }
    }

    /** Aggregators cut longer soundbite titles anyway; cutting here keeps emoji pairs whole. */
    static String truncate(String text, int maxCodePoints) {
        if (text.codePointCount(0, text.length()) <= maxCodePoints) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, maxCodePoints));
    }

    /**
     * Drops characters XML 1.0 cannot carry at all, escaped or not (most control characters, lone
     * surrogates): one stray byte from a transcript would otherwise make the whole feed unreadable.
     */
    static String xmlSafe(String text) {
        StringBuilder safe = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD
                    || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD)
                    || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (!allowed && safe == null) {
                safe = new StringBuilder(text.length()).append(text, 0, i);
            } else if (allowed && safe != null) {
                safe.append(text, i, next);
            }
            i = next;
        }
        return safe == null ? text : safe.toString();
    }

    /** Indents the output, so a person reading a feed in a browser can follow it, and cleans text. */
    private static final class Xml {

        private final XMLStreamWriter xml;
        /** For each open element: whether it has child elements, so its end tag goes on its own line. */
        private final Deque<Boolean> open = new ArrayDeque<>();

        Xml(XMLStreamWriter xml) {
            this.xml = xml;
        }

        void start(String prefix, String name, String ns) throws XMLStreamException {
            newChildLine();
            xml.writeStartElement(prefix, name, ns);
            open.push(false);
        }

        void end() throws XMLStreamException {
            if (open.pop()) {
                indent();
            }
            xml.writeEndElement();
        }

        void attribute(String name, String value) throws XMLStreamException {
            xml.writeAttribute(name, xmlSafe(value));
        }

        void text(String text) throws XMLStreamException {
            xml.writeCharacters(xmlSafe(text));
        }

        void leaf(String prefix, String name, String ns, String text) throws XMLStreamException {
            start(prefix, name, ns);
            text(text);
            end();
        }

        /** An element with attributes only; a {@code null} attribute value leaves that attribute out. */
        void empty(String prefix, String name, String ns, String... attributes) throws XMLStreamException {
            newChildLine();
            xml.writeEmptyElement(prefix, name, ns);
            for (int i = 0; i < attributes.length; i += 2) {
                if (attributes[i + 1] != null) {
                    attribute(attributes[i], attributes[i + 1]);
                }
            }
        }

        private void newChildLine() throws XMLStreamException {
            if (!open.isEmpty()) {
                open.pop();
                open.push(true);
            }
            indent();
        }

        private void indent() throws XMLStreamException {
            xml.writeCharacters("\n" + "  ".repeat(open.size()));
        }
    }
}
