package io.castwire.processing.transcript;

/**
 * A cue as a format reader found it, before the shared clean-up in {@link CueNormaliser}.
 *
 * @param label how to name this cue to the producer in a message, e.g. "caption 4 (line 17)"
 */
record RawCue(long startMillis, long endMillis, String text, String speaker, String label) {
}
