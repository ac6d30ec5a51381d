package io.castwire.operations.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.castwire.episode.ClipRepository;
import io.castwire.processing.scoring.ClipScorer.SegmentScore;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ScoreTimelineTest {

    private static ClipRepository.Clip clip(long id, String profile, int rank, long start, long end) {
        return new ClipRepository.Clip(id, 1, profile, rank, start, end, 0.5, null, null);
    }

    @Test
    void clipsBecomeBandsInTheirProfilesLaneAtTheirTimes() {
        List<ClipRepository.Clip> clips = List.of(clip(1, "default", 1, 0, 30_000), clip(2, "linkedin", 1, 60_000, 120_000),
                clip(3, "tiktok", 2, 30_000, 45_000));
        ScoreTimeline.Svg svg = ScoreTimeline.layout(120_000L, List.of(), List.of("default", "youtube-shorts", "linkedin"), clips);

        assertThat(svg.lanes()).extracting(ScoreTimeline.Lane::profile)
                .containsExactly("default", "youtube-shorts", "linkedin", "tiktok");
        assertThat(svg.bands()).hasSize(3);
        double plotWidth = svg.plotRight() - svg.plotLeft();
        ScoreTimeline.Band linkedin = svg.bands().get(1);
        assertThat(linkedin.x()).isCloseTo(svg.plotLeft() + plotWidth / 2, Offset.offset(0.1));
        assertThat(linkedin.width()).isCloseTo(plotWidth / 2, Offset.offset(0.1));
        assertThat(linkedin.y()).isEqualTo(svg.lanes().get(2).y());
        assertThat(linkedin.colour()).isEqualTo(svg.lanes().get(2).colour()).isNotEqualTo(svg.lanes().get(0).colour());
        assertThat(svg.bands().get(2).y()).isEqualTo(svg.lanes().get(3).y());
        assertThat(linkedin.label()).isEqualTo("linkedin #1: 1:00–2:00, score 0.50");
        assertThat(svg.height()).isGreaterThan((int) svg.lanes().get(3).y());
    }

    @Test
    void theTimeAxisIsLabelledInMinutesAndSecondsAtRoundSteps() {
        ScoreTimeline.Svg svg = ScoreTimeline.layout(125_000L, List.of(), List.of("default"), List.of());
        assertThat(svg.xTicks()).extracting(ScoreTimeline.Tick::label)
                .containsExactly("0:00", "0:15", "0:30", "0:45", "1:00", "1:15", "1:30", "1:45", "2:00");
        ScoreTimeline.Svg long_ = ScoreTimeline.layout(2 * 3_600_000L + 60_000, List.of(), List.of("default"), List.of());
        assertThat(long_.xTicks()).extracting(ScoreTimeline.Tick::label).contains("0:00", "30:00", "1:00:00", "2:00:00");
        assertThat(ScoreTimeline.clock(3_725_000)).isEqualTo("1:02:05");
        assertThat(ScoreTimeline.clock(59_999)).isEqualTo("0:59");
    }

    @Test
    void theScoreLineFollowsTheSegmentsAndDropsOnlyAcrossLongSilences() {
        List<SegmentScore> scores = List.of(new SegmentScore(0, 1_800, 1.0), new SegmentScore(2_000, 3_800, 0.5),
                new SegmentScore(10_000, 12_000, 0.0));
        ScoreTimeline.Svg svg = ScoreTimeline.layout(12_000L, scores, List.of("default"), List.of());
        double top = svg.plotTop();
        double bottom = svg.plotBottom();
        double middle = (top + bottom) / 2;
        String line = svg.linePath();
        assertThat(top).isEqualTo(16.0);
        assertThat(bottom).isEqualTo(166.0);
        // full score at the top (y 16), half score in the middle (y 91); the 200 ms pause before the second
        // segment is bridged (no dip to the axis at y 166), the 6.2 s silence before the third is not
        assertThat(line).isEqualTo("M130.0 166.0 L130.0 16.0 L257.5 16.0 L257.5 91.0 L399.2 91.0"
                + " L399.2 166.0 L838.3 166.0 L838.3 166.0 L980.0 166.0 L980.0 166.0");
        assertThat(middle).isEqualTo(91.0);
        assertThat(svg.areaPath()).isEqualTo(line + " Z");
        assertThat(svg.description()).contains("3 segments").contains("best 1.00").contains("0 chosen clips");
    }

    @Test
    void anUnknownDurationFallsBackToTheLastSegmentOrClip() {
        ScoreTimeline.Svg svg = ScoreTimeline.layout(null, List.of(new SegmentScore(0, 20_000, 0.3)), List.of(),
                List.of(clip(1, "default", 1, 10_000, 40_000)));
        assertThat(svg.xTicks().get(svg.xTicks().size() - 1).label()).isEqualTo("0:40");
        assertThat(svg.bands().get(0).x() + svg.bands().get(0).width()).isCloseTo(svg.plotRight(), Offset.offset(0.2));
    }
}
