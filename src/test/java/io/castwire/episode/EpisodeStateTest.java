package io.castwire.episode;

import static io.castwire.episode.EpisodeState.BLOCKED_BUDGET;
import static io.castwire.episode.EpisodeState.CANCELLED;
import static io.castwire.episode.EpisodeState.FAILED;
import static io.castwire.episode.EpisodeState.PARTIALLY_PUBLISHED;
import static io.castwire.episode.EpisodeState.PROCESSED;
import static io.castwire.episode.EpisodeState.PROCESSING;
import static io.castwire.episode.EpisodeState.PUBLISHED;
import static io.castwire.episode.EpisodeState.PUBLISHING;
import static io.castwire.episode.EpisodeState.QUARANTINED;
import static io.castwire.episode.EpisodeState.RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class EpisodeStateTest {

    /** The whole table, so that a new or removed move shows up here as a deliberate change. */
    private static final Map<EpisodeState, Set<EpisodeState>> ALLOWED = Map.of(
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

    @ParameterizedTest
    @EnumSource(EpisodeState.class)
    void everyStateAllowsExactlyItsDocumentedMoves(EpisodeState from) {
        assertThat(ALLOWED).containsKey(from);
        for (EpisodeState to : EpisodeState.values()) {
            assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(ALLOWED.get(from).contains(to));
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "RECEIVED, PROCESSING", "PROCESSING, PROCESSED", "PROCESSED, PUBLISHING", "PUBLISHING, PUBLISHED",
            "PUBLISHING, PARTIALLY_PUBLISHED", "PARTIALLY_PUBLISHED, PUBLISHING", "FAILED, RECEIVED",
            "PROCESSING, BLOCKED_BUDGET", "BLOCKED_BUDGET, RECEIVED", "PROCESSING, QUARANTINED",
            "RECEIVED, CANCELLED", "PROCESSING, CANCELLED", "CANCELLED, RECEIVED"})
    void allowedMoves(EpisodeState from, EpisodeState to) {
        assertThat(from.canMoveTo(to)).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "PROCESSED, PUBLISHED", "RECEIVED, PUBLISHED", "RECEIVED, PROCESSED", "FAILED, PROCESSING",
            "PUBLISHED, QUARANTINED", "PUBLISHING, RECEIVED", "BLOCKED_BUDGET, PROCESSING",
            "PUBLISHED, CANCELLED", "CANCELLED, PROCESSING"})
    void refusedMoves(EpisodeState from, EpisodeState to) {
        assertThat(from.canMoveTo(to)).isFalse();
    }

    @Test
    void quarantinedIsTerminal() {
        for (EpisodeState to : EpisodeState.values()) {
            assertThat(QUARANTINED.canMoveTo(to)).as("QUARANTINED -> %s", to).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(EpisodeState.class)
    void noStateMovesToItself(EpisodeState state) {
        assertThat(state.canMoveTo(state)).isFalse();
    }
}
