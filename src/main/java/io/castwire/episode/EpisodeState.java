package io.castwire.episode;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The states an episode row moves through (DESIGN.md) and the moves allowed between them. */
public enum EpisodeState {
    RECEIVED, PROCESSING, PROCESSED, PUBLISHING, PUBLISHED, PARTIALLY_PUBLISHED, FAILED, QUARANTINED, BLOCKED_BUDGET,
    /** Stopped by an admin (POST /api/episodes/{id}/cancel); a retry sends it through processing again. */
    CANCELLED;

    private static final Map<EpisodeState, Set<EpisodeState>> NEXT = Map.of(
            RECEIVED, EnumSet.of(PROCESSING, FAILED, QUARANTINED, CANCELLED),
            PROCESSING, EnumSet.of(PROCESSED, RECEIVED, FAILED, BLOCKED_BUDGET, QUARANTINED, CANCELLED),
            PROCESSED, EnumSet.of(PUBLISHING, RECEIVED),
            PUBLISHING, EnumSet.of(PUBLISHED, PARTIALLY_PUBLISHED, FAILED),
            PUBLISHED, EnumSet.of(PUBLISHING, RECEIVED),
            PARTIALLY_PUBLISHED, EnumSet.of(PUBLISHING, RECEIVED),
            FAILED, EnumSet.of(RECEIVED),
            QUARANTINED, EnumSet.noneOf(EpisodeState.class),
            BLOCKED_BUDGET, EnumSet.of(RECEIVED, FAILED, CANCELLED),
            CANCELLED, EnumSet.of(RECEIVED));

    /** Whether the state machine allows moving from this state to {@code next}. */
    public boolean canMoveTo(EpisodeState next) {
        return NEXT.get(this).contains(next);
    }
}
