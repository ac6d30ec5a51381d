package io.castwire.processing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.processing.captions.SccLint;
import io.castwire.processing.probe.MediaProbe;
import io.castwire.support.HubTest;
import io.castwire.support.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * From inbox to scored and cut clips: a two-minute episode with its transcript comes out with the
 * best clips per enabled profile, each cut with the real ffmpeg to its planned window.
 */
class ClipPipelineRouteTest extends HubTest {

    @Autowired
    MediaProbe probe;

    private String processedDetail(JsonNode episode) throws java.io.IOException {
        for (JsonNode t : getJson("/api/episodes/" + episode.get("id").asLong()).get("timeline")) {
            if (t.get("event").asText().equals("processed")) {
                return t.get("detail").asText();
            }
        }
        throw new AssertionError("no processed event: " + episode);
    }

    @Test
    void anEpisodeWithATranscriptGetsScoredClipsCutToTheirWindows() throws Exception {
        Path show = showInbox("clips");
        String slug = show.getFileName().toString();
        Path mp3 = TestMedia.mp3(121);
        Files.writeString(show.resolve("talk.srt"), TestMedia.srt(60));
        Files.copy(mp3, show.resolve("talk.mp3"));

        JsonNode e = awaitEpisodes(slug, 1, "PUBLISHED").get(0);
        assertThat(processedDetail(e)).contains("scoring:").contains("clipping: cut");
        JsonNode clips = getJson("/api/episodes/" + e.get("id").asLong()).get("clips");
        Map<String, Integer> perProfile = new HashMap<>();
        for (JsonNode c : clips) {
            perProfile.merge(c.get("profile").asText(), 1, Integer::sum);
            long start = c.get("startMs").asLong();
            long end = c.get("endMs").asLong();
            assertThat(c.get("score").asDouble()).isBetween(0.0, 1.0);
            assertThat(c.get("breakdown").get("features").size()).isEqualTo(7);
            assertThat(c.get("breakdown").get("reason").asText()).isNotBlank();
            Path media = paths.home().resolve(c.get("mediaPath").asText());
            assertThat(media).exists();
            assertThat(probe.probe(media).demuxedMs()).as(c.toString()).isCloseTo(end - start, Offset.offset(100L));
        }
        assertThat(perProfile).containsOnlyKeys("default", "youtube-shorts", "linkedin");
        assertThat(perProfile.values()).allSatisfy(n -> assertThat(n).isBetween(1, 3));

        JsonNode captions = getJson("/api/episodes/" + e.get("id").asLong()).get("captions");
        assertThat(captions).hasSize(3 * (1 + clips.size()));
        for (JsonNode c : captions) {
            Path file = paths.home().resolve(c.get("path").asText());
            String text = Files.readString(file);
            switch (c.get("format").asText()) {
                case "SRT" -> assertThat(text).startsWith("1\n").contains(" --> ").contains("of the talk.");
                case "VTT" -> assertThat(text).startsWith("WEBVTT").contains(" --> ");
                case "SCC" -> {
                    assertThat(text).startsWith("Scenarist_SCC V1.0");
                    assertThat(new SccLint().check(text)).as(file.toString()).isEmpty();
                }
                default -> throw new AssertionError("unexpected format " + c);
            }
        }
        JsonNode episodeSrt = null;
        for (JsonNode c : captions) {
            if (c.get("clipId").asLong() == 0 && c.get("format").asText().equals("SRT")) {
                episodeSrt = c;
            }
        }
        assertThat(episodeSrt).isNotNull();
        assertThat(Files.readString(paths.home().resolve(episodeSrt.get("path").asText())))
                .contains("Line number 1 of the talk.").contains("Line number 60 of the talk.");
    }

    @Test
    void videoWithoutAnyAudioStreamStillGetsVideoClipsAndCaptions() throws Exception {
        Path show = showInbox("silent");
        String slug = show.getFileName().toString();
        Path mp4 = TestMedia.silentMp4(45);
        Files.writeString(show.resolve("screen.srt"), TestMedia.srt(22));
        Files.copy(mp4, show.resolve("screen.mp4"));
        JsonNode e = awaitEpisodes(slug, 1, "PUBLISHED").get(0);
        assertThat(e.get("media").get("audioCodec").isNull()).isTrue();
        JsonNode detail = getJson("/api/episodes/" + e.get("id").asLong());
        assertThat(detail.get("clips")).isNotEmpty().allSatisfy(c -> {
            Path clip = paths.home().resolve(c.get("mediaPath").asText());
            assertThat(clip.toString()).endsWith(".mp4");
            try {
                var probed = probe.probe(clip);
                assertThat(probed.media().videoCodec()).isEqualTo("h264");
                assertThat(probed.media().durationMs()).isCloseTo(c.get("endMs").asLong() - c.get("startMs").asLong(),
                        Offset.offset(150L));
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        });
        assertThat(detail.get("captions")).isNotEmpty();
    }

    @Test
    void anEpisodeWithoutTranscriptIsProcessedWithoutClipsAndSaysWhy() throws Exception {
        Path show = showInbox("noclips");
        String slug = show.getFileName().toString();
        Files.copy(TestMedia.mp3(3), show.resolve("bare.mp3"));
        JsonNode e = awaitEpisodes(slug, 1, "PUBLISHED").get(0);
        assertThat(processedDetail(e)).contains("no clips: the episode has no transcript");
        assertThat(e.get("stateDetail").asText()).contains("podcast feed").contains("no clips: the episode has no transcript");
        assertThat(getJson("/api/episodes/" + e.get("id").asLong()).get("clips")).isEmpty();
    }
}
