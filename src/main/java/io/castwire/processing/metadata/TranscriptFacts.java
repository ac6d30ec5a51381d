package io.castwire.processing.metadata;

import io.castwire.processing.chapters.ChapterTerms;
import io.castwire.processing.transcript.TranscriptSegment;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a transcript says, in the forms the grounding guard compares with: every word (lower case, possessive and
 * plural folded), every number value (see {@link SpokenNumbers}), and the segments in time order.
 */
public final class TranscriptFacts {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['\u2019][\\p{L}\\p{N}]+)*");

    private final List<TranscriptSegment> segments;
    private final Set<String> words = new HashSet<>();
    private final Set<String> numbers = new HashSet<>();
    private final long lastEndMillis;

    private TranscriptFacts(List<TranscriptSegment> segments) {
        this.segments = segments;
        for (TranscriptSegment s : segments) {
            Matcher m = WORD.matcher(s.text());
            while (m.find()) {
                words.add(normal(m.group()));
            }
            for (BigDecimal v : SpokenNumbers.values(s.text())) {
                numbers.add(SpokenNumbers.key(v));
            }
        }
        this.lastEndMillis = segments.stream().mapToLong(TranscriptSegment::endMillis).max().orElse(0);
    }

    /** The facts of a transcript, its segments in any order. */
    public static TranscriptFacts of(List<TranscriptSegment> segments) {
        return new TranscriptFacts(segments.stream().filter(Objects::nonNull)
                .sorted(Comparator.comparingLong(TranscriptSegment::startMillis)
                        .thenComparingLong(TranscriptSegment::endMillis))
                .toList());
    }

    /** Whether the word is spoken somewhere in the transcript, in any case, singular or plural. */
    boolean hasWord(String word) {
        return words.contains(normal(word));
    }

    /** Whether the value is said somewhere in the transcript, in digits or words. */
    boolean hasNumber(BigDecimal value) {
        return numbers.contains(SpokenNumbers.key(value));
    }

    List<TranscriptSegment> segments() {
        return segments;
    }

    long lastEndMillis() {
        return lastEndMillis;
    }

    private static String normal(String word) {
        String w = word.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        if (w.endsWith("'s")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.endsWith("'")) {
            w = w.substring(0, w.length() - 1);
        }
        return ChapterTerms.stem(w);
    }
}
