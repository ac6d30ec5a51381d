package io.castwire.processing.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.castwire.processing.transcript.TranscriptSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cues beyond the end of the media never become clip material. */
class ClipScoringStepTest {

    @Test
    void cuesPastTheEndOfTheMediaAreDroppedOrCut() {
        List<TranscriptSegment> segments = List.of(new TranscriptSegment(0, 0, 5_000, "Inside.", null),
                new TranscriptSegment(1, 8_000, 12_000, "Crosses the end.", null),
                new TranscriptSegment(2, 12_000, 15_000, "After the end.", null));
        List<TranscriptSegment> inside = ClipScoringStep.within(segments, 10_000L);
        assertThat(inside).hasSize(2);
        assertThat(inside.get(1).endMillis()).isEqualTo(10_000);
        assertThat(ClipScoringStep.within(segments, null)).isEqualTo(segments);
    }
}
