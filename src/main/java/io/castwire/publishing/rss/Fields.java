package io.castwire.publishing.rss;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Checks shared by the feed records, so a bad value fails where it is built, naming the field. */
final class Fields {

    private Fields() {
    }

    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** Blank means absent: the writer then leaves the element out instead of writing an empty tag. */
    static String optional(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static String requiredUrl(String value, String field) {
        return httpUrl(required(value, field), field);
    }

    static String optionalUrl(String value, String field) {
        String present = optional(value);
        return present == null ? null : httpUrl(present, field);
    }

    /** Podcast apps fetch these URLs directly, so anything but absolute http(s) is a broken feed. */
    private static String httpUrl(String value, String field) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(field + " is not a valid URL: " + value, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(field + " must be an absolute http(s) URL: " + value);
        }
        return value.trim();
    }
}
