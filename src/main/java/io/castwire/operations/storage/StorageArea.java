package io.castwire.operations.storage;

import java.util.Locale;

/** What a file below {@code castwire.home} is, by where it lies (see {@link StorageAreas#classify}). */
public enum StorageArea {
    /** Registered media: {@code media/<show>/<hash[0:2]>/<hash>.<ext>}. */
    ORIGINALS,
    /** Cut clips: {@code media/<show>/clips/<episode>/...}. */
    CLIPS,
    /** Files made from an episode besides clips: {@code media/<show>/captions/<episode>/...}, {@code media/<show>/chapters/<episode>.json}. */
    RENDERS,
    /** Transcript and metadata sidecars: {@code media/<show>/sidecars/...}. */
    SIDECARS,
    /** Refused files and their {@code .error.json} reports. */
    QUARANTINE,
    /** Published links and copies, feeds and covers. */
    PUBLIC,
    /** Scratch files, the extracted ffmpeg, audiograms waiting for their upload. */
    WORK,
    /** Files dropped by producers, not yet taken. */
    INBOX;

    /** The lower-case name used in JSON and configuration. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
