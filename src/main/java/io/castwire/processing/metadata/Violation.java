package io.castwire.processing.metadata;

/**
 * Why the grounding guard refused a field of generated metadata, in words an admin (and the LLM,
 * when it is asked again) can act on.
 */
public record Violation(MetadataField field, String reason) {

    @Override
    public String toString() {
        return field.key() + ": " + reason;
    }
}
