package io.castwire.processing.clipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.episode.MediaInfo;
import io.castwire.processing.probe.Ffmpeg;
import io.castwire.processing.probe.MediaProbe;
import io.castwire.processing.probe.ProbeResult;
import io.castwire.support.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real cuts of real media with the bundled ffmpeg, measured by probing the result. */
class ClipCutterTest {

    @TempDir
    static Path dir;
    static Ffmpeg ffmpeg;
    static MediaProbe probe;
    static ClipCutter cutter;

    @BeforeAll
    static void tools() {
        CastwireProperties p = new CastwireProperties();
        p.setHome(dir.resolve("home"));
        ffmpeg = new Ffmpeg(p, new HubPaths(p));
        probe = new MediaProbe(ffmpeg);
        cutter = new ClipCutter(ffmpeg);
    }

    private ProbeResult probed(Path file) throws Exception {
        return probe.probe(file);
    }

    @Test
    void anAudioClipIsStreamCopiedAndWithinATenthOfASecond() throws Exception {
        Path mp3 = TestMedia.mp3(60);
        MediaInfo media = probed(mp3).media();
        Path clip = dir.resolve("clips/a.mp3");
        cutter.cut(mp3, media, 12_340, 41_870, clip);
        ProbeResult cut = probed(clip);
        assertThat(cut.media().audioCodec()).isEqualTo("mp3");
        assertThat(cut.demuxedMs()).isCloseTo(41_870L - 12_340L, org.assertj.core.data.Offset.offset(100L));
    }

    @Test
    void clipsAcrossTheWholeEpisodeKeepTheirPlannedLengths() throws Exception {
        Path mp3 = TestMedia.mp3(180);
        MediaInfo media = probed(mp3).media();
        long[][] plans = {{0, 15_000}, {59_990, 120_010}, {150_500, 179_900}};
        for (long[] plan : plans) {
            Path clip = dir.resolve("clips/plan-" + plan[0] + ".mp3");
            cutter.cut(mp3, media, plan[0], plan[1], clip);
            assertThat(probed(clip).demuxedMs()).as("clip %d-%d", plan[0], plan[1])
                    .isCloseTo(plan[1] - plan[0], org.assertj.core.data.Offset.offset(100L));
        }
    }

    @Test
    void aVideoClipIsReEncodedToTheExactWindow() throws Exception {
        Path mp4 = TestMedia.mp4(12);
        MediaInfo media = probed(mp4).media();
        assertThat(cutter.extensionFor(media, "mov")).isEqualTo("mp4");
        Path clip = dir.resolve("clips/v.mp4");
        cutter.cut(mp4, media, 3_000, 9_500, clip);
        ProbeResult cut = probed(clip);
        assertThat(cut.media().videoCodec()).isEqualTo("h264");
        assertThat(cut.media().audioCodec()).isEqualTo("aac");
        assertThat(cut.media().durationMs()).isCloseTo(6_500L, org.assertj.core.data.Offset.offset(150L));
    }

    @Test
    void aFailedCutLeavesNoFileBehind() throws IOException {
        Path notMedia = Files.writeString(dir.resolve("text.mp3"), "not audio");
        MediaInfo media = new MediaInfo(MediaInfo.AUDIO, "mp3", 10_000L, "mp3", null, 44100, 1, null, null, 64);
        Path clipDir = Files.createDirectories(dir.resolve("failed"));
        assertThatThrownBy(() -> cutter.cut(notMedia, media, 0, 5_000, clipDir.resolve("x.mp3")))
                .isInstanceOf(IOException.class).hasMessageContaining("could not cut");
        try (Stream<Path> left = Files.list(clipDir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void anEmptyWindowIsRefused() {
        MediaInfo media = new MediaInfo(MediaInfo.AUDIO, "mp3", 10_000L, "mp3", null, 44100, 1, null, null, 64);
        assertThatThrownBy(() -> cutter.cut(dir.resolve("x.mp3"), media, 5_000, 5_000, dir.resolve("y.mp3")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
