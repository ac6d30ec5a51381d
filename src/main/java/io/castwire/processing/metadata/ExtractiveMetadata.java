package io.castwire.processing.metadata;

import io.castwire.processing.chapters.ChapterDetector;
import io.castwire.processing.chapters.ChapterTerms;
import io.castwire.processing.chapters.DetectedChapter;
import io.castwire.processing.transcript.TranscriptSegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Metadata from the transcript alone, no LLM: the title from the episode's most distinctive words (the chapter
 * detector's titling over the whole episode as one chapter), the description from the most central sentences
 * ({@link TextRank}), tags from the episode's and its chapters' keywords, and the detector's chapters. Everything
 * it writes is words of the transcript, so it is grounded by construction.
 */
@Component
public class ExtractiveMetadata {

    /** Never splits: a chapter longer than any episode, so the whole episode is titled as one chapter. */
    private static final ChapterDetector WHOLE_EPISODE = new ChapterDetector(Long.MAX_VALUE / 4);
    static final int MAX_DESCRIPTION_CHARS = 600;
    /** The detector's title for a chapter without words. */
    private static final String NO_TITLE = "Episode";

    private final ChapterDetector chapters;
    private final MetadataProperties properties;

    public ExtractiveMetadata(ChapterDetector chapters, MetadataProperties properties) {
        this.chapters = chapters;
        this.properties = properties;
    }

    /**
     * Generates every field.
     *
     * @param segments    the transcript; must not be empty
     * @param mediaMillis the media's duration, or 0 when unknown
     */
    public GeneratedMetadata generate(List<TranscriptSegment> segments, long mediaMillis) {
        DetectedChapter whole = WHOLE_EPISODE.detect(segments, mediaMillis).get(0);
        List<DetectedChapter> found = chapters.detect(segments, mediaMillis);
        long end = Math.max(mediaMillis, segments.stream().mapToLong(TranscriptSegment::endMillis).max().orElse(0));
        List<GeneratedChapter> generated = new ArrayList<>();
        for (int c = 0; c < found.size(); c++) {
            long to = c + 1 < found.size() ? found.get(c + 1).startMillis() : end;
            generated.add(new GeneratedChapter(found.get(c).startMillis(), to, found.get(c).title()));
        }
        // a transcript without a single content word is titled "Episode" by the detector: no title beats that
        String title = whole.keywords().isEmpty() && whole.title().equals(NO_TITLE) ? null : whole.title();
        return new GeneratedMetadata(title, description(segments), tags(whole, found), generated);
    }

    /** The most central sentences, in spoken order, as many as fit {@value #MAX_DESCRIPTION_CHARS} characters. */
    String description(List<TranscriptSegment> segments) {
        List<String> picked = TextRank.summary(TextRank.sentences(segments), properties.getDescriptionSentences());
        StringBuilder text = new StringBuilder();
        for (String sentence : picked) {
            if (text.length() > 0 && text.length() + 1 + sentence.length() > MAX_DESCRIPTION_CHARS) {
                break;
            }
            text.append(text.length() == 0 ? "" : " ").append(sentence);
        }
        if (text.length() == 0) {
            // nothing long enough to summarise: the opening words stand in
            String all = String.join(" ", TextRank.sentences(segments));
            return all.length() <= MAX_DESCRIPTION_CHARS ? all : all.substring(0, MAX_DESCRIPTION_CHARS).strip() + "\u2026";
        }
        return text.toString();
    }

    private List<String> tags(DetectedChapter whole, List<DetectedChapter> found) {
        List<String> tags = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> candidates = new ArrayList<>(whole.keywords());
        // round-robin over the chapters, so every chapter's topic gets a tag before any gets a second
        for (int rank = 0; rank < 5; rank++) {
            for (DetectedChapter c : found) {
                if (rank < c.keywords().size()) {
                    candidates.add(c.keywords().get(rank));
                }
            }
        }
        for (String keyword : candidates) {
            if (tags.size() >= properties.getMaxTags()) {
                break;
            }
            if (seen.add(ChapterTerms.stem(keyword))) {
                tags.add(keyword);
            }
        }
        return tags;
    }
}
