package io.castwire.publishing.rss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaptersWriterTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void writesVersionAndChaptersInAscendingStartTime() throws Exception {
        JsonNode json = write(List.of(
                new Chapter(168, "Hearing Aids"),
                new Chapter(0, "Intro"),
                new Chapter(94.5, "Donation Segment")));

        assertThat(json.fieldNames()).toIterable().containsExactly("version", "chapters");
        assertThat(json.get("version").asText()).isEqualTo("1.2.0");
        JsonNode chapters = json.get("chapters");
        assertThat(chapters.isArray()).isTrue();
        assertThat(chapters).hasSize(3);
        assertThat(chapters.get(0).get("startTime").isIntegralNumber()).isTrue();
        assertThat(chapters.get(0).get("startTime").asInt()).isZero();
        assertThat(chapters.get(0).get("title").asText()).isEqualTo("Intro");
        assertThat(chapters.get(1).get("startTime").decimalValue()).isEqualByComparingTo("94.5");
        assertThat(chapters.get(1).get("title").asText()).isEqualTo("Donation Segment");
        assertThat(chapters.get(2).get("startTime").asInt()).isEqualTo(168);
        assertThat(chapters.get(2).fieldNames()).toIterable().containsExactly("startTime", "title");
    }

    @Test
    void wholeSecondsAreIntegersAndFractionsHaveNoExponentOrNoise() throws Exception {
        String text = writeText(List.of(new Chapter(0, "a"), new Chapter(3990, "b"), new Chapter(0.1 + 0.2, "c"),
                new Chapter(1.0E7, "d")));

        assertThat(text).contains("\"startTime\" : 0,", "\"startTime\" : 3990,", "\"startTime\" : 0.3,",
                "\"startTime\" : 10000000,");
        assertThat(text).doesNotContain("E+", "E-", "0000001");
    }

    @Test
    void anUntitledChapterIsASilentMarkerWithoutATitleField() throws Exception {
        JsonNode chapter = write(List.of(new Chapter(12, null))).get("chapters").get(0);

        assertThat(chapter.has("title")).isFalse();
        assertThat(chapter.get("startTime").asInt()).isEqualTo(12);
    }

    @Test
    void titlesKeepQuotesAndUnicode() throws Exception {
        String title = "\"Quotes\" \\ back — ünïcode 🎙️";

        assertThat(write(List.of(new Chapter(0, title))).get("chapters").get(0).get("title").asText()).isEqualTo(title);
    }

    @Test
    void noChaptersIsAnEmptyArray() throws Exception {
        JsonNode json = write(List.of());

        assertThat(json.get("version").asText()).isEqualTo("1.2.0");
        assertThat(json.get("chapters").isArray()).isTrue();
        assertThat(json.get("chapters")).isEmpty();
    }

    @Test
    void negativeStartTimesAreRejected() {
        assertThatThrownBy(() -> new Chapter(-1, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Chapter(Double.NaN, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    private JsonNode write(List<Chapter> chapters) throws Exception {
        return mapper.readTree(writeText(chapters));
    }

    private static String writeText(List<Chapter> chapters) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ChaptersWriter().write(chapters, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
