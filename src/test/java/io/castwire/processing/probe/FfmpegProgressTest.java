package io.castwire.processing.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.castwire.episode.Priority;
import org.junit.jupiter.api.Test;

/** Reading ffmpeg's -progress blocks, and the priority names the API and sidecars accept. */
class FfmpegProgressTest {

    @Test
    void theLastOutTimeAgainstTheExpectedLength() {
        String blocks = """
                frame=10
                out_time_us=1000000
                out_time_ms=1000000
                progress=continue
                frame=40
                out_time_us=2500000
                out_time_ms=2500000
                progress=continue
                """;
        assertThat(FfmpegProgress.percentOf(blocks, 10_000)).isEqualTo(25.0);
        assertThat(FfmpegProgress.percentOf(blocks + "out_time_us=9000000\nprogress=end\n", 10_000)).isEqualTo(100.0);
        assertThat(FfmpegProgress.percentOf("out_time_us=N/A\n", 10_000)).isNaN();
        assertThat(FfmpegProgress.percentOf("", 10_000)).isNaN();
    }

    @Test
    void priorityNamesInAnyCaseAndAClearRefusal() {
        assertThat(Priority.parse(" Urgent ")).isEqualTo(Priority.URGENT);
        assertThat(Priority.parse("bulk").rank()).isGreaterThan(Priority.parse("normal").rank());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Priority.parse("asap"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[urgent, normal, bulk]");
    }
}
