package io.castwire.processing.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.castwire.processing.transcript.TranscriptSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-segment curve the dashboard plots: the best clip that could start at each segment. */
class SegmentScoresTest {

    private final ClipScorer scorer = new ClipScorer();

    @Test
    void theBestClipStartsAtThePeakOfTheCurve() {
        List<TranscriptSegment> segments = TranscriptBuilder.generated(120, 7);
        ClipProfile profile = ClipProfile.defaults().get(ClipProfile.DEFAULT);
        List<ClipScorer.SegmentScore> curve = scorer.segmentScores(segments, List.of(profile));
        ScoredClip best = scorer.topClips(segments, profile, 1).get(0);

        assertThat(curve).hasSize(segments.size());
        assertThat(curve).isSortedAccordingTo(java.util.Comparator.comparingLong(ClipScorer.SegmentScore::startMillis));
        double peak = curve.stream().mapToDouble(ClipScorer.SegmentScore::score).max().orElseThrow();
        assertThat(peak).isEqualTo(best.score());
        assertThat(curve.stream().filter(s -> s.startMillis() == best.startMillis()).findFirst().orElseThrow().score())
                .isEqualTo(best.score());
        // no window of at least 12 s can start in the last seconds of the transcript
        ClipScorer.SegmentScore last = curve.get(curve.size() - 1);
        assertThat(last.score()).isZero();
        assertThat(curve).allSatisfy(s -> assertThat(s.score()).isBetween(0.0, 1.0));
    }

    /** The dashboard computes the curve on every view of an episode page: it must stay cheap for long episodes. */
    @Test
    void aThreeHourTranscriptsCurveTakesWellUnderFiveSeconds() {
        List<TranscriptSegment> threeHours = TranscriptBuilder.generated(3_000, 2024);
        List<ClipProfile> enabled = List.of(ClipProfile.defaults().get("default"),
                ClipProfile.defaults().get("youtube-shorts"), ClipProfile.defaults().get("linkedin"));
        long started = System.nanoTime();
        List<ClipScorer.SegmentScore> curve = scorer.segmentScores(threeHours, enabled);
        long coldMillis = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        scorer.segmentScores(threeHours, enabled);
        long warmMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("segment scores of %d segments for %d profiles: %d ms cold, %d ms warm%n",
                threeHours.size(), enabled.size(), coldMillis, warmMillis);
        assertThat(curve).hasSize(3_000);
        assertThat(coldMillis).isLessThan(5_000);
    }

    @Test
    void moreProfilesNeverLowerAPoint() {
        List<TranscriptSegment> segments = TranscriptBuilder.generated(80, 3);
        List<ClipScorer.SegmentScore> one = scorer.segmentScores(segments, List.of(ClipProfile.defaults().get("default")));
        List<ClipScorer.SegmentScore> all = scorer.segmentScores(segments, ClipProfile.defaults().values());
        for (int i = 0; i < one.size(); i++) {
            assertThat(all.get(i).score()).isGreaterThanOrEqualTo(one.get(i).score());
        }
        assertThat(scorer.segmentScores(List.of(), ClipProfile.defaults().values())).isEmpty();
    }
}
