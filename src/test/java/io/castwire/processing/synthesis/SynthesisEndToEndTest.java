package io.castwire.processing.synthesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.processing.probe.MediaProbe;
import io.castwire.support.HubTest;
import io.castwire.support.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole hub: an MP3 with its transcript dropped for a show the step runs for is processed with
 * a spoken intro and outro (local engine), a teaser per top clip and a stitched episode, and
 * {@code GET /api/episodes/{id}} says which engine made each.
 */
class SynthesisEndToEndTest extends HubTest {

    @Autowired
    MediaProbe probe;
    @Autowired
    io.castwire.processing.probe.Ffmpeg ffmpeg;

    @Test
    void aDroppedEpisodeGetsIntroOutroTeasersAndAStitchedVersion() throws Exception {
        Path show = showInbox("synth");
        String slug = show.getFileName().toString();
        Path mp3 = TestMedia.mp3(81);
        // the hub's first ffmpeg call unpacks the binary: not while the transcript waits for its media
        ffmpeg.binary();
        // media first: on a loaded machine a transcript that waits for its media can outlast the sidecar window
        Files.copy(mp3, show.resolve("talk.mp3"));
        Files.writeString(show.resolve("talk.srt"), TestMedia.srt(40));

        // speaking, stitching and encoding teasers take a while on a loaded machine
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode items = episodesOf(slug);
            found[0] = items.size() == 1 ? items.get(0) : null;
            return found[0] != null && found[0].get("state").asText().equals("PUBLISHED");
        });
        JsonNode e = found[0];
        JsonNode detail = getJson("/api/episodes/" + e.get("id").asLong());

        String engine = EspeakProvider.available("espeak-ng") ? "espeak-ng" : "freetts";
        JsonNode artifacts = detail.get("synthesis").get("artifacts");
        List<JsonNode> teasers = new ArrayList<>();
        JsonNode intro = null;
        JsonNode outro = null;
        JsonNode stitched = null;
        for (JsonNode a : artifacts) {
            switch (a.get("kind").asText()) {
                case "intro" -> intro = a;
                case "outro" -> outro = a;
                case "teaser" -> teasers.add(a);
                case "stitched" -> stitched = a;
                default -> throw new AssertionError(a.toString());
            }
        }
        assertThat(intro.get("status").asText()).isEqualTo("SYNTHESIZED");
        assertThat(intro.get("provider").asText()).isEqualTo(engine);
        assertThat(intro.get("text").asText()).isEqualTo("Welcome to " + slug + ". This is talk.");
        assertThat(outro.get("provider").asText()).isEqualTo(engine);
        long defaultClips = 0;
        for (JsonNode c : detail.get("clips")) {
            defaultClips += c.get("profile").asText().equals("default") ? 1 : 0;
        }
        assertThat(defaultClips).isPositive();
        assertThat(teasers).hasSize((int) Math.min(3, defaultClips)).allSatisfy(t -> {
            assertThat(t.get("status").asText()).isEqualTo("SYNTHESIZED");
            assertThat(t.get("text").asText()).startsWith("Coming up on " + slug + ": ");
            assertThat(paths.home().resolve(t.get("mediaPath").asText())).exists();
        });
        assertThat(stitched.get("status").asText()).isEqualTo("STITCHED");
        Path stitchedFile = paths.home().resolve(stitched.get("mediaPath").asText());
        long expected = 81_000 + intro.get("durationMs").asLong() + outro.get("durationMs").asLong();
        assertThat(probe.probe(stitchedFile).demuxedMs()).isCloseTo(expected, Offset.offset(400L));

        String processed = null;
        for (JsonNode t : detail.get("timeline")) {
            processed = t.get("event").asText().equals("processed") ? t.get("detail").asText() : processed;
        }
        assertThat(processed).contains("synthesis: intro by " + engine).contains("stitched to -16.0 LUFS");
    }
}
