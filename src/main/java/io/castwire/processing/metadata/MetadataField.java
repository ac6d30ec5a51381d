package io.castwire.processing.metadata;

import java.util.Locale;

/** The parts of generated metadata, each judged by the grounding guard and sourced on its own. */
public enum MetadataField {
    TITLE, DESCRIPTION, TAGS, CHAPTERS;

    /** The lower-case name used in JSON, prompts and timelines. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
