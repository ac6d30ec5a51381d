package io.castwire.publishing.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookBackoffTest {

    private static final Duration FIRST = Duration.ofSeconds(30);
    private static final Duration MAX = Duration.ofHours(1);
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(6);

    private static WebhookBackoff withRandom(double r) {
        return new WebhookBackoff(FIRST, MAX, MAX_RETRY_AFTER, () -> r);
    }

    @Test
    void doublesFromTheFirstBackoffUpToTheMaximum() {
        WebhookBackoff middle = withRandom(0.5);
        assertThat(middle.after(1, null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(middle.after(2, null)).isEqualTo(Duration.ofSeconds(60));
        assertThat(middle.after(3, null)).isEqualTo(Duration.ofMinutes(2));
        assertThat(middle.after(7, null)).isEqualTo(Duration.ofMinutes(32));
        assertThat(middle.after(8, null)).isEqualTo(MAX);
        assertThat(middle.after(500, null)).isEqualTo(MAX);
    }

    @Test
    void jitterSpreadsWaitsByAQuarterEitherWayButNeverBeyondTheMaximum() {
        assertThat(withRandom(0.0).after(1, null)).isEqualTo(Duration.ofMillis(22_500));
        assertThat(withRandom(0.999_999).after(1, null)).isBetween(Duration.ofMillis(37_499), Duration.ofMillis(37_500));
        assertThat(withRandom(0.999_999).after(8, null)).isEqualTo(MAX);
        assertThat(withRandom(0.0).after(8, null)).isEqualTo(Duration.ofMinutes(45));
    }

    @Test
    void aLongerRetryAfterWinsUpToItsCap() {
        WebhookBackoff middle = withRandom(0.5);
        assertThat(middle.after(1, Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
        assertThat(middle.after(1, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(30));
        assertThat(middle.after(1, Duration.ofDays(3))).isEqualTo(MAX_RETRY_AFTER);
    }

    @Test
    void theDefaultScheduleSpansAboutEightHours() {
        WebhookProperties defaults = new WebhookProperties();
        WebhookBackoff middle = new WebhookBackoff(defaults.getBackoff(), defaults.getMaxBackoff(), defaults.getMaxRetryAfter(),
                () -> 0.5);
        Duration total = Duration.ZERO;
        for (int attempt = 1; attempt < defaults.getMaxAttempts(); attempt++) {
            total = total.plus(middle.after(attempt, null));
        }
        assertThat(total).isBetween(Duration.ofHours(8), Duration.ofHours(9));
    }
}
