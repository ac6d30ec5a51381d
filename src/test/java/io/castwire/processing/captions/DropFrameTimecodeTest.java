package io.castwire.processing.captions;

import static io.castwire.processing.captions.DropFrameTimecode.frames;
import static io.castwire.processing.captions.DropFrameTimecode.framesFromMillis;
import static io.castwire.processing.captions.DropFrameTimecode.label;
import static io.castwire.processing.captions.DropFrameTimecode.millisFromFrames;
import static io.castwire.processing.captions.DropFrameTimecode.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DropFrameTimecodeTest {

    private static final long TWO_HOURS_MS = 7_200_000;

    @Test
    void skipsFramesZeroAndOneAtEveryMinuteButEachTenth() {
        assertThat(label(0)).isEqualTo("00:00:00;00");
        assertThat(label(frames("00:00:59;29") + 1)).isEqualTo("00:01:00;02");
        assertThat(label(frames("00:01:59;29") + 1)).isEqualTo("00:02:00;02");
        assertThat(label(frames("00:09:59;29") + 1)).isEqualTo("00:10:00;00");
        assertThat(label(frames("00:10:00;00") + 1)).isEqualTo("00:10:00;01");
        assertThat(label(frames("00:10:59;29") + 1)).isEqualTo("00:11:00;02");
        assertThat(label(frames("00:59:59;29") + 1)).isEqualTo("01:00:00;00");
        assertThat(label(frames("01:00:59;29") + 1)).isEqualTo("01:01:00;02");
    }

    @Test
    void countsFramesLikeTheStandard() {
        assertThat(frames("00:00:59;29")).isEqualTo(1_799);
        assertThat(frames("00:01:00;02")).isEqualTo(1_800);
        assertThat(frames("00:09:59;29")).isEqualTo(17_981);
        assertThat(frames("00:10:00;00")).isEqualTo(17_982);
        // an hour of drop-frame labels is 107 892 frames: 3599.996 s of real time at 30000/1001
        assertThat(frames("01:00:00;00")).isEqualTo(107_892);
        assertThat(millisFromFrames(107_892)).isEqualTo(3_599_996);
    }

    @Test
    void convertsMillisecondsByRoundingToTheNearestFrame() {
        assertThat(framesFromMillis(0)).isZero();
        assertThat(framesFromMillis(1_000)).isEqualTo(30); // 29.97
        assertThat(framesFromMillis(60_060)).isEqualTo(1_800);
        assertThat(framesFromMillis(600_000)).isEqualTo(17_982);
        assertThat(framesFromMillis(16)).isZero();  // 0.48 frames
        assertThat(framesFromMillis(17)).isEqualTo(1); // 0.51 frames
        assertThat(label(framesFromMillis(60_060))).isEqualTo("00:01:00;02");
        assertThat(label(framesFromMillis(600_000))).isEqualTo("00:10:00;00");
    }

    @Test
    void everyFrameOfTwoHoursHasOneValidLabelThatReadsBack() {
        long last = framesFromMillis(TWO_HOURS_MS);
        String previous = null;
        for (long n = 0; n <= last; n++) {
            String label = label(n);
            assertThat(problem(label)).as(label).isNull();
            assertThat(frames(label)).as(label).isEqualTo(n);
            if (previous != null) {
                assertThat(label).as("labels increase").isGreaterThan(previous);
            }
            previous = label;
        }
        assertThat(label(last)).isEqualTo("02:00:00;00");
    }

    @Test
    void millisecondsRoundTripThroughLabelsWithinHalfAFrameForTwoHours() {
        long worst = 0;
        for (long ms = 0; ms <= TWO_HOURS_MS; ms++) {
            long back = millisFromFrames(frames(label(framesFromMillis(ms))));
            worst = Math.max(worst, Math.abs(back - ms));
        }
        // half a frame is 16.7 ms; one frame 33.4 ms
        assertThat(worst).isLessThanOrEqualTo(17);
    }

    @Test
    void namesWhatIsWrongWithALabel() {
        assertThat(problem("00:01:00;00")).contains("does not exist");
        assertThat(problem("00:01:00;01")).contains("does not exist");
        assertThat(problem("00:10:00;00")).isNull();
        assertThat(problem("00:01:00;02")).isNull();
        assertThat(problem("00:01:01;00")).isNull();
        assertThat(problem("00:00:00:00")).contains("not a drop-frame timecode");
        assertThat(problem("0:00:00;00")).contains("not a drop-frame timecode");
        assertThat(problem("00:60:00;00")).contains("out of range");
        assertThat(problem("00:00:00;30")).contains("out of range");
        assertThatThrownBy(() -> frames("00:02:00;01")).isInstanceOf(IllegalArgumentException.class);
    }
}
