package io.castwire.processing.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.operations.budget.Budget;
import io.castwire.processing.chapters.ChapterDetector;
import io.castwire.processing.chapters.ChaptersStep;
import io.castwire.publishing.delivery.Secrets;
import io.castwire.publishing.rss.FeedPublisher;
import io.castwire.support.HubTest;
import io.castwire.support.TestMedia;
import io.castwire.support.fakes.FakeLlm;
import io.castwire.processing.transcript.TranscriptParser;
import io.castwire.processing.transcript.TranscriptSegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.env.MockEnvironment;

/**
 * The metadata step in the running hub (no LLM configured, so the extractive path), and the LLM path run on the
 * same database with the step wired to an LLM fake.
 */
class MetadataHubTest extends HubTest {

    private static final long SPEED = 4;

    static final String GROUNDED = """
            {"title": "Home composting with Maya",
             "description": "Maya explains how a compost bin turns vegetable scraps, coffee grounds and eggshells into soil. Balance green and brown material, keep the pile moist and turn it; after three to six months the compost is ready.",
             "tags": ["compost", "worm bin", "brown material"],
             "chapters": [{"start": 0, "end": 17.5, "title": "Green and brown material"},
                          {"start": 17.5, "end": 39.5, "title": "Worms and finished compost"}]}""";
    static final String HALLUCINATED = """
            {"title": "Composting tips from Monty Don",
             "description": "Maya shares 5 tips for a compost bin.",
             "tags": ["compost"],
             "chapters": [{"start": 0, "end": 39.5, "title": "Compost"}]}""";

    @Autowired
    EpisodeRepository episodes;
    @Autowired
    MetadataRepository repository;
    @Autowired
    FeedPublisher publisher;
    @Autowired
    Budget budget;
    @Autowired
    io.castwire.processing.probe.MediaProbe probe;

    /**
     * Drops the composting transcript at four times the speed (42 s instead of 2.6 min, so the hub probes and
     * cuts little) with matching media and, optionally, a metadata sidecar; waits until the episode is published.
     */
    private JsonNode drop(Path show, String base, String metaJson) throws Exception {
        // made first: under load making media takes longer than the inbox waits for a sidecar's media
        Path mp3 = TestMedia.mp3(42);
        // and probed once: the hub's first probe in a fresh JVM is slow enough to miss the sidecar window
        probe.probe(mp3);
        if (metaJson != null) {
            Files.writeString(show.resolve(base + ".meta.json"), metaJson);
        }
        Files.writeString(show.resolve(base + ".srt"), quickSrt());
        Files.copy(mp3, show.resolve(base + ".mp3"));
        JsonNode e = awaitEpisodes(show.getFileName().toString(), 1, "PUBLISHED").get(0);
        return getJson("/api/episodes/" + e.get("id").asLong());
    }

    private static String quickSrt() throws Exception {
        List<TranscriptSegment> segments = new TranscriptParser().parse(
                Path.of(MetadataHubTest.class.getResource("composting.srt").toURI())).segments();
        StringBuilder srt = new StringBuilder();
        for (TranscriptSegment s : segments) {
            srt.append(s.index() + 1).append('\n').append(time(s.startMillis() / SPEED)).append(" --> ")
                    .append(time(s.endMillis() / SPEED)).append('\n').append(s.text()).append("\n\n");
        }
        return srt.toString();
    }

    private static String time(long ms) {
        return String.format(java.util.Locale.ROOT, "%02d:%02d:%02d,%03d", ms / 3_600_000, ms / 60_000 % 60,
                ms / 1000 % 60, ms % 1000);
    }

    @Test
    void withoutAnLlmTheExtractiveMetadataFillsTheEmptyTitleAndDescriptionAndReachesTheFeed() throws Exception {
        Path show = showInbox("meta-extractive");
        JsonNode detail = drop(show, "compost", null);

        JsonNode generated = detail.get("generatedMetadata");
        assertThat(generated).as("generatedMetadata in " + detail).isNotNull();
        for (String field : List.of("title", "description", "tags", "chapters")) {
            assertThat(generated.get("sources").get(field).asText()).isEqualTo("extractive");
        }
        assertThat(generated.get("title").asText()).containsIgnoringCase("compost");
        assertThat(detail.get("title").asText()).isEqualTo(generated.get("title").asText());
        assertThat(detail.get("description").asText()).isEqualTo(generated.get("description").asText());
        assertThat(generated.get("applied").toString()).contains("title", "description");
        List<String> tags = new ArrayList<>();
        generated.get("tags").forEach(t -> tags.add(t.asText()));
        assertThat(tags).contains("compost");
        assertThat(generated.get("chapters").get(0).get("start").asDouble()).isZero();
        assertThat(detail.get("timeline").toString()).contains("metadata: title extractive");
        String feed = http.getForObject("/shows/" + show.getFileName() + "/feed.xml", String.class);
        assertThat(feed).contains("<title>" + generated.get("title").asText() + "</title>");
    }

    @Test
    void aProducersTitleAndDescriptionAreNeverOverwritten() throws Exception {
        Path show = showInbox("meta-producer");
        JsonNode detail = drop(show, "talk", "{\"title\": \"The producer's cut\", \"description\": \"Written by hand.\"}");

        assertThat(detail.get("title").asText()).isEqualTo("The producer's cut");
        assertThat(detail.get("description").asText()).isEqualTo("Written by hand.");
        JsonNode generated = detail.get("generatedMetadata");
        assertThat(generated.get("applied")).isEmpty();
        assertThat(generated.get("title").asText()).as("kept as a suggestion").containsIgnoringCase("compost");
    }

    @Test
    void anLlmHallucinationIsRegeneratedAndTheGroundedAnswerStoredOverTheEarlierGeneratedTitle() throws Exception {
        Path show = showInbox("meta-llm");
        long id = drop(show, "ep", null).get("id").asLong();
        String extractiveTitle = episodes.findById(id).orElseThrow().title();
        assertThat(repository.find(id).orElseThrow().applied()).contains(MetadataField.TITLE);

        try (FakeLlm fake = new FakeLlm()) {
            fake.reply(HALLUCINATED, GROUNDED);
            MetadataProperties p = new MetadataProperties();
            p.setProvider(MetadataProperties.OPENAI);
            p.setBaseUrl(fake.baseUrl());
            p.setApiKeyEnv("TEST_META_LLM_KEY");
            p.setTimeout(Duration.ofSeconds(20));
            LlmGateway llm = new LlmGateway(p, new Secrets(new MockEnvironment()
                    .withProperty("TEST_META_LLM_KEY", FakeLlm.KEY)), json);
            MetadataGenerator generator = new MetadataGenerator(llm, new GroundingGuard(),
                    new ExtractiveMetadata(new ChapterDetector(), p), budget, p);
            MetadataStep step = new MetadataStep(episodes, generator, repository, p, publisher, paths);
            Episode episode = episodes.findById(id).orElseThrow();

            String line = step.run(episode);

            assertThat(fake.calls()).isEqualTo(2);
            assertThat(line).contains("title llm:openai");
            MetadataRepository.Stored stored = repository.find(id).orElseThrow();
            assertThat(stored.metadata().title()).isEqualTo("Home composting with Maya");
            assertThat(stored.llmCalls()).isEqualTo(2);
            assertThat(stored.sources()).containsEntry(MetadataField.CHAPTERS, "llm:openai");
            // the earlier generated title was castwire's own: the better one replaces it
            assertThat(episodes.findById(id).orElseThrow().title()).isEqualTo("Home composting with Maya")
                    .isNotEqualTo(extractiveTitle);
            assertThat(episodes.timeline(id)).anySatisfy(ev -> {
                assertThat(ev.event()).isEqualTo("metadata");
                assertThat(ev.detail()).contains("Monty Don").contains("'5'");
            });
            JsonNode chapters = json.readTree(ChaptersStep.chaptersFile(paths, episode).toFile());
            assertThat(chapters.get("chapters").toString()).contains("Green and brown material")
                    .contains("Worms and finished compost");
        }
    }
}
