package io.castwire.processing.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.episode.MediaInfo;
import io.castwire.ingest.IngestRejection;
import io.castwire.ingest.IngestRejection.Code;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probes media made in the test with the bundled ffmpeg. */
class MediaProbeTest {

    @TempDir
    static Path dir;

    static Ffmpeg ffmpeg;
    static MediaProbe probe;
    static Path mp3;
    static Path mp4;

    @BeforeAll
    static void makeMedia() throws IOException {
        CastwireProperties properties = new CastwireProperties();
        properties.setHome(dir.resolve("home"));
        properties.getFfmpeg().setTimeout(Duration.ofMinutes(1));
        ffmpeg = new Ffmpeg(properties, new HubPaths(properties));
        probe = new MediaProbe(ffmpeg);
        mp3 = generate("tone.mp3", "-f", "lavfi", "-i", "sine=frequency=440:duration=10", "-c:a", "libmp3lame", "-b:a", "64k");
        mp4 = generate("clip.mp4", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=3",
                "-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
    }

    /** Runs the bundled ffmpeg writing {@code name} in the class's temporary folder. */
    static Path generate(String name, String... args) throws IOException {
        Path out = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y"));
        command.addAll(Arrays.asList(args));
        command.add(out.toString());
        Ffmpeg.Result result = ffmpeg.run(command);
        assertThat(result.ok()).as("ffmpeg failed making %s: %s", name, result.stderr()).isTrue();
        return out;
    }

    private static IngestRejection rejectionFor(Path file) {
        return catchThrowableOfType(IngestRejection.class, () -> probe.probe(file));
    }

    @Test
    void mp3IsAudioWithCodecDurationRateAndChannels() throws Exception {
        ProbeResult result = probe.probe(mp3);

        MediaInfo media = result.media();
        assertThat(media.kind()).isEqualTo(MediaInfo.AUDIO);
        assertThat(media.container()).isEqualTo("mp3");
        assertThat(media.audioCodec()).isEqualTo("mp3");
        assertThat(media.videoCodec()).isNull();
        assertThat(media.durationMs()).isBetween(9_900L, 10_100L);
        assertThat(media.sampleRate()).isEqualTo(44_100);
        assertThat(media.channels()).isEqualTo(1);
        assertThat(media.bitrateKbps()).isEqualTo(64);
        assertThat(media.width()).isNull();
        assertThat(result.headerDurationMs()).isEqualTo(media.durationMs());
        assertThat(result.demuxedMs()).isBetween(9_900L, 10_100L);
    }

    @Test
    void mp4WithH264AndAacIsVideoWithSizeAndBothCodecs() throws Exception {
        MediaInfo media = probe.probe(mp4).media();

        assertThat(media.kind()).isEqualTo(MediaInfo.VIDEO);
        assertThat(media.container()).contains("mp4");
        assertThat(media.videoCodec()).isEqualTo("h264");
        assertThat(media.audioCodec()).isEqualTo("aac");
        assertThat(media.width()).isEqualTo(320);
        assertThat(media.height()).isEqualTo(240);
        assertThat(media.sampleRate()).isEqualTo(44_100);
        assertThat(media.durationMs()).isBetween(2_900L, 3_100L);
    }

    @Test
    void mp3WithEmbeddedCoverPictureIsStillAudio() throws Exception {
        Path cover = generate("cover.png", "-f", "lavfi", "-i", "color=c=red:size=64x64", "-frames:v", "1");
        Path withCover = generate("with-cover.mp3", "-i", mp3.toString(), "-i", cover.toString(), "-map", "0:a", "-map", "1:v",
                "-c:a", "copy", "-c:v", "png", "-disposition:v", "attached_pic", "-id3v2_version", "3");
        // guard: the picture really is in the file, so the test is about the attached pic
        Ffmpeg.Result info = ffmpeg.run(List.of("-hide_banner", "-i", withCover.toString()));
        assertThat(info.stderr()).contains("(attached pic)");

        MediaInfo media = probe.probe(withCover).media();

        assertThat(media.kind()).isEqualTo(MediaInfo.AUDIO);
        assertThat(media.audioCodec()).isEqualTo("mp3");
        assertThat(media.videoCodec()).isNull();
        assertThat(media.width()).isNull();
        assertThat(media.height()).isNull();
        assertThat(media.durationMs()).isBetween(9_900L, 10_100L);
    }

    @Test
    void stereoWavIsAudioPcm() throws Exception {
        Path wav = generate("tone.wav", "-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-ac", "2");

        MediaInfo media = probe.probe(wav).media();

        assertThat(media.kind()).isEqualTo(MediaInfo.AUDIO);
        assertThat(media.container()).isEqualTo("wav");
        assertThat(media.audioCodec()).isEqualTo("pcm_s16le");
        assertThat(media.sampleRate()).isEqualTo(44_100);
        assertThat(media.channels()).isEqualTo(2);
        assertThat(media.durationMs()).isBetween(1_900L, 2_100L);
    }

    @Test
    void flacIsAudio() throws Exception {
        Path flac = generate("tone.flac", "-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-ar", "48000", "-c:a", "flac");

        MediaInfo media = probe.probe(flac).media();

        assertThat(media.kind()).isEqualTo(MediaInfo.AUDIO);
        assertThat(media.container()).isEqualTo("flac");
        assertThat(media.audioCodec()).isEqualTo("flac");
        assertThat(media.sampleRate()).isEqualTo(48_000);
        assertThat(media.channels()).isEqualTo(1);
        assertThat(media.durationMs()).isBetween(1_900L, 2_100L);
    }

    @Test
    void videoOnlyMp4IsVideoWithoutAudioCodec() throws Exception {
        Path silent = generate("silent.mp4", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25:duration=2",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");

        MediaInfo media = probe.probe(silent).media();

        assertThat(media.kind()).isEqualTo(MediaInfo.VIDEO);
        assertThat(media.videoCodec()).isEqualTo("h264");
        assertThat(media.audioCodec()).isNull();
        assertThat(media.sampleRate()).isNull();
        assertThat(media.channels()).isNull();
        assertThat(media.width()).isEqualTo(160);
        assertThat(media.height()).isEqualTo(120);
    }

    @Test
    void mp3CutToHalfItsBytesIsTruncatedNamingBothDurations() throws Exception {
        byte[] whole = Files.readAllBytes(mp3);
        Path half = Files.write(dir.resolve("half.mp3"), Arrays.copyOf(whole, whole.length / 2));

        IngestRejection rejection = rejectionFor(half);

        assertThat(rejection).isNotNull();
        assertThat(rejection.code()).isEqualTo(Code.TRUNCATED);
        assertThat(rejection.getMessage())
                .contains("truncated")
                .contains("promises 0:00:10.0 of media")
                .containsPattern("only 0:00:0[45]\\.\\d could be read");
        assertThat((Long) rejection.details().get("headerDurationMs")).isBetween(9_900L, 10_100L);
        assertThat((Long) rejection.details().get("readableDurationMs")).isBetween(4_000L, 6_000L);
    }

    @Test
    void textFileNamedMp3IsNotMedia() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp3"), "These are my show notes, not audio.\n");

        IngestRejection rejection = rejectionFor(text);

        assertThat(rejection).isNotNull();
        assertThat(rejection.code()).isEqualTo(Code.NOT_MEDIA);
        assertThat(rejection.getMessage()).contains("not an audio or video file");
        assertThat(rejection.hint()).contains("MP3");
    }

    @Test
    void emptyFileIsNotMedia() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.mp3"));

        IngestRejection rejection = rejectionFor(empty);

        assertThat(rejection).isNotNull();
        assertThat(rejection.code()).isEqualTo(Code.NOT_MEDIA);
    }

    @Test
    void subtitleOnlyFileHasNoAudioOrVideo() throws Exception {
        Path srt = Files.writeString(dir.resolve("subs.mp3"), "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n"
                + "2\n00:00:03,000 --> 00:00:04,000\nAgain\n", StandardCharsets.UTF_8);

        IngestRejection rejection = rejectionFor(srt);

        assertThat(rejection).isNotNull();
        assertThat(rejection.code()).isEqualTo(Code.NO_AUDIO_OR_VIDEO);
    }

    @Test
    void fileNamedWithLeadingDashAndColonIsReadAsAFile() throws Exception {
        Path odd = Files.copy(mp3, dir.resolve("-x:y.mp3"));

        MediaInfo media = probe.probe(odd).media();

        assertThat(media.kind()).isEqualTo(MediaInfo.AUDIO);
        assertThat(media.audioCodec()).isEqualTo("mp3");
        assertThat(media.durationMs()).isBetween(9_900L, 10_100L);
    }

    @Test
    void notMediaMessageDoesNotNameTheServerPath() throws Exception {
        Path text = Files.writeString(dir.resolve("plain-notes.mp3"), "not audio\n");

        IngestRejection rejection = rejectionFor(text);

        assertThat(rejection).isNotNull();
        assertThat(rejection.getMessage()).doesNotContain(dir.toString()).doesNotContain("file:");
    }

    @Test
    void notMediaMessageDoesNotNameTheServerPathWhenTheNameHasAColon() throws Exception {
        Path text = Files.writeString(dir.resolve("notes:v2.mp3"), "not audio\n");

        IngestRejection rejection = rejectionFor(text);

        assertThat(rejection).isNotNull();
        assertThat(rejection.code()).isEqualTo(Code.NOT_MEDIA);
        assertThat(rejection.getMessage()).doesNotContain(dir.toString()).doesNotContain("file:");
    }

    @Test
    void stillPictureRenamedMp4IsNotAnEpisode() throws Exception {
        Path picture = generate("still.png", "-f", "lavfi", "-i", "color=c=blue:size=64x64", "-frames:v", "1");
        Path renamed = Files.copy(picture, dir.resolve("still.mp4"));

        IngestRejection rejection = rejectionFor(renamed);

        assertThat(rejection).isNotNull();
        assertThat(rejection.code()).isIn(Code.NOT_MEDIA, Code.NO_AUDIO_OR_VIDEO);
    }
}
