package io.castwire.publishing.cablecast;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Cablecast show's {@code comments} as castwire writes them: the episode's description, then a
 * footer block castwire owns, with the links and the item's stable key (how an earlier attempt's
 * show is found):
 * <pre>
 * The description...
 *
 * -- castwire --
 * Media: https://hub.example.org/media/show/ep/ep.mp3
 * Transcript: https://...
 * Chapters: https://...
 * castwire-key: castwire:show:ep
 * </pre>
 * Editors may change the description above the footer; the two-way sync carries it back.
 */
public final class ShowComments {

    static final String MARKER = "-- castwire --";
    static final String KEY = "castwire-key: ";

    private ShowComments() {
    }

    /** The comments for a description and the footer's lines (label to value; null values left out). */
    public static String write(String description, Map<String, String> links, String key) {
        StringBuilder b = new StringBuilder();
        String d = description == null ? "" : description.strip();
        if (!d.isEmpty()) {
            b.append(d).append("\n\n");
        }
        b.append(MARKER).append('\n');
        links.forEach((label, value) -> {
            if (value != null && !value.isBlank()) {
                b.append(label).append(": ").append(value).append('\n');
            }
        });
        b.append(KEY).append(key);
        return b.toString();
    }

    /** The same comments with another description; the footer stays as it is. */
    public static String withDescription(String comments, String description) {
        String footer = footer(comments);
        String d = description == null ? "" : description.strip();
        if (footer == null) {
            return d;
        }
        return d.isEmpty() ? footer : d + "\n\n" + footer;
    }

    /** The description part (everything above castwire's footer), stripped. */
    public static String description(String comments) {
        if (comments == null) {
            return "";
        }
        int at = markerAt(comments);
        return (at < 0 ? comments : comments.substring(0, at)).strip();
    }

    /** The item key in the footer, or null. */
    public static String key(String comments) {
        String footer = footer(comments);
        if (footer == null) {
            return null;
        }
        for (String line : footer.split("\n")) {
            if (line.startsWith(KEY)) {
                return line.substring(KEY.length()).strip();
            }
        }
        return null;
    }

    /** The footer's labelled lines. */
    static Map<String, String> links(String comments) {
        Map<String, String> out = new LinkedHashMap<>();
        String footer = footer(comments);
        if (footer != null) {
            for (String line : footer.split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0 && !line.startsWith(MARKER)) {
                    out.put(line.substring(0, colon), line.substring(colon + 2));
                }
            }
        }
        return out;
    }

    private static String footer(String comments) {
        if (comments == null) {
            return null;
        }
        int at = markerAt(comments);
        return at < 0 ? null : comments.substring(at);
    }

    private static int markerAt(String comments) {
        if (comments.startsWith(MARKER + "\n") || comments.equals(MARKER)) {
            return 0;
        }
        int at = comments.lastIndexOf("\n" + MARKER + "\n");
        return at < 0 ? -1 : at + 1;
    }
}
