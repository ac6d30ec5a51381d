package io.castwire.processing.metadata;

import io.castwire.processing.transcript.TranscriptSegment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Keeps generated metadata to what the episode says. A title, description, tag or chapter title may only name
 * people, places and things (see {@link ProperNames}) and numbers (see {@link SpokenNumbers}) that occur in the
 * transcript; a chapter must lie within the transcript, cover at least one segment and not overlap the chapter
 * before it, and is snapped to segment boundaries (its start to the nearest segment start, its end to the nearest
 * segment end). Nothing is repaired beyond snapping: a field with a violation is refused as a whole.
 */
@Component
public class GroundingGuard {

    static final int MAX_TITLE_LENGTH = 100;
    static final int MAX_DESCRIPTION_LENGTH = 4000;
    static final int MAX_CHAPTER_TITLE_LENGTH = 100;
    /** A chapter may end this far past the last word (the media's tail, rounding of the LLM's seconds). */
    static final long END_TOLERANCE_MILLIS = 2_000;

    /**
     * The guard's judgement.
     *
     * @param metadata   the input with chapters snapped to segment boundaries (unchanged where refused)
     * @param violations why fields were refused, empty when everything is grounded
     */
    public record Verdict(GeneratedMetadata metadata, List<Violation> violations) {

        public Verdict {
            violations = List.copyOf(violations);
        }

        /** The fields with at least one violation. */
        public Set<MetadataField> refused() {
            Set<MetadataField> fields = EnumSet.noneOf(MetadataField.class);
            violations.forEach(v -> fields.add(v.field()));
            return fields;
        }

        public boolean accepted(MetadataField field) {
            return !refused().contains(field);
        }
    }

    /**
     * Judges generated metadata against the transcript.
     *
     * @param mediaMillis the media's duration, or 0 when unknown; chapters may run to its end
     */
    public Verdict check(GeneratedMetadata m, TranscriptFacts facts, long mediaMillis) {
        List<Violation> violations = new ArrayList<>();
        checkText(MetadataField.TITLE, "the title", m.title(), MAX_TITLE_LENGTH, facts, violations);
        checkText(MetadataField.DESCRIPTION, "the description", m.description(), MAX_DESCRIPTION_LENGTH, facts,
                violations);
        if (m.tags().isEmpty()) {
            violations.add(new Violation(MetadataField.TAGS, "no tags"));
        }
        for (String tag : m.tags()) {
            checkText(MetadataField.TAGS, "tag '" + tag + "'", tag, MAX_TITLE_LENGTH, facts, violations);
        }
        List<GeneratedChapter> chapters = checkChapters(m.chapters(), facts, mediaMillis, violations);
        return new Verdict(new GeneratedMetadata(m.title(), m.description(), m.tags(), chapters), violations);
    }

    private static void checkText(MetadataField field, String what, String text, int maxLength, TranscriptFacts facts,
            List<Violation> violations) {
        if (text == null || text.isBlank()) {
            violations.add(new Violation(field, what + " is missing"));
            return;
        }
        if (text.length() > maxLength) {
            violations.add(new Violation(field, what + " is longer than " + maxLength + " characters"));
        }
        Set<String> names = new LinkedHashSet<>();
        for (ProperNames.Name name : ProperNames.in(text)) {
            for (String word : name.words()) {
                for (String part : word.split("[.\\-]")) {
                    if (!part.isEmpty() && !facts.hasWord(part)) {
                        names.add(name.text());
                    }
                }
            }
        }
        for (String name : names) {
            violations.add(new Violation(field, what + " names '" + name + "', which the transcript never mentions"));
        }
        Set<String> numbers = new LinkedHashSet<>();
        for (SpokenNumbers.Mention n : SpokenNumbers.mentions(text)) {
            if (!facts.hasNumber(n.value())) {
                numbers.add(n.text());
            }
        }
        for (String number : numbers) {
            violations.add(new Violation(field, what + " says '" + number + "', a number the transcript never says"));
        }
    }

    private static List<GeneratedChapter> checkChapters(List<GeneratedChapter> chapters, TranscriptFacts facts,
            long mediaMillis, List<Violation> violations) {
        if (chapters.isEmpty()) {
            violations.add(new Violation(MetadataField.CHAPTERS, "no chapters"));
            return chapters;
        }
        List<TranscriptSegment> segments = facts.segments();
        long limit = Math.max(facts.lastEndMillis(), mediaMillis) + END_TOLERANCE_MILLIS;
        List<GeneratedChapter> snapped = new ArrayList<>();
        long previousEnd = -1;
        for (int c = 0; c < chapters.size(); c++) {
            GeneratedChapter ch = chapters.get(c);
            String what = "chapter " + (c + 1) + " (" + seconds(ch.startMillis()) + "-" + seconds(ch.endMillis()) + ")";
            checkText(MetadataField.CHAPTERS, what + " title", ch.title(), MAX_CHAPTER_TITLE_LENGTH, facts, violations);
            if (ch.startMillis() < 0 || ch.endMillis() <= ch.startMillis()) {
                violations.add(new Violation(MetadataField.CHAPTERS, what + " is not a time range"));
                snapped.add(ch);
                continue;
            }
            if (ch.endMillis() > limit) {
                violations.add(new Violation(MetadataField.CHAPTERS, what + " ends after the transcript, which ends at "
                        + seconds(facts.lastEndMillis())));
                snapped.add(ch);
                continue;
            }
            if (segments.stream().noneMatch(s -> s.startMillis() < ch.endMillis() && s.endMillis() > ch.startMillis())) {
                violations.add(new Violation(MetadataField.CHAPTERS, what + " covers no transcript segment"));
                snapped.add(ch);
                continue;
            }
            long start = nearest(segments, ch.startMillis(), true);
            long end = nearest(segments, ch.endMillis(), false);
            if (end <= start) {
                violations.add(new Violation(MetadataField.CHAPTERS, what + " is shorter than one transcript segment"));
            } else if (start < previousEnd) {
                violations.add(new Violation(MetadataField.CHAPTERS, what + " overlaps the chapter before it"));
            }
            previousEnd = Math.max(previousEnd, end);
            snapped.add(new GeneratedChapter(start, end, ch.title() == null ? "" : ch.title().strip()));
        }
        return snapped;
    }

    /** The segment start (or end) nearest to {@code at}; on a tie the later one. */
    private static long nearest(List<TranscriptSegment> segments, long at, boolean start) {
        long best = -1;
        for (TranscriptSegment s : segments) {
            long candidate = start ? s.startMillis() : s.endMillis();
            if (best < 0 || Math.abs(candidate - at) < Math.abs(best - at)
                    || (Math.abs(candidate - at) == Math.abs(best - at) && candidate > best)) {
                best = candidate;
            }
        }
        return best;
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%d:%02d", millis / 60_000, millis / 1000 % 60);
    }
}
