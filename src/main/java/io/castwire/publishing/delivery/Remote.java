package io.castwire.publishing.delivery;

/** What a destination answered for a published item: its own id and, where it has one, a URL. */
public record Remote(String id, String url) {
}
