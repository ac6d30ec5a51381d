package io.castwire.publishing.wordpress;

import io.castwire.publishing.delivery.PublishItem;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The HTML of a post: a player for the episode (video with its WebVTT captions as {@code <track>}s),
 * the text, a player per clip, and links to the media, chapters, transcript and captions.
 * <p>
 * Everything from an episode's metadata is escaped, and only http(s) URLs become {@code src} or
 * {@code href}: the post is published with the rights of an administrator, whose HTML WordPress
 * does not filter. The body is one Custom HTML block, so the block editor shows it as one piece
 * and WordPress's automatic paragraphs do not break the players.
 */
final class WordpressPostHtml {

    /** A caption file as the post links it: the format (SRT, VTT, SCC) and where it is served. */
    record Caption(String format, String url) {
    }

    private static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "m4v", "mov", "webm", "mkv", "ogv");

    private WordpressPostHtml() {
    }

    /**
     * @param text     the post's text (the rendered template), plain: escaped here, blank lines make paragraphs
     * @param mediaUrl where the player plays from (the media library's copy or the hub's public URL)
     * @param captions the item's captions, each with the URL to link (uploaded, or the hub's)
     */
    static String render(PublishItem item, String text, String mediaUrl, List<Caption> captions) {
        StringBuilder h = new StringBuilder("<!-- wp:html -->\n");
        boolean video = isVideo(item.mediaType(), mediaUrl);
        if (web(mediaUrl)) {
            h.append("<figure class=\"castwire-player\">");
            if (video) {
                h.append("<video controls preload=\"metadata\" src=\"").append(attr(mediaUrl)).append("\">");
                boolean first = true;
                for (Caption c : captions) {
                    // browsers play WebVTT only
                    if ("VTT".equalsIgnoreCase(c.format()) && web(c.url())) {
                        h.append("<track kind=\"captions\" label=\"Captions\" src=\"").append(attr(c.url())).append('"')
                                .append(first ? " default" : "").append('>');
                        first = false;
                    }
                }
                h.append("</video>");
            } else {
                h.append("<audio controls preload=\"metadata\" src=\"").append(attr(mediaUrl)).append("\"></audio>");
            }
            h.append("</figure>\n");
        }
        paragraphs(h, text);
        clips(h, item.clips());
        links(h, item, mediaUrl, captions);
        return h.append("<!-- /wp:html -->\n").toString();
    }

    private static void paragraphs(StringBuilder h, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        for (String p : text.strip().split("\\R\\s*\\R")) {
            if (!p.isBlank()) {
                h.append("<p>").append(text(p.strip()).replaceAll("\\R", "<br>")).append("</p>\n");
            }
        }
    }

    private static void clips(StringBuilder h, List<PublishItem.ClipLink> clips) {
        List<PublishItem.ClipLink> playable = clips == null ? List.of() : clips.stream().filter(c -> web(c.url())).toList();
        if (playable.isEmpty()) {
            return;
        }
        h.append("<h2>Clips</h2>\n<ul class=\"castwire-clips\">\n");
        for (PublishItem.ClipLink c : playable) {
            h.append("<li><p>Clip ").append(c.rank()).append(" (").append(time(c.startMs())).append("–")
                    .append(time(c.endMs())).append(')');
            if (c.openingLine() != null && !c.openingLine().isBlank()) {
                h.append(": “").append(text(c.openingLine().strip())).append('”');
            }
            h.append("</p>");
            String tag = isVideo(null, c.url()) ? "video" : "audio";
            h.append('<').append(tag).append(" controls preload=\"none\" src=\"").append(attr(c.url())).append("\"></")
                    .append(tag).append("></li>\n");
        }
        h.append("</ul>\n");
    }

    private static void links(StringBuilder h, PublishItem item, String mediaUrl, List<Caption> captions) {
        StringBuilder l = new StringBuilder();
        link(l, mediaUrl, "Download");
        link(l, item.chaptersUrl(), "Chapters");
        link(l, item.transcriptUrl(), "Transcript");
        for (Caption c : captions) {
            link(l, c.url(), "Captions (" + c.format().toUpperCase(Locale.ROOT) + ")");
        }
        if (!l.isEmpty()) {
            h.append("<ul class=\"castwire-links\">\n").append(l).append("</ul>\n");
        }
    }

    private static void link(StringBuilder l, String url, String label) {
        if (web(url)) {
            l.append("<li><a href=\"").append(attr(url)).append("\">").append(text(label)).append("</a></li>\n");
        }
    }

    /** Video by media type when known, else by the URL's file extension. */
    static boolean isVideo(String mediaType, String url) {
        if (mediaType != null && !mediaType.isBlank()) {
            return mediaType.toLowerCase(Locale.ROOT).startsWith("video/");
        }
        if (url == null) {
            return false;
        }
        String path;
        try {
            path = URI.create(url.strip()).getPath();
        } catch (IllegalArgumentException e) {
            return false;
        }
        int dot = path == null ? -1 : path.lastIndexOf('.');
        return dot >= 0 && VIDEO_EXTENSIONS.contains(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Escapes text for HTML content (and for WordPress titles, which are HTML too). {@code [} too:
     * a shortcode in an episode's description must not run plugin code in a post the admin owns.
     */
    static String text(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("[", "&#91;")
                .replace("]", "&#93;");
    }

    private static String attr(String s) {
        return text(s).replace("\"", "&quot;").replace("'", "&#39;");
    }

    /** Only absolute http(s) URLs: a {@code javascript:} or relative one from metadata never reaches the page. */
    static boolean web(String url) {
        if (url == null || url.isBlank()) {
            return false;
        }
        try {
            URI u = URI.create(url.strip());
            return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String time(long ms) {
        long s = Math.round(ms / 1000.0);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
