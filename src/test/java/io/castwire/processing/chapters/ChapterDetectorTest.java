package io.castwire.processing.chapters;

import io.castwire.processing.chapters.TopicTranscripts.Topic;
import io.castwire.processing.transcript.TranscriptSegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static io.castwire.processing.chapters.TopicTranscripts.Topic.ASTRONOMY;
import static io.castwire.processing.chapters.TopicTranscripts.Topic.COOKING;
import static io.castwire.processing.chapters.TopicTranscripts.Topic.FOOTBALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ChapterDetectorTest {

    private final ChapterDetector detector = new ChapterDetector();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 42, 2024, 31337})
    void threeTopicsOfFourMinutesGiveThreeChaptersWithinHalfAMinuteOfTheTopicChanges(long seed) {
        Topic[] topics = {COOKING, FOOTBALL, ASTRONOMY};
        TopicTranscripts episode = TopicTranscripts.seed(seed)
                .talk(COOKING, 240).talk(FOOTBALL, 240).talk(ASTRONOMY, 240);

        List<DetectedChapter> chapters = detector.detect(episode.segments(), episode.durationMillis());

        assertThat(chapters).hasSize(3);
        assertThat(chapters.get(0).startMillis()).isZero();
        for (int i = 1; i < 3; i++) {
            long truth = episode.topicStarts().get(i);
            System.out.printf("seed %d: topic change %d at %.1f s, chapter at %.1f s, error %+.1f s%n", seed, i,
                    truth / 1000.0, chapters.get(i).startMillis() / 1000.0,
                    (chapters.get(i).startMillis() - truth) / 1000.0);
            assertThat(chapters.get(i).startMillis()).isCloseTo(truth, within(30_000L));
        }
        for (int i = 0; i < 3; i++) {
            Set<String> topicWords = topics[i].words();
            assertThat(words(chapters.get(i).title())).as(chapters.get(i).title()).containsAnyElementsOf(topicWords);
            assertThat(chapters.get(i).keywords()).as("keywords of chapter %d", i)
                    .filteredOn(keyword -> topicWords.containsAll(words(keyword)))
                    .hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void chaptersStartAtZeroThenOnSegmentStartsStrictlyIncreasingAndAtLeastTheMinimumApart() {
        TopicTranscripts episode = fiveTopicsOfThreeMinutes(5);
        Set<Long> segmentStarts = episode.segments().stream()
                .map(TranscriptSegment::startMillis).collect(Collectors.toSet());

        List<DetectedChapter> chapters = detector.detect(episode.segments(), episode.durationMillis());

        assertThat(chapters).hasSize(5);
        assertThat(chapters.get(0).startMillis()).isZero();
        assertThat(chapters.subList(1, chapters.size())).extracting(DetectedChapter::startMillis)
                .allMatch(segmentStarts::contains);
        assertGapsAtLeast(chapters, episode.durationMillis(), ChapterDetector.DEFAULT_MIN_CHAPTER_MILLIS);
    }

    @Test
    void aLongerMinimumLengthKeepsEveryChapterAtLeastThatLongEvenWhenTopicsChangeSooner() {
        TopicTranscripts episode = fiveTopicsOfThreeMinutes(5);

        List<DetectedChapter> chapters = new ChapterDetector(240_000)
                .detect(episode.segments(), episode.durationMillis());

        assertThat(chapters).hasSizeBetween(2, 3); // 15 min of 3-minute topics cannot all become 4-minute chapters
        assertGapsAtLeast(chapters, episode.durationMillis(), 240_000);
    }

    @Test
    void noMoreThanOneChapterPerThreeMinutes() {
        TopicTranscripts episode = TopicTranscripts.seed(11);
        Topic[] order = {COOKING, FOOTBALL, ASTRONOMY, COOKING, FOOTBALL, ASTRONOMY};
        for (Topic topic : order) {
            episode.talk(topic, 150);
        }
        long minutes = episode.durationMillis() / 60_000;

        List<DetectedChapter> capped = detector.detect(episode.segments(), episode.durationMillis());
        List<DetectedChapter> uncapped = new ChapterDetector(60_000, 60_000)
                .detect(episode.segments(), episode.durationMillis());

        System.out.printf("%d min, 6 topics: %d chapters capped, %d uncapped%n",
                minutes, capped.size(), uncapped.size());
        assertThat(capped).hasSizeLessThanOrEqualTo((int) (minutes / 3)).hasSizeGreaterThan(1);
        assertThat(uncapped).as("the cap, not the topics, limits the count").hasSizeGreaterThan(capped.size());
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void oneTopicForTwelveMinutesIsOneChapterTitledAfterTheTopic(Topic topic) {
        for (long seed = 1; seed <= 5; seed++) {
            TopicTranscripts episode = TopicTranscripts.seed(seed).talk(topic, 720);

            List<DetectedChapter> chapters = detector.detect(episode.segments(), episode.durationMillis());

            assertThat(chapters).as("seed %d", seed).hasSize(1);
            assertThat(chapters.get(0).startMillis()).isZero();
            assertThat(words(chapters.get(0).title())).containsAnyElementsOf(topic.words());
        }
    }

    @Test
    void anEpisodeShorterThanTwoMinimumChaptersIsOneChapterTitledFromItsKeywords() {
        TopicTranscripts episode = TopicTranscripts.seed(3).talk(COOKING, 50).talk(ASTRONOMY, 50);
        assertThat(episode.durationMillis()).isLessThan(2 * ChapterDetector.DEFAULT_MIN_CHAPTER_MILLIS);

        List<DetectedChapter> chapters = detector.detect(episode.segments(), 0);

        assertThat(chapters).hasSize(1);
        assertThat(chapters.get(0).startMillis()).isZero();
        assertThat(chapters.get(0).keywords()).isNotEmpty();
        assertThat(words(chapters.get(0).title())).containsAnyElementsOf(chapters.get(0).keywords().stream()
                .flatMap(keyword -> words(keyword).stream()).toList());
    }

    @Test
    void emptyOrMissingTranscriptIsOneChapterCalledEpisode() {
        DetectedChapter episode = new DetectedChapter(0, "Episode", List.of());

        assertThat(detector.detect(List.of(), 3_600_000)).containsExactly(episode);
        assertThat(detector.detect(null, 0)).containsExactly(episode);
        assertThat(detector.detect(Collections.singletonList(null), -1)).containsExactly(episode);
    }

    @Test
    void aTranscriptWithoutContentWordsIsOneChapterCalledEpisode() {
        List<TranscriptSegment> filler = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String text = i % 2 == 0 ? "Um, yeah. Okay!" : "...";
            filler.add(new TranscriptSegment(i, i * 5_000L, i * 5_000L + 4_000, text, null));
        }

        assertThat(detector.detect(filler, 600_000)).containsExactly(new DetectedChapter(0, "Episode", List.of()));
    }

    @Test
    void aTinyTranscriptIsOneChapterTitledByItsFirstRealSentenceWhenNoWordRepeats() {
        List<TranscriptSegment> tiny = List.of(new TranscriptSegment(0, 2_000, 6_000,
                "Um, okay. Grandma's lasagne recipe is legendary, honestly. Everyone asks.", "A"));

        List<DetectedChapter> chapters = detector.detect(tiny, 6_000);

        assertThat(chapters).hasSize(1);
        assertThat(chapters.get(0).startMillis()).isZero();
        assertThat(chapters.get(0).title()).isEqualTo("Grandma's lasagne recipe is legendary, honestly");
    }

    @Test
    void wordsSpokenTogetherBecomeOnePhraseInTheTitle() {
        List<TranscriptSegment> segments = segments(
                "A black hole sits at the centre of our galaxy.",
                "Nothing escapes a black hole, not even light.",
                "The whole galaxy spins around that black hole.",
                "Light bends near black holes.");

        assertThat(detector.detect(segments, 0).get(0).title()).isEqualTo("Black Hole, Galaxy and Light");
    }

    @Test
    void titlesAreCapitalisedKeywordsJoinedNaturallyAndAtMostSixtyCharacters() {
        TopicTranscripts episode = fiveTopicsOfThreeMinutes(5);
        List<TranscriptSegment> longWords = segments(
                "Antidisestablishmentarianism meets floccinaucinihilipilification.",
                "Antidisestablishmentarianism and floccinaucinihilipilification again.",
                "Pneumonoultramicroscopic words, pneumonoultramicroscopic indeed.");

        List<DetectedChapter> chapters = new ArrayList<>(detector.detect(episode.segments(), episode.durationMillis()));
        DetectedChapter tooLong = detector.detect(longWords, 0).get(0);
        chapters.add(tooLong);

        assertThat(chapters).allSatisfy(chapter -> {
            assertThat(chapter.title()).isNotBlank().hasSizeLessThanOrEqualTo(ChapterTitles.MAX_TITLE_LENGTH);
            assertThat(chapter.keywords()).hasSizeLessThanOrEqualTo(ChapterTitles.MAX_KEYWORDS);
        });
        assertThat(chapters.subList(0, chapters.size() - 1)).extracting(DetectedChapter::title)
                .allMatch(title -> title.matches("\\p{Lu}[\\p{L} ]*(, \\p{Lu}[\\p{L} ]*){0,2} and \\p{Lu}[\\p{L} ]*"));
        // two 28-letter words already make 61 characters: the title keeps the most distinctive one
        assertThat(tooLong.title()).isEqualTo("Antidisestablishmentarianism");
    }

    @Test
    void isDeterministicWhateverTheInputOrder() {
        TopicTranscripts episode = fiveTopicsOfThreeMinutes(9);
        List<TranscriptSegment> shuffled = new ArrayList<>(episode.segments());
        Collections.shuffle(shuffled, new Random(1));

        List<DetectedChapter> first = detector.detect(episode.segments(), episode.durationMillis());

        assertThat(first).hasSizeGreaterThan(1);
        assertThat(new ChapterDetector().detect(episode.segments(), episode.durationMillis())).isEqualTo(first);
        assertThat(detector.detect(shuffled, episode.durationMillis())).isEqualTo(first);
    }

    private static TopicTranscripts fiveTopicsOfThreeMinutes(long seed) {
        return TopicTranscripts.seed(seed).talk(COOKING, 180).talk(FOOTBALL, 180).talk(ASTRONOMY, 180)
                .talk(FOOTBALL, 180).talk(COOKING, 180);
    }

    private static void assertGapsAtLeast(List<DetectedChapter> chapters, long mediaMillis, long minimum) {
        for (int i = 1; i < chapters.size(); i++) {
            assertThat(chapters.get(i).startMillis() - chapters.get(i - 1).startMillis())
                    .as("chapter %d length", i - 1).isGreaterThanOrEqualTo(minimum);
        }
        assertThat(mediaMillis - chapters.get(chapters.size() - 1).startMillis()).as("last chapter length")
                .isGreaterThanOrEqualTo(minimum);
    }

    /** Four-second segments, one after the other. */
    private static List<TranscriptSegment> segments(String... texts) {
        List<TranscriptSegment> segments = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            segments.add(new TranscriptSegment(i, i * 4_000L, i * 4_000L + 4_000, texts[i], null));
        }
        return segments;
    }

    private static List<String> words(String text) {
        return List.of(text.toLowerCase(Locale.ROOT).split("[^\\p{L}']+"));
    }
}
