package io.castwire.processing.scoring;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ClipProfileTest {

    @Test
    void defaultsAreTheFivePlatformsWithTheirLimits() {
        assertThat(ClipProfile.defaults().values()).containsExactly(
                new ClipProfile("default", 12_000, 60_000, 30_000),
                new ClipProfile("tiktok", 15_000, 60_000, 30_000),
                new ClipProfile("youtube-shorts", 15_000, 180_000, 45_000),
                new ClipProfile("instagram-reels", 15_000, 90_000, 30_000),
                new ClipProfile("linkedin", 30_000, 120_000, 60_000));
        assertThat(ClipProfile.defaults()).allSatisfy((name, profile) -> assertThat(profile.name()).isEqualTo(name));
    }

    @Test
    void lengthFitPeaksAtTheTargetAndStaysPositiveInsideTheLimits() {
        ClipProfile linkedin = ClipProfile.defaults().get(ClipProfile.LINKEDIN);

        assertThat(linkedin.lengthFit(60_000)).isEqualTo(1.0);
        assertThat(linkedin.lengthFit(45_000)).isCloseTo(Math.cos(Math.PI / 4), within(1e-12));
        assertThat(linkedin.lengthFit(90_000)).isCloseTo(Math.cos(Math.PI / 4), within(1e-12));
        assertThat(linkedin.lengthFit(30_001)).isPositive();
        assertThat(linkedin.lengthFit(119_999)).isPositive();
        assertThat(linkedin.lengthFit(30_000)).isCloseTo(0.0, within(1e-12));
        assertThat(linkedin.lengthFit(29_999)).isZero();
        assertThat(linkedin.lengthFit(120_001)).isZero();
        assertThat(linkedin.lengthFit(50_000)).isLessThan(linkedin.lengthFit(55_000));
    }

    @Test
    void targetDefaultsToTheMiddle() {
        assertThat(new ClipProfile("x", 10_000, 50_000).targetMillis()).isEqualTo(30_000);
        ClipProfile fixed = new ClipProfile("fixed", 20_000, 20_000);
        assertThat(fixed.lengthFit(20_000)).isEqualTo(1.0);
    }

    @Test
    void invalidLimitsAreRejected() {
        assertThatThrownBy(() -> new ClipProfile("x", 0, 10_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClipProfile("x", 20_000, 10_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClipProfile("x", 10_000, 20_000, 25_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClipProfile(" ", 10_000, 20_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void featureWeightsSumToOne() {
        assertThat(Arrays.stream(ClipFeature.values()).mapToDouble(ClipFeature::weight).sum()).isCloseTo(1.0, within(1e-12));
        assertThat(ClipFeature.values()).allSatisfy(f -> assertThat(f.weight()).isPositive());
    }
}
