package io.castwire.processing.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.castwire.processing.chapters.ChapterDetector;
import io.castwire.processing.chapters.ChapterTerms;
import io.castwire.processing.transcript.TranscriptParser;
import io.castwire.processing.transcript.TranscriptSegment;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The extractive path on a real-looking transcript: a 2.5-minute gardening episode with filler and a question. */
class ExtractiveMetadataTest {

    static List<TranscriptSegment> segments;
    static long duration;

    private final ExtractiveMetadata extractive = new ExtractiveMetadata(new ChapterDetector(), new MetadataProperties());

    @BeforeAll
    static void read() throws Exception {
        segments = new TranscriptParser().parse(Path.of(ExtractiveMetadataTest.class
                .getResource("composting.srt").toURI())).segments();
        duration = segments.get(segments.size() - 1).endMillis() + 5_000;
    }

    /** The most frequent content word of the transcript, counted here independently of the code under test. */
    private static String topKeyword() {
        Map<String, Integer> counts = new HashMap<>();
        for (TranscriptSegment s : segments) {
            ChapterTerms.words(s.text()).forEach(w -> counts.merge(ChapterTerms.stem(w.text()), 1, Integer::sum));
        }
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static String transcriptText() {
        return segments.stream().map(TranscriptSegment::text).collect(Collectors.joining(" "));
    }

    @Test
    void titleIsShortAndNamesTheTopKeyword() {
        GeneratedMetadata m = extractive.generate(segments, duration);

        assertThat(topKeyword()).isEqualTo("compost");
        assertThat(m.title()).isNotBlank().hasSizeLessThanOrEqualTo(100);
        assertThat(m.title().toLowerCase(Locale.ROOT)).contains(topKeyword());
    }

    @Test
    void descriptionSentencesComeFromTheTranscriptAndSkipFiller() {
        GeneratedMetadata m = extractive.generate(segments, duration);
        List<String> sentences = TextRank.sentences(List.of(new TranscriptSegment(0, 0, 1, m.description(), null)));

        assertThat(sentences).hasSizeBetween(1, 3);
        String transcript = transcriptText();
        for (String sentence : sentences) {
            assertThat(transcript).contains(sentence);
            assertThat(ChapterTerms.words(sentence)).hasSizeGreaterThanOrEqualTo(TextRank.MIN_CONTENT_WORDS);
        }
        assertThat(m.description()).doesNotContain("Yeah, totally").doesNotContain("Um, you know");
        assertThat(m.description().toLowerCase(Locale.ROOT)).contains("compost");
    }

    @Test
    void tagsAreTranscriptKeywordsLedByTheTopOne() {
        GeneratedMetadata m = extractive.generate(segments, duration);

        assertThat(m.tags()).isNotEmpty().hasSizeLessThanOrEqualTo(new MetadataProperties().getMaxTags())
                .doesNotHaveDuplicates();
        assertThat(ChapterTerms.stem(m.tags().get(0))).isEqualTo(topKeyword());
        String lower = transcriptText().toLowerCase(Locale.ROOT);
        m.tags().forEach(t -> assertThat(lower).contains(t));
    }

    @Test
    void everyFieldPassesTheGroundingGuard() {
        GeneratedMetadata m = extractive.generate(segments, duration);
        GroundingGuard.Verdict v = new GroundingGuard().check(m, TranscriptFacts.of(segments), duration);

        assertThat(v.violations()).isEmpty();
        assertThat(m.chapters()).isNotEmpty();
        assertThat(m.chapters().get(0).startMillis()).isZero();
        assertThat(m.chapters().get(m.chapters().size() - 1).endMillis()).isEqualTo(duration);
    }

    @Test
    void textRankPrefersTheSentencesThatEchoTheOthers() {
        List<String> sentences = List.of(
                "Bees pollinate apple trees in the orchard every spring.",
                "The orchard apple trees need bees for pollination in spring.",
                "My cousin bought a red bicycle with shiny new wheels.",
                "Spring bees visit the orchard and the apple trees daily.");

        assertThat(TextRank.summary(sentences, 2)).doesNotContain(sentences.get(2)).hasSize(2);
    }

    @Test
    void aTranscriptWithoutContentWordsGetsNoTitleRatherThanAPlaceholder() {
        List<TranscriptSegment> filler = List.of(new TranscriptSegment(0, 0, 2_000, "Um, yeah.", null),
                new TranscriptSegment(1, 2_000, 4_000, "Okay, so, uh.", null));

        GeneratedMetadata m = extractive.generate(filler, 4_000);

        assertThat(m.title()).isNull();
        assertThat(m.description()).isEqualTo("Um, yeah. Okay, so, uh.");
    }
}
