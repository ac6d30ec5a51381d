package io.castwire.ingest;

/**
 * A file found in an inbox, named the way castwire stores it: the show it belongs to, its
 * sanitized name and base name (the name that pairs media with sidecars) and what kind it is.
 */
public record InboxFile(String showSlug, String originalName, String fileName, String baseName, Kind kind, String extension) {

    /** What a file in the inbox is taken for. */
    public enum Kind { MEDIA, TRANSCRIPT, METADATA, UNSUPPORTED }

    public boolean nameChanged() {
        return !originalName.equals(fileName);
    }
}
