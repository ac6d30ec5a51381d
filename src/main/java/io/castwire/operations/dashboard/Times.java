package io.castwire.operations.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Instants on the dashboard's pages, in UTC to the second (the logs and the API use UTC too). */
public final class Times {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** The instant as {@code 2026-11-21 16:22:16 UTC}; empty for null. */
    public String format(Instant instant) {
        return instant == null ? "" : FORMAT.format(instant);
    }
}
