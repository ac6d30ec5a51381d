package io.castwire.processing.scoring;

import java.util.List;
import java.util.Set;

/** The text-only judgements: counts per segment, the hook of an opening line, clean starts and ends. */
final class TextFeatures {

    static final double HOOK_QUESTION = 0.30;
    static final double HOOK_STRONG_OPENER = 0.30;
    static final double HOOK_SECOND_PERSON = 0.20;
    static final double HOOK_NUMBER = 0.15;
    static final double HOOK_SURPRISE = 0.15;
    static final double HOOK_FILLER_START = 0.25;
    static final double HOOK_PER_FILLER = 0.10;

    static final int OPENING_MAX_WORDS = 30;

    private static final Set<String> FIRST_PERSON = Set.of("i", "i'm", "i've", "i'll", "i'd");

    private TextFeatures() {
    }

    /** What one segment adds to a window's totals. */
    record Counts(int words, int questions, int listMarkers, int arousal, int payoff) {
    }

    static Counts counts(String text, Tokens tokens) {
        int questions = count(text, '?');
        int listMarkers = Lexicon.LIST_MARKERS.count(tokens) + numberedLists(tokens.tokens());
        int arousal = Lexicon.AROUSAL.count(tokens) + count(text, '!');
        int numbers = 0;
        for (String token : tokens.tokens()) {
            if (Tokens.isNumber(token)) {
                numbers++;
            }
        }
        numbers += count(text, '$') + count(text, '%') + count(text, '\u20ac') + count(text, '\u00a3');
        return new Counts(tokens.size(), questions, listMarkers, arousal, numbers + Lexicon.PAYOFF.count(tokens));
    }

    /** Hook strength of an opening line, in [0, 1]. */
    static double hook(String openingLine, Tokens opening) {
        double hook = 0.0;
        if (openingLine.indexOf('?') >= 0) {
            hook += HOOK_QUESTION;
        }
        if (Lexicon.STRONG_OPENERS.matches(opening)) {
            hook += HOOK_STRONG_OPENER;
        }
        if (Lexicon.SECOND_PERSON.matches(opening)) {
            hook += HOOK_SECOND_PERSON;
        }
        if (hasNumber(openingLine, opening)) {
            hook += HOOK_NUMBER;
        }
        if (Lexicon.SURPRISE.matches(opening)) {
            hook += HOOK_SURPRISE;
        }
        if (Lexicon.FILLER.startsWith(opening) || startsWithLeadingFiller(opening)) {
            hook -= HOOK_FILLER_START;
        }
        hook -= HOOK_PER_FILLER * Lexicon.FILLER.count(opening);
        return clamp(hook);
    }

    /**
     * How cleanly a clip can start here: 1.0 at a sentence start with a real first word, 0.5 for a real
     * first word in the middle of a sentence, 0.0 for a dangling first word ("and", "it", ...) or no words;
     * at most 0.5 when fillers ("um", "okay") come before the first real word.
     */
    static double startScore(Tokens first, boolean atSentenceStart) {
        List<String> tokens = first.tokens();
        int i = 0;
        while (i < tokens.size() && Lexicon.LEADING_FILLER.contains(tokens.get(i))) {
            i++;
        }
        if (i == tokens.size() || Lexicon.DANGLING.contains(tokens.get(i))) {
            return 0.0;
        }
        double score = atSentenceStart ? 1.0 : 0.5;
        return i > 0 ? Math.min(score, 0.5) : score;
    }

    /** 1.0 when the text ends a sentence with . ! or ?, 0.5 when it trails off with an ellipsis, else 0.0. */
    static double sentenceEnd(String text) {
        int end = text.length();
        while (end > 0 && isClosing(text.charAt(end - 1))) {
            end--;
        }
        if (end == 0) {
            return 0.0;
        }
        char last = text.charAt(end - 1);
        if (last == '\u2026' || (last == '.' && end >= 2 && text.charAt(end - 2) == '.')) {
            return 0.5;
        }
        return last == '.' || last == '!' || last == '?' ? 1.0 : 0.0;
    }

    /** The first sentence of {@code text}, at most {@link #OPENING_MAX_WORDS} words. */
    static String firstSentence(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean wordChar = Character.isLetterOrDigit(c);
            if (wordChar && !inWord && ++words > OPENING_MAX_WORDS) {
                return text.substring(0, i).strip();
            }
            inWord = wordChar || (inWord && c == '\'');
            boolean terminal = c == '.' || c == '!' || c == '?';
            // "3.5" and "..." do not end the sentence; a terminal followed by a space or the end does
            if (terminal && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1)))
                    && !(c == '.' && i > 0 && text.charAt(i - 1) == '.')) {
                return text.substring(0, i + 1).strip();
            }
        }
        return text.strip();
    }

    /**
     * Whether the text starts like a sentence: its first letter is a capital, and the first word is not
     * "I", which is capitalised anywhere. Speech-to-text capitalises sentence starts even where it leaves
     * out the full stop before them.
     */
    static boolean startsCapitalised(String text, Tokens tokens) {
        if (tokens.tokens().isEmpty() || FIRST_PERSON.contains(tokens.tokens().get(0))) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                return Character.isUpperCase(c);
            }
        }
        return false;
    }

    static boolean hasNumber(String text, Tokens tokens) {
        for (String token : tokens.tokens()) {
            if (Tokens.isNumber(token)) {
                return true;
            }
        }
        return text.indexOf('$') >= 0 || text.indexOf('%') >= 0 || text.indexOf('\u20ac') >= 0
                || text.indexOf('\u00a3') >= 0;
    }

    static double clamp(double value) {
        return value < 0.0 ? 0.0 : Math.min(value, 1.0);
    }

    private static boolean startsWithLeadingFiller(Tokens tokens) {
        return !tokens.tokens().isEmpty() && Lexicon.LEADING_FILLER.contains(tokens.tokens().get(0));
    }

    private static int numberedLists(List<String> tokens) {
        int hits = 0;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (Tokens.isNumber(tokens.get(i)) && Lexicon.LIST_NOUNS.contains(tokens.get(i + 1))) {
                hits++;
            }
        }
        return hits;
    }

    private static boolean isClosing(char c) {
        return c == '"' || c == '\'' || c == ')' || c == ']' || c == '\u201d' || c == '\u2019' || c == '\u00bb'
                || Character.isWhitespace(c);
    }

    private static int count(String text, char c) {
        int n = 0;
        for (int at = text.indexOf(c); at >= 0; at = text.indexOf(c, at + 1)) {
            n++;
        }
        return n;
    }
}
