package io.castwire.processing.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castwire.processing.transcript.TranscriptSegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataPromptTest {

    /** A two-hour episode: 1,440 five-second segments of about 25 words each (~180,000 characters). */
    private static List<TranscriptSegment> longEpisode() {
        List<TranscriptSegment> segments = new ArrayList<>();
        for (int i = 0; i < 1_440; i++) {
            segments.add(new TranscriptSegment(i, i * 5_000L, i * 5_000L + 4_800,
                    "Segment " + i + " talks about gardening, compost, tomatoes and the weather in spring, "
                            + "and the guest keeps adding more detail about soil and seeds and watering schedules.", null));
        }
        return segments;
    }

    @Test
    void aShortTranscriptIsSentWhole() {
        String prompt = MetadataPrompt.prompt(GroundingGuardTest.SEGMENTS, 12_000);

        for (TranscriptSegment s : GroundingGuardTest.SEGMENTS) {
            assertThat(prompt).contains(s.text());
        }
        assertThat(prompt).contains("[0.0-10.0] Welcome back.").contains("[50.0-60.0] Next week");
    }

    @Test
    void aLongTranscriptIsShortenedEvenlyWithinTheBudgetAndStillCoversTheWholeEpisode() {
        List<TranscriptSegment> segments = longEpisode();
        int budget = 4_000;

        String transcript = MetadataPrompt.transcript(segments, budget);

        assertThat(MetadataPrompt.tokens(transcript)).isLessThanOrEqualTo(budget * 11 / 10);
        assertThat(transcript).startsWith("[0.0-");
        // the last line ends where the episode ends: nothing was cut off at the end
        assertThat(transcript.strip()).contains("-7199.8] Segment 14");
        long lines = transcript.lines().count();
        assertThat(lines).isLessThanOrEqualTo(budget / 32).isGreaterThan(50);
    }

    @Test
    void theRetryPromptNamesEveryViolation() {
        String retry = MetadataPrompt.retry("base", List.of(new Violation(MetadataField.TITLE, "names 'Oprah'"),
                new Violation(MetadataField.CHAPTERS, "chapter 2 ends after the transcript")));

        assertThat(retry).startsWith("base").contains("- title: names 'Oprah'")
                .contains("- chapters: chapter 2 ends after the transcript");
    }

    @Test
    void answersAreReadFromFencedJsonAndClockTimes() throws Exception {
        GeneratedMetadata m = MetadataAnswers.parse("```json\n{\"title\": \"T\", \"description\": \"D\", \"tags\": [\"a\", \" \"],"
                + " \"chapters\": [{\"start\": \"1:05.5\", \"end\": 90, \"title\": \"C\"}]}\n```");

        assertThat(m.title()).isEqualTo("T");
        assertThat(m.tags()).containsExactly("a");
        assertThat(m.chapters()).containsExactly(new GeneratedChapter(65_500, 90_000, "C"));
        assertThatThrownBy(() -> MetadataAnswers.parse("[1, 2]")).isInstanceOf(LlmException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> MetadataAnswers.parse("{\"chapters\": [{\"start\": \"soon\", \"end\": 3}]}"))
                .hasMessageContaining("no numeric start");
    }

    @Test
    void spokenAndWrittenNumbersMeetInOneValue() {
        assertThat(keys("two hundred and five thousand")).contains("205000");
        assertThat(keys("twenty-five percent of $1,250.50")).contains("25", "1250.5");
        assertThat(keys("nineteen ninety")).contains("1990");
        assertThat(keys("2.5 million listeners")).contains("2500000", "2.5");
        assertThat(keys("the 3rd of 10k runs")).contains("3", "10000");
        assertThat(SpokenNumbers.mentions("about 2.5 million and 40%")).extracting(SpokenNumbers.Mention::text)
                .containsExactly("2.5 million", "40%");
    }

    private static List<String> keys(String text) {
        return SpokenNumbers.values(text).stream().map(SpokenNumbers::key).toList();
    }

    @Test
    void namesAreCapitalisedWordsThatDoNotJustStartASentence() {
        assertThat(ProperNames.in("Today we meet Sarah Chen. She lives in New York and loves her iPhone. NASA called."))
                .extracting(ProperNames.Name::text)
                .containsExactly("Sarah Chen", "New York", "iPhone", "NASA");
        assertThat(ProperNames.in("I think the bread is great.")).isEmpty();
    }
}
