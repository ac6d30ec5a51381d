package io.castwire.processing.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.castwire.processing.probe.Ffmpeg;
import io.castwire.support.TestMedia;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Intro + episode + outro, measured with ffmpeg: the stitched file lasts as long as its parts and
 * its integrated loudness (EBU R128, ffmpeg's ebur128 filter) is within 1.5 LU of -16 LUFS, though
 * the episode went in much quieter.
 */
class StitcherTest {

    private static final Pattern INTEGRATED = Pattern.compile("Integrated loudness:\\s+I:\\s+(-?[\\d.]+) LUFS");
    private SpeechFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SpeechFixture();
        SynthesisProperties.Provider p = fx.provider("local", "local", "");
        p.setApiKeyEnv("");
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void stitchedEpisodeHasAllPartsAtPodcastLoudness() throws Exception {
        assertThat(stitchAndMeasure()).as("two passes: measured, then one linear gain")
                .isCloseTo(-16.0, org.assertj.core.data.Offset.offset(0.7));
    }

    @Test
    void onePassIsWithinTheToleranceToo() throws Exception {
        fx.properties.getStitching().setTwoPass(false);
        assertThat(stitchAndMeasure()).isCloseTo(-16.0, org.assertj.core.data.Offset.offset(1.5));
    }

    @Test
    void loudnormMeasurementsAreReadFromItsJson() {
        String stderr = "[Parsed_loudnorm_5 @ 0x5]\n{\n\t\"input_i\" : \"-23.45\",\n\t\"input_tp\" : \"-5.10\",\n"
                + "\t\"input_lra\" : \"3.20\",\n\t\"input_thresh\" : \"-33.60\",\n\t\"output_i\" : \"-16.2\",\n"
                + "\t\"target_offset\" : \"0.12\"\n}\n";
        assertThat(Stitcher.measured(stderr)).containsEntry("input_i", "-23.45").containsEntry("target_offset", "0.12")
                .hasSize(5);
        assertThat(Stitcher.measured(stderr.replace("-23.45", "-inf"))).as("silence").isNull();
        assertThat(Stitcher.measured("no json")).isNull();
    }

    private double stitchAndMeasure() throws Exception {
        SpeechChain chain = fx.chain();
        Speech intro = chain.speak(1, "synthesis-intro", "Welcome to Wire Talk. This is the stitching episode.", "narrator");
        Speech outro = chain.speak(1, "synthesis-outro", "That was Wire Talk. Thanks for listening.", "narrator");
        Path episode = TestMedia.mp3(10);
        double episodeLoudness = integrated(episode);
        Path target = fx.paths.media().resolve("wire-talk/synthesis/1/stitched.mp3");

        new Stitcher(fx.ffmpeg, fx.properties).stitch(intro.file(), episode, outro.file(), 1, fx.paths.work(), target);

        double expected = (intro.durationMs() + 10_000 + outro.durationMs()) / 1000.0;
        assertThat(duration(target)).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.3));
        assertThat(episodeLoudness).as("the episode went in quieter than the target").isLessThan(-18);
        return integrated(target);
    }

    @Test
    void onlyAnOutroIsFine() throws Exception {
        Speech outro = fx.chain().speak(1, "synthesis-outro", "Thanks for listening to the short one.", "narrator");
        Path episode = TestMedia.mp3(4);
        Path target = fx.paths.media().resolve("wire-talk/synthesis/2/stitched.mp3");

        new Stitcher(fx.ffmpeg, fx.properties).stitch(null, episode, outro.file(), 2, fx.paths.work(), target);

        assertThat(duration(target)).isCloseTo((4000 + outro.durationMs()) / 1000.0, org.assertj.core.data.Offset.offset(0.3));
    }

    @Test
    void theFilterLoudnessTargetFollowsConfiguration() {
        fx.properties.getStitching().setLoudness(-19);
        assertThat(new Stitcher(fx.ffmpeg, fx.properties).filter(3, 1))
                .contains("concat=n=3:v=0:a=1").contains("loudnorm=I=-19.0:TP=-1.5:LRA=11.0").contains("channel_layouts=mono");
    }

    private double integrated(Path file) throws Exception {
        Ffmpeg.Result r = fx.ffmpeg.run(List.of("-hide_banner", "-nostdin", "-i", "file:" + file, "-af", "ebur128",
                "-f", "null", "-"));
        assertThat(r.ok()).as(r.stderr()).isTrue();
        Matcher m = INTEGRATED.matcher(r.stderr());
        assertThat(m.find()).as(r.stderr()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private double duration(Path file) throws Exception {
        // decode all of it: the header of an MP3 only estimates
        Ffmpeg.Result r = fx.ffmpeg.run(List.of("-hide_banner", "-nostdin", "-i", "file:" + file, "-f", "null", "-"));
        Matcher m = Pattern.compile("time=(\\d+):(\\d{2}):(\\d{2}\\.\\d+)").matcher(r.stderr());
        double last = -1;
        while (m.find()) {
            last = Integer.parseInt(m.group(1)) * 3600 + Integer.parseInt(m.group(2)) * 60 + Double.parseDouble(m.group(3));
        }
        assertThat(last).as(r.stderr()).isPositive();
        return last;
    }
}
