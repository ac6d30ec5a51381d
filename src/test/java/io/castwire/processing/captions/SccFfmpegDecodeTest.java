package io.castwire.processing.captions;

import static org.assertj.core.api.Assertions.assertThat;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.processing.probe.Ffmpeg;
import io.castwire.processing.transcript.TranscriptSegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decodes castwire's SCC with a real CEA-608 decoder, the one in the bundled ffmpeg 4.4.
 *
 * <p>What ffmpeg 4.4 does with SCC (libavformat/sccdec.c, libavcodec/ccaption_dec.c): every line is
 * one packet stamped with its timecode read as {@code (hh*3600 + mm*60 + ss)*1000 + ff*33} ms, the
 * drop-frame semicolon ignored, and every code in the line gets that stamp; the decoder emits a
 * pop-on caption from the packet holding its EOC until the next erase or EOC. So a caption decodes at
 * the label of the line holding its EOC. castwire puts EOC on its own line at the display frame, so
 * that label is the display time, not the start of the loading block. The test reads the label back
 * from ffmpeg's milliseconds and converts it as drop-frame time, which is what the label means; the
 * raw ffmpeg milliseconds are off by up to 2 frames near the end of a minute.
 */
class SccFfmpegDecodeTest {

    private static final double FRAME_MS = 1001.0 / 30;

    @TempDir
    Path home;

    record Expected(TranscriptSegment segment, String decoded) {
    }

    private final List<Expected> cues = new ArrayList<>();

    private void cue(long start, long end, String text, String decoded) {
        cues.add(new Expected(new TranscriptSegment(cues.size(), start, end, text, null), decoded));
    }

    @Test
    void ffmpegDecodesTheTextsAndShowsEachCaptionWithinAFrameOfItsTranscriptTime() throws Exception {
        cue(1_000, 2_000, "First words.", "First words.");
        // around the first minute: 00:00:59;29 is followed by 00:01:00;02
        cue(55_000, 56_800, "Welcome back to the show, everyone. It's a big day for the whole team here.",
                "Welcome back to the show, everyone. It’s a big day for the whole team here.");
        cue(57_000, 57_900, "Café con leche, señor?", "Café con leche, señor?");
        cue(58_000, 58_900, "Sí, por favor. ¿Y usted?", "Sí, por favor. ¿Y usted?");
        cue(59_100, 59_990, "Tick, tock.", "Tick, tock.");
        cue(60_060, 61_000, "ÉCOLE NORMALE ♪ Straße", "ÉCOLE NORMALE ♪ Straße"); // frame 1800, 00:01:00;02
        cue(61_000, 62_200, "Ein Bär mit Ölkanne.", "Ein Bär mit Ölkanne.");
        cue(62_500, 63_300, "Back to 'plain' ASCII & more: 100%!", "Back to ’plain’ ASCII & more: 100%!");
        cue(63_300, 64_000, "Next.", "Next.");
        cue(64_100, 65_000, "Short gap before this one.", "Short gap before this one.");
        cue(300_000, 302_000, "Halfway there.", "Halfway there."); // frame 8991, 00:04:59;29
        // around the tenth minute: 00:09:59;29 is followed by 00:10:00;00
        cue(597_000, 598_000, "Nine minutes, fifty-seven seconds.", "Nine minutes, fifty-seven seconds.");
        cue(598_200, 599_000, "Almost ten minutes in.", "Almost ten minutes in.");
        cue(599_000, 599_500, "Three,", "Three,");
        cue(599_500, 600_000, "two,", "two,");
        cue(600_000, 600_600, "one,", "one,"); // frame 17982, 00:10:00;00
        cue(600_700, 601_500, "Ten minutes!", "Ten minutes!");
        cue(602_400, 603_600, "A longer caption that has to wrap onto a second row at thirty-two.",
                "A longer caption that has to wrap onto a second row at thirty-two.");
        cue(603_800, 604_600, "Quote: “fine” and ‘so’ on… 5 €", "Quote: “fine” and ’so’ on... 5 EUR");
        cue(605_000, 606_000, "Emoji 🎉 are dropped; Zoë's Ōsaka café.", "Emoji are dropped; Zoë’s Osaka café.");
        List<TranscriptSegment> segments = cues.stream().map(Expected::segment).toList();

        SccCaptions captions = new SccWriter().captions(segments, 0, CaptionFormatWriter.EPISODE_END);
        assertThat(captions.shifts()).as("every block fits before its caption").isEmpty();
        // the loading blocks really are sent ahead: the 3-row caption loads for more than a second
        SccFile.Line longest = SccFile.lines(captions.text()).stream()
                .max((a, b) -> Integer.compare(a.words().size(), b.words().size())).orElseThrow();
        assertThat(DropFrameTimecode.framesFromMillis(55_000) - longest.frame()).isGreaterThan(30);

        List<Decoded> decoded = decode(captions.text());

        assertThat(decoded).extracting(Decoded::text).containsExactlyElementsOf(cues.stream().map(Expected::decoded).toList());
        for (int i = 0; i < cues.size(); i++) {
            TranscriptSegment source = cues.get(i).segment();
            Decoded got = decoded.get(i);
            assertThat(Math.abs(displayMillis(got.ffmpegStart()) - source.startMillis()))
                    .as("start of %s decoded as %d ms", source.text(), got.ffmpegStart())
                    .isLessThanOrEqualTo(FRAME_MS);
            // the end is the erase, or the next caption's EOC when it follows within a frame; an erase
            // sent inside the next loading block may wait one frame for a pair of codes to finish
            assertThat(Math.abs(displayMillis(got.ffmpegEnd()) - source.endMillis()))
                    .as("end of %s decoded as %d ms", source.text(), got.ffmpegEnd())
                    .isLessThanOrEqualTo(2 * FRAME_MS);
        }
    }

    record Decoded(long ffmpegStart, long ffmpegEnd, String text) {
    }

    private List<Decoded> decode(String scc) throws Exception {
        CastwireProperties properties = new CastwireProperties();
        properties.setHome(home);
        Path in = Files.writeString(home.resolve("captions.scc"), scc, StandardCharsets.US_ASCII);
        Path out = home.resolve("decoded.srt");

        Ffmpeg.Result result = new Ffmpeg(properties, new HubPaths(properties))
                .run(List.of("-hide_banner", "-nostdin", "-loglevel", "error", "-i", in.toString(), out.toString()));

        assertThat(result.ok()).as(result.stderr()).isTrue();
        return parseSrt(Files.readString(out, StandardCharsets.UTF_8));
    }

    /** ffmpeg's SRT: the ASS text of cc_dec in a font tag, {\an7} in front, rows on separate lines. */
    private static List<Decoded> parseSrt(String srt) {
        List<Decoded> cues = new ArrayList<>();
        String[] lines = srt.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].contains(" --> ")) {
                continue;
            }
            String[] times = lines[i].split(" --> ");
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.length && !lines[i].isEmpty(); i++) {
                text.append(text.isEmpty() ? "" : " ").append(lines[i]);
            }
            String plain = text.toString().replaceAll("</?font[^>]*>", "").replaceAll("\\{\\\\an\\d}", "").strip();
            cues.add(new Decoded(srtMillis(times[0]), srtMillis(times[1]), plain));
        }
        return cues;
    }

    private static long srtMillis(String time) {
        String[] p = time.strip().split("[:,]");
        return ((Long.parseLong(p[0]) * 60 + Long.parseLong(p[1])) * 60 + Long.parseLong(p[2])) * 1000 + Long.parseLong(p[3]);
    }

    /**
     * The real time of the drop-frame label that ffmpeg turned into {@code ffmpegMillis}, computed here
     * from the SMPTE rule rather than with castwire's own conversion.
     */
    static double displayMillis(long ffmpegMillis) {
        long seconds = ffmpegMillis / 1000;
        long rest = ffmpegMillis % 1000;
        assertThat(rest % 33).as("ffmpeg stamps %d ms per frame", 33).isZero();
        long frame = rest / 33;
        long hours = seconds / 3600;
        long minutes = seconds / 60 % 60;
        long totalMinutes = hours * 60 + minutes;
        assertThat(seconds % 60 == 0 && frame < 2 && minutes % 10 != 0).as("a dropped label").isFalse();
        long frames = seconds * 30 + frame - 2 * (totalMinutes - totalMinutes / 10);
        return frames * FRAME_MS;
    }
}
