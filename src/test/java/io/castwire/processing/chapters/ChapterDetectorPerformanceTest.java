package io.castwire.processing.chapters;

import io.castwire.processing.chapters.TopicTranscripts.Topic;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChapterDetectorPerformanceTest {

    @Test
    void aThreeHourTranscriptIsChapteredInUnderTwoSeconds() {
        TopicTranscripts episode = TopicTranscripts.seed(2024);
        Topic[] topics = Topic.values();
        for (int section = 0; section < 24; section++) {
            episode.talk(topics[section % topics.length], 420 + section * 37 % 180);
        }
        assertThat(episode.durationMillis()).isGreaterThan(3 * 3_600_000L);

        long started = System.nanoTime();
        List<DetectedChapter> chapters = new ChapterDetector().detect(episode.segments(), episode.durationMillis());
        long millis = (System.nanoTime() - started) / 1_000_000;

        System.out.printf("chaptered %d segments (%.2f h) into %d chapters in %d ms%n", episode.segments().size(),
                episode.durationMillis() / 3_600_000.0, chapters.size(), millis);
        assertThat(millis).isLessThan(2_000);
        assertThat(chapters).hasSizeBetween(20, 24); // found the sections, not fragments of them
        assertThat(chapters).extracting(DetectedChapter::startMillis).isSorted().doesNotHaveDuplicates();
    }
}
