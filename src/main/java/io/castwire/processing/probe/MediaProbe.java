package io.castwire.processing.probe;

import io.castwire.episode.MediaInfo;
import io.castwire.ingest.IngestRejection;
import io.castwire.ingest.IngestRejection.Code;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Checks that a file really is audio or video, and whole, by reading every packet with ffmpeg
 * (stream copy to the null muxer: no decoding, no bytes in the heap). A file whose header
 * promises more media than can be read is truncated.
 */
@Component
public class MediaProbe {

    private static final Pattern INPUT = Pattern.compile("^Input #0, (.+?), from ", Pattern.MULTILINE);
    private static final Pattern DURATION = Pattern.compile("Duration: (\\d+):(\\d{2}):(\\d{2})\\.(\\d+)");
    private static final Pattern BITRATE = Pattern.compile("Duration: [^\\n]*bitrate: (\\d+) kb/s");
    private static final Pattern STREAM = Pattern.compile("^\\s*Stream #0:\\d+[^:]*: (Audio|Video): ([^\\n]+)$", Pattern.MULTILINE);
    private static final Pattern OUT_TIME = Pattern.compile("^out_time_us=(\\d+)$", Pattern.MULTILINE);
    private static final Pattern SIZE = Pattern.compile("(\\d{2,5})x(\\d{2,5})");
    private static final Pattern RATE = Pattern.compile("(\\d+) Hz");

    /** Codecs of single pictures: a file holding only one of these is no episode. */
    private static final java.util.Set<String> IMAGE_CODECS = java.util.Set.of("png", "mjpeg", "jpegls", "bmp", "gif",
            "webp", "tiff", "jpeg2000", "pam", "ppm", "pgm", "sgi", "targa", "qoi");

    private final Ffmpeg ffmpeg;

    public MediaProbe(Ffmpeg ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /**
     * Probes the file.
     *
     * @throws IngestRejection when the file is not readable media, has no audio or video, or is truncated
     */
    public ProbeResult probe(Path file) throws IngestRejection, IOException {
        Ffmpeg.Result run = ffmpeg.run(io.castwire.operations.queue.JobLimits.PROBE, List.of("-hide_banner", "-nostdin",
                "-protocol_whitelist", "file",
                "-i", "file:" + file.toAbsolutePath(), "-map", "0:a?", "-map", "0:V?", "-c", "copy",
                "-f", "null", "-progress", "pipe:1", "-nostats", "-"));
        String err = run.stderr();
        Matcher input = INPUT.matcher(err);
        if (run.timedOut()) {
            throw new IngestRejection(Code.NOT_MEDIA, "reading the file took longer than castwire.ffmpeg.timeout",
                    "check that the file is a normal audio or video file; raise castwire.ffmpeg.timeout for very long media");
        }
        if (!input.find()) {
            throw new IngestRejection(Code.NOT_MEDIA, "this is not an audio or video file ffmpeg can read ("
                    + lastLine(err, file) + ")", "export the episode again as an audio or video file (MP3, M4A, WAV, FLAC, OGG, MP4, MOV or MKV)");
        }
        String header = err.substring(input.start(), endOfInputSection(err, input.start()));
        MediaInfo media = streams(input.group(1), header);
        if (media == null) {
            throw new IngestRejection(Code.NO_AUDIO_OR_VIDEO, "the file has no audio or video stream",
                    "export the episode again with its audio track");
        }
        if (media.audioCodec() == null && IMAGE_CODECS.contains(media.videoCodec())) {
            throw new IngestRejection(Code.NO_AUDIO_OR_VIDEO, "the file is a still picture (" + media.videoCodec()
                    + "), not an episode", "drop the audio or video of the episode; cover pictures go in show settings");
        }
        Long headerMs = media.durationMs();
        Long demuxedMs = lastOutTime(run.stdout());
        if (!run.ok()) {
            throw new IngestRejection(Code.NOT_MEDIA, "ffmpeg could not read the whole file (" + lastLine(err, file) + ")",
                    "the file is damaged or incomplete; upload it again");
        }
        if (headerMs != null && demuxedMs != null && headerMs - demuxedMs > Math.max(1000, headerMs / 50)) {
            throw new IngestRejection(Code.TRUNCATED, String.format(
                    "the file is truncated: its header promises %s of media but only %s could be read",
                    clock(headerMs), clock(demuxedMs)), "the upload or export was cut short; upload the complete file again",
                    Map.of("headerDurationMs", headerMs, "readableDurationMs", demuxedMs));
        }
        if (headerMs == null && demuxedMs != null) {
            media = withDuration(media, demuxedMs);
        }
        return new ProbeResult(media, headerMs, demuxedMs);
    }

    private static int endOfInputSection(String err, int from) {
        int end = err.length();
        for (String marker : new String[] {"\nOutput #0", "\nStream mapping:"}) {
            int i = err.indexOf(marker, from);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return end;
    }

    static MediaInfo streams(String container, String header) {
        String audioCodec = null;
        String videoCodec = null;
        Integer rate = null;
        Integer channels = null;
        Integer width = null;
        Integer height = null;
        Matcher s = STREAM.matcher(header);
        while (s.find()) {
            String description = s.group(2);
            String codec = description.split("[ ,]", 2)[0];
            if (s.group(1).equals("Audio") && audioCodec == null) {
                audioCodec = codec;
                Matcher r = RATE.matcher(description);
                rate = r.find() ? Integer.valueOf(r.group(1)) : null;
                channels = description.contains(" mono") ? 1 : description.contains(" stereo") ? 2
                        : description.contains("5.1") ? 6 : null;
            } else if (s.group(1).equals("Video") && videoCodec == null && !description.contains("(attached pic)")) {
                videoCodec = codec;
                Matcher d = SIZE.matcher(description);
                if (d.find()) {
                    width = Integer.valueOf(d.group(1));
                    height = Integer.valueOf(d.group(2));
                }
            }
        }
        if (audioCodec == null && videoCodec == null) {
            return null;
        }
        Matcher d = DURATION.matcher(header);
        Long duration = null;
        if (d.find()) {
            String frac = (d.group(4) + "000").substring(0, 3);
            duration = ((Long.parseLong(d.group(1)) * 60 + Long.parseLong(d.group(2))) * 60 + Long.parseLong(d.group(3)))
                    * 1000 + Long.parseLong(frac);
        }
        Matcher b = BITRATE.matcher(header);
        Integer bitrate = b.find() ? Integer.valueOf(b.group(1)) : null;
        return new MediaInfo(videoCodec != null ? MediaInfo.VIDEO : MediaInfo.AUDIO, container.trim(), duration,
                audioCodec, videoCodec, rate, channels, width, height, bitrate);
    }

    private static MediaInfo withDuration(MediaInfo m, long ms) {
        return new MediaInfo(m.kind(), m.container(), ms, m.audioCodec(), m.videoCodec(), m.sampleRate(), m.channels(),
                m.width(), m.height(), m.bitrateKbps());
    }

    private static Long lastOutTime(String stdout) {
        Matcher m = OUT_TIME.matcher(stdout);
        Long last = null;
        while (m.find()) {
            last = Long.parseLong(m.group(1)) / 1000;
        }
        return last;
    }

    private static String lastLine(String err, Path file) {
        String[] lines = err.strip().split("\\R");
        String line = lines.length == 0 ? "" : lines[lines.length - 1];
        // ffmpeg echoes the input path: the producer knows which file it was, and the server's
        // folders are none of their business
        return line.replace("file:" + file.toAbsolutePath() + ": ", "").replace("file:" + file.toAbsolutePath(), "")
                .replace(file.toAbsolutePath().toString(), file.getFileName().toString()).strip();
    }

    static String clock(long ms) {
        long s = ms / 1000;
        return String.format("%d:%02d:%02d.%01d", s / 3600, (s / 60) % 60, s % 60, (ms % 1000) / 100);
    }
}
