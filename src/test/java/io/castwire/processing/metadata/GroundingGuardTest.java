package io.castwire.processing.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.castwire.processing.transcript.TranscriptSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundingGuardTest {

    /** Six ten-second segments: 0-10, 10-20, ... 50-60 s, then silence until the media ends at 120 s. */
    static final List<TranscriptSegment> SEGMENTS = List.of(
            new TranscriptSegment(0, 0, 10_000, "Welcome back. Today Sarah Chen joins us from Toronto to talk about sourdough.", null),
            new TranscriptSegment(1, 10_000, 20_000, "She has baked bread for twelve years and sold 3,000 loaves in 2023.", null),
            new TranscriptSegment(2, 20_000, 30_000, "About 40% of her customers ask for rye, she says.", null),
            new TranscriptSegment(3, 30_000, 40_000, "Then we talk about the starter: flour, water and patience.", null),
            new TranscriptSegment(4, 40_000, 50_000, "Her bakery on Queen Street opened in twenty nineteen.", null),
            new TranscriptSegment(5, 50_000, 60_000, "Next week, the KitchenAid mixer review.", null));
    static final long MEDIA = 120_000;

    private final GroundingGuard guard = new GroundingGuard();
    private final TranscriptFacts facts = TranscriptFacts.of(SEGMENTS);

    private static GeneratedMetadata meta(String title, String description, List<GeneratedChapter> chapters) {
        return new GeneratedMetadata(title, description, List.of("sourdough", "bread", "rye"), chapters);
    }

    private static List<GeneratedChapter> goodChapters() {
        return List.of(new GeneratedChapter(0, 30_000, "Sarah Chen on sourdough"),
                new GeneratedChapter(30_000, 60_000, "The starter and the bakery"));
    }

    @Test
    void acceptsAGroundedAnswer() {
        GroundingGuard.Verdict v = guard.check(meta("Sourdough with Sarah Chen from Toronto",
                "Sarah Chen has baked bread for 12 years and sold 3000 loaves in 2023. Forty percent ask for rye. "
                        + "Her bakery on Queen Street opened in 2019, and next week brings the KitchenAid review.",
                goodChapters()), facts, MEDIA);

        assertThat(v.violations()).isEmpty();
        assertThat(v.metadata().chapters()).extracting(GeneratedChapter::startMillis).containsExactly(0L, 30_000L);
    }

    @Test
    void refusesAPlantedHallucinatedName() {
        GroundingGuard.Verdict v = guard.check(meta("Sourdough secrets with Oprah Winfrey",
                "Sarah Chen talks about sourdough.", goodChapters()), facts, MEDIA);

        assertThat(v.refused()).containsExactly(MetadataField.TITLE);
        assertThat(v.violations()).singleElement().extracting(Violation::reason).asString()
                .contains("'Oprah Winfrey'");
    }

    @Test
    void refusesANameWhoseFirstWordIsRealButSurnameIsNot() {
        GroundingGuard.Verdict v = guard.check(meta("Sourdough in Toronto",
                "Today Sarah Miller explains the starter.", goodChapters()), facts, MEDIA);

        assertThat(v.refused()).containsExactly(MetadataField.DESCRIPTION);
        assertThat(v.violations().get(0).reason()).contains("Sarah Miller");
    }

    @Test
    void refusesAPlantedNumber() {
        GroundingGuard.Verdict v = guard.check(meta("Sourdough in Toronto",
                "Sarah Chen sold 5,000 loaves and has baked for 12 years.", goodChapters()), facts, MEDIA);

        assertThat(v.refused()).containsExactly(MetadataField.DESCRIPTION);
        assertThat(v.violations().get(0).reason()).contains("'5,000'");
    }

    @Test
    void numbersCompareAcrossDigitsWordsAndFormats() {
        // "twelve" said, "12" written; "3,000" said, "three thousand" written; "twenty nineteen" said, "2019" written
        GroundingGuard.Verdict ok = guard.check(meta("Twelve years of sourdough",
                "She sold three thousand loaves; 40 percent want rye; the bakery opened in 2019.", goodChapters()),
                facts, MEDIA);
        assertThat(ok.violations()).isEmpty();

        GroundingGuard.Verdict wrongYear = guard.check(meta("Sourdough in Toronto",
                "The bakery opened in 2018 and 41% want rye.", goodChapters()), facts, MEDIA);
        assertThat(wrongYear.violations()).extracting(Violation::reason)
                .anySatisfy(r -> assertThat(r).contains("'2018'"))
                .anySatisfy(r -> assertThat(r).contains("'41%'"));
    }

    @Test
    void titleCaseTitlesAreCheckedWordByWord() {
        assertThat(guard.check(meta("Sourdough, Bread and Rye in Toronto", "Sarah Chen on bread.", goodChapters()),
                facts, MEDIA).violations()).isEmpty();
        assertThat(guard.check(meta("Sourdough, Bread and Croissants in Paris", "Sarah Chen on bread.",
                goodChapters()), facts, MEDIA).violations()).extracting(Violation::reason)
                .anySatisfy(r -> assertThat(r).contains("'Croissants'"))
                .anySatisfy(r -> assertThat(r).contains("'Paris'"));
    }

    @Test
    void refusesAChapterOutOfRange() {
        GroundingGuard.Verdict v = guard.check(meta("Sourdough in Toronto", "Sarah Chen on bread.", List.of(
                new GeneratedChapter(0, 30_000, "Sourdough"),
                new GeneratedChapter(30_000, 400_000, "Bakery"))), facts, MEDIA);

        assertThat(v.refused()).containsExactly(MetadataField.CHAPTERS);
        assertThat(v.violations().get(0).reason()).contains("chapter 2").contains("ends after the transcript");
    }

    @Test
    void refusesAChapterOverNoSegment() {
        // within the media (120 s) but after the last word (60 s): silence, nothing said there
        GroundingGuard.Verdict v = guard.check(meta("Sourdough in Toronto", "Sarah Chen on bread.", List.of(
                new GeneratedChapter(0, 60_000, "Sourdough"),
                new GeneratedChapter(70_000, 110_000, "Bakery"))), facts, MEDIA);

        assertThat(v.refused()).containsExactly(MetadataField.CHAPTERS);
        assertThat(v.violations().get(0).reason()).contains("covers no transcript segment");
    }

    @Test
    void refusesOverlappingChapters() {
        GroundingGuard.Verdict v = guard.check(meta("Sourdough in Toronto", "Sarah Chen on bread.", List.of(
                new GeneratedChapter(0, 40_000, "Sourdough"),
                new GeneratedChapter(20_000, 60_000, "Bakery"))), facts, MEDIA);

        assertThat(v.violations()).extracting(Violation::reason).anySatisfy(r -> assertThat(r).contains("overlaps"));
    }

    @Test
    void snapsChaptersToSegmentBoundaries() {
        GroundingGuard.Verdict v = guard.check(meta("Sourdough in Toronto", "Sarah Chen on bread.", List.of(
                new GeneratedChapter(1_200, 28_700, "Sourdough"),
                new GeneratedChapter(31_000, 59_000, "Bakery"))), facts, MEDIA);

        assertThat(v.violations()).isEmpty();
        assertThat(v.metadata().chapters()).containsExactly(
                new GeneratedChapter(0, 30_000, "Sourdough"), new GeneratedChapter(30_000, 60_000, "Bakery"));
    }

    @Test
    void chapterTitlesAndTagsAreGroundedToo() {
        GroundingGuard.Verdict v = guard.check(new GeneratedMetadata("Sourdough in Toronto", "Sarah Chen on bread.",
                List.of("sourdough", "Paul Hollywood"), List.of(new GeneratedChapter(0, 60_000, "Baking with Paul"))),
                facts, MEDIA);

        assertThat(v.refused()).containsExactlyInAnyOrder(MetadataField.TAGS, MetadataField.CHAPTERS);
    }

    @Test
    void missingFieldsAreRefused() {
        GroundingGuard.Verdict v = guard.check(new GeneratedMetadata(null, " ", List.of(), List.of()), facts, MEDIA);

        assertThat(v.refused()).containsExactlyInAnyOrder(MetadataField.values());
    }
}
