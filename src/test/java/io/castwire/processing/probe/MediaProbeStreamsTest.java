package io.castwire.processing.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.castwire.episode.MediaInfo;
import org.junit.jupiter.api.Test;

/** Parsing of ffmpeg's stderr, on text captured from the bundled ffmpeg 4.4. */
class MediaProbeStreamsTest {

    private static final String MP4_HEADER = """
            Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'file:/data/inbox/show/clip.mp4':
              Metadata:
                major_brand     : isom
                minor_version   : 512
                compatible_brands: isomiso2avc1mp41
                encoder         : Lavf58.76.100
              Duration: 00:00:03.00, start: 0.000000, bitrate: 217 kb/s
              Stream #0:0(und): Video: h264 (Constrained Baseline) (avc1 / 0x31637661), yuv420p, 320x240 [SAR 1:1 DAR 4:3], 133 kb/s, 25 fps, 25 tbr, 12800 tbn, 50 tbc (default)
                Metadata:
                  handler_name    : VideoHandler
                  vendor_id       : [0][0][0][0]
              Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 75 kb/s (default)
                Metadata:
                  handler_name    : SoundHandler
                  vendor_id       : [0][0][0][0]
            """;

    private static final String MP3_WITH_COVER = """
            Input #0, mp3, from 'file:/data/inbox/ep1.mp3':
              Metadata:
                encoder         : Lavf58.76.100
              Duration: 01:02:03.45, start: 0.025056, bitrate: 128 kb/s
              Stream #0:0: Audio: mp3, 48000 Hz, mono, fltp, 128 kb/s
              Stream #0:1: Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 600x600 [SAR 1:1 DAR 1:1], 90k tbr, 90k tbn, 90k tbc (attached pic)
                Metadata:
                  comment         : Cover (front)
            """;

    @Test
    void videoWithAudioGivesBothCodecsSizeRateChannelsDurationAndBitrate() {
        MediaInfo media = MediaProbe.streams("mov,mp4,m4a,3gp,3g2,mj2", MP4_HEADER);

        assertThat(media).isEqualTo(new MediaInfo(MediaInfo.VIDEO, "mov,mp4,m4a,3gp,3g2,mj2", 3_000L, "aac", "h264",
                44_100, 2, 320, 240, 217));
    }

    @Test
    void attachedPictureIsNotVideoAndHoursAndHundredthsAreParsed() {
        MediaInfo media = MediaProbe.streams("mp3", MP3_WITH_COVER);

        assertThat(media).isEqualTo(new MediaInfo(MediaInfo.AUDIO, "mp3", 3_723_450L, "mp3", null,
                48_000, 1, null, null, 128));
    }

    @Test
    void fiveOneAudioHasSixChannelsAndMissingDurationIsNull() {
        String header = """
                Input #0, matroska,webm, from 'file:/x.mkv':
                  Duration: N/A, start: 0.000000, bitrate: N/A
                  Stream #0:0: Audio: ac3, 48000 Hz, 5.1(side), fltp, 448 kb/s
                """;

        MediaInfo media = MediaProbe.streams("matroska,webm", header);

        assertThat(media.kind()).isEqualTo(MediaInfo.AUDIO);
        assertThat(media.audioCodec()).isEqualTo("ac3");
        assertThat(media.channels()).isEqualTo(6);
        assertThat(media.durationMs()).isNull();
        assertThat(media.bitrateKbps()).isNull();
    }

    @Test
    void streamIdsInBracketsAreAccepted() {
        String header = """
                Input #0, mpegts, from 'file:/x.ts':
                  Duration: 00:00:10.00, start: 1.400000, bitrate: 500 kb/s
                  Stream #0:0[0x100]: Video: h264 (High) ([27][0][0][0] / 0x001B), yuv420p(progressive), 1280x720, 25 fps
                  Stream #0:1[0x101](eng): Audio: mp2 ([3][0][0][0] / 0x0003), 48000 Hz, stereo, fltp, 192 kb/s
                """;

        MediaInfo media = MediaProbe.streams("mpegts", header);

        assertThat(media.videoCodec()).isEqualTo("h264");
        assertThat(media.width()).isEqualTo(1280);
        assertThat(media.height()).isEqualTo(720);
        assertThat(media.audioCodec()).isEqualTo("mp2");
        assertThat(media.durationMs()).isEqualTo(10_000L);
    }

    @Test
    void onlySubtitleOrDataStreamsGiveNothing() {
        String header = """
                Input #0, srt, from 'file:/x.srt':
                  Duration: N/A, bitrate: N/A
                  Stream #0:0: Subtitle: subrip
                """;

        assertThat(MediaProbe.streams("srt", header)).isNull();
    }

    @Test
    void clockShowsHoursMinutesSecondsAndTenths() {
        assertThat(MediaProbe.clock(0)).isEqualTo("0:00:00.0");
        assertThat(MediaProbe.clock(10_030)).isEqualTo("0:00:10.0");
        assertThat(MediaProbe.clock(4_964)).isEqualTo("0:00:04.9");
        assertThat(MediaProbe.clock(3_723_450)).isEqualTo("1:02:03.4");
    }
}
