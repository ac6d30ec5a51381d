package io.castwire.processing.scoring;

import io.castwire.processing.transcript.TranscriptSegment;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClipScoringPerformanceTest {

    @Test
    void threeHourTranscriptIsScoredForAllProfilesInWellUnderFiveSeconds() {
        List<TranscriptSegment> threeHours = TranscriptBuilder.generated(3_000, 2024);
        long mediaMillis = threeHours.get(threeHours.size() - 1).endMillis();
        assertThat(mediaMillis).isGreaterThan(10_000_000); // about 2.8 hours of speech at least

        long started = System.nanoTime();
        Map<String, List<ScoredClip>> clips = new ClipScorer().topClips(threeHours);
        long coldMillis = (System.nanoTime() - started) / 1_000_000;

        started = System.nanoTime();
        new ClipScorer().topClips(threeHours);
        long warmMillis = (System.nanoTime() - started) / 1_000_000;

        System.out.printf("scoring %d segments (%.2f h) for %d profiles: %d ms cold, %d ms warm%n",
                threeHours.size(), mediaMillis / 3_600_000.0, clips.size(), coldMillis, warmMillis);
        assertThat(clips.values()).allSatisfy(list -> assertThat(list).hasSize(3));
        assertThat(coldMillis).isLessThan(5_000);
    }
}
