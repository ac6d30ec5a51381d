package io.castwire.processing.chapters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns spoken text into the content words that carry a topic: lower-cased, punctuation stripped, stop words
 * and podcast filler dropped, plurals folded ("recipes" and "recipe" count as one term).
 */
public final class ChapterTerms {

    /** A word is letters/digits with inner apostrophes, so "don't" stays one (stop) word. */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}\\p{N}]+)*");

    /** Shorter words are almost never a topic ("ok", "pm") and are mostly transcription noise. */
    private static final int MIN_LENGTH = 3;

    // A general English list plus the filler of unscripted speech: these words occur in every chapter
    // alike, so they would only pull the similarity of unrelated windows up and crowd the titles.
    public static final Set<String> STOP_WORDS = Set.of(
            "a", "about", "above", "after", "again", "against", "all", "almost", "along", "already", "also",
            "although", "always", "am", "among", "an", "and", "another", "any", "anybody", "anyone", "anything",
            "anyway", "are", "aren't", "around", "as", "at", "away", "back", "be", "became", "because", "become",
            "been", "before", "being", "below", "between", "both", "but", "by", "can", "can't", "cannot", "come",
            "comes", "coming", "could", "couldn't", "did", "didn't", "do", "does", "doesn't", "doing", "don't",
            "done", "down", "during", "each", "either", "else", "enough", "even", "ever", "every", "everybody",
            "everyone", "everything", "few", "for", "from", "further", "get", "gets", "getting", "give", "go",
            "goes", "going", "gone", "gonna", "got", "gotta", "had", "hadn't", "has", "hasn't", "have", "haven't",
            "having", "he", "he'd", "he'll", "he's", "her", "here", "here's", "hers", "herself", "him", "himself",
            "his", "how", "how's", "however", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't",
            "it", "it'd", "it'll", "it's", "its", "itself", "just", "keep", "kind", "know", "knew", "known", "last",
            "least", "less", "let", "let's", "like", "likely", "look", "looking", "lot", "lots", "made", "make",
            "makes", "making", "many", "may", "maybe", "me", "mean", "means", "might", "mine", "more", "most",
            "much", "must", "mustn't", "my", "myself", "need", "needs", "never", "new", "next", "no", "nobody",
            "none", "nor", "not", "nothing", "now", "of", "off", "often", "oh", "okay", "old", "on", "once", "one",
            "ones", "only", "onto", "or", "other", "others", "otherwise", "ought", "our", "ours", "ourselves",
            "out", "over", "own", "pretty", "put", "quite", "rather", "really", "right", "said", "same", "say",
            "saying", "says", "see", "seen", "shall", "shan't", "she", "she'd", "she'll", "she's", "should",
            "shouldn't", "since", "so", "some", "somebody", "someone", "something", "sometimes", "somewhat",
            "sort", "still", "such", "sure", "take", "taken", "takes", "tell", "than", "that", "that'll",
            "that's", "the", "their", "theirs", "them", "themselves", "then", "there", "there's", "these", "they",
            "they'd", "they'll", "they're", "they've", "thing", "things", "think", "thinking", "this", "those",
            "though", "thought", "through", "to", "together", "too", "took", "toward", "towards", "two", "uh",
            "uhm", "um", "under", "until", "up", "upon", "us", "use", "used", "using", "very", "via", "want",
            "wanna", "wanted", "was", "wasn't", "way", "we", "we'd", "we'll", "we're", "we've", "well", "went",
            "were", "weren't", "what", "what's", "whatever", "when", "when's", "where", "where's", "whether",
            "which", "while", "who", "who's", "whole", "whom", "whose", "why", "why's", "will", "with", "within",
            "without", "won't", "would", "wouldn't", "yeah", "yes", "yet", "you", "you'd", "you'll", "you're",
            "you've", "your", "yours", "yourself", "yourselves", "actually", "basically", "literally",
            "honestly", "definitely", "probably", "totally", "absolutely", "erm", "hmm", "mhm", "mm", "ah",
            "huh", "wow", "hey", "hello", "hi", "yep", "nope", "stuff", "guess", "talk", "talking", "talked",
            "three", "four", "five", "first", "second", "third", "bit", "good", "great", "today", "day", "time",
            "times", "year", "years", "people", "person", "show", "episode", "podcast", "welcome");

    private ChapterTerms() {
    }

    /**
     * A content word as spoken (lower case); {@code followsWord} when the previous word of the text was a content
     * word too, with only spaces between, so the two may form a phrase ("black hole", "olive oil").
     */
    public record Word(String text, boolean followsWord) {
    }

    /** The content words of {@code text}, in order; use {@link #stem} to compare them. */
    public static List<Word> words(String text) {
        String normal = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replace('\u2018', '\'');
        Matcher matcher = WORD.matcher(normal);
        List<Word> words = new ArrayList<>();
        int previousEnd = -1; // end of the previous word if it was a content word
        while (matcher.find()) {
            String word = stripPossessive(matcher.group());
            if (word.length() >= MIN_LENGTH && !STOP_WORDS.contains(word) && !isNumber(word)) {
                boolean follows = previousEnd >= 0 && normal.substring(previousEnd, matcher.start()).isBlank();
                words.add(new Word(word, follows));
                previousEnd = matcher.end();
            } else {
                previousEnd = -1;
            }
        }
        return words;
    }

    /**
     * Folds regular plurals only: "recipes" → "recipe", "galaxies" → "galaxy", "glasses" → "glass".
     * Verb endings are left alone on purpose: "-ing"/"-ed" stripping merges unrelated words far more
     * often in speech ("boring"/"bore", "need"/"ne") than it helps find a topic.
     */
    public static String stem(String word) {
        int n = word.length();
        if (n > 4 && word.endsWith("ies")) {
            return word.substring(0, n - 3) + "y";
        }
        if (n > 4 && (word.endsWith("sses") || word.endsWith("shes") || word.endsWith("ches")
                || word.endsWith("xes"))) {
            return word.substring(0, n - 2);
        }
        if (n > 3 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us") && !word.endsWith("is")) {
            return word.substring(0, n - 1);
        }
        return word;
    }

    private static String stripPossessive(String word) {
        return word.endsWith("'s") ? word.substring(0, word.length() - 2) : word;
    }

    private static boolean isNumber(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (!Character.isDigit(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
