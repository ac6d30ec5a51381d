package io.castwire.processing.scoring;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A small word list: single words are looked up per token, phrases are searched in the
 * space-padded token string, so "how to" never matches inside "show tomorrow".
 */
final class Lexicon {

    static final Lexicon SECOND_PERSON = of("you", "your", "you're", "you'll", "you've", "you'd", "yours", "yourself");

    static final Lexicon STRONG_OPENERS = of("here's", "here is", "the secret", "nobody tells you", "no one tells you",
            "the truth", "the one thing", "the biggest", "the best", "the worst", "the mistake", "the reason",
            "the problem", "the key", "most people", "stop", "never", "why", "how to", "what if", "imagine",
            "did you know", "this is why", "this is how", "i was wrong", "let me tell you", "the number one",
            "you need to", "you won't believe", "the real");

    static final Lexicon SURPRISE = of("actually", "surprising", "surprisingly", "shocking", "secret", "secrets",
            "mistake", "mistakes", "wrong", "crazy", "insane", "never", "nobody", "everyone", "truth", "myth",
            "myths", "lie", "lies", "weird", "unexpected", "unbelievable", "wild", "turns out", "the opposite");

    /** Counted against an opening line, and skipped (at a cost) before the first real word of a clip. */
    static final Lexicon FILLER = of("um", "uh", "uhm", "erm", "er", "hmm", "mm", "ah", "so yeah", "you know",
            "i mean", "kind of", "sort of", "and then", "like i said", "anyway");

    /** Words that may stand before the first real word of a clip but make its start sloppy. */
    static final Set<String> LEADING_FILLER = Set.of("um", "uh", "uhm", "erm", "er", "hmm", "mm", "ah", "yeah",
            "okay", "ok", "well");

    /** A clip whose first real word is one of these leans on what was said before it. */
    static final Set<String> DANGLING = Set.of("and", "but", "so", "because", "or", "nor", "it", "it's", "that",
            "that's", "this", "these", "those", "they", "they're", "them", "he", "he's", "she", "she's", "his", "her",
            "which", "then", "also", "plus", "anyway", "yet", "though", "although", "otherwise", "therefore");

    static final Lexicon LIST_MARKERS = of("first", "firstly", "second", "secondly", "third", "thirdly", "fourth",
            "fifth", "finally", "lastly", "next", "number one", "number two", "number three", "step one",
            "step two", "step three");

    /** "three things", "5 ways": a number followed by one of these counts as a list marker. */
    static final Set<String> LIST_NOUNS = Set.of("things", "ways", "reasons", "steps", "tips", "mistakes", "rules",
            "lessons", "ideas", "habits", "signs", "secrets", "questions", "tricks", "points");

    static final Set<String> NUMBER_WORDS = Set.of("two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "thousand",
            "million", "billion", "half", "double", "triple", "percent", "dozen");

    static final Lexicon AROUSAL = of("amazing", "incredible", "love", "loved", "hate", "hated", "terrified",
            "scared", "afraid", "angry", "furious", "shocked", "shocking", "crazy", "insane", "huge", "massive",
            "disaster", "nightmare", "dream", "brilliant", "awesome", "terrible", "horrible", "worst", "best",
            "exciting", "excited", "thrilled", "panic", "fear", "dangerous", "risk", "broke", "fired", "died",
            "dead", "lost", "won", "failure", "failed", "success", "powerful", "unbelievable", "wow", "heartbreaking",
            "cried", "tears", "laughed", "hilarious", "stunning", "wild", "epic", "urgent", "regret", "proud",
            "obsessed", "desperate", "changed everything", "life-changing", "mind-blowing", "game changer");

    static final Lexicon PAYOFF = of("how to", "the result", "the results", "because", "which means", "that means",
            "so that", "the key", "the answer", "that's why", "here's how", "the lesson", "the trick", "the secret",
            "step", "steps", "save", "saved", "saves", "earn", "earned", "doubled", "in other words", "for example",
            "the point is", "the takeaway", "in the end", "the fix", "the solution", "dollars", "per");

    private final Set<String> words;
    private final List<String> paddedPhrases;

    private Lexicon(Set<String> words, List<String> paddedPhrases) {
        this.words = words;
        this.paddedPhrases = paddedPhrases;
    }

    static Lexicon of(String... entries) {
        Set<String> words = new HashSet<>();
        List<String> phrases = new ArrayList<>();
        for (String entry : entries) {
            if (entry.indexOf(' ') >= 0) {
                phrases.add(" " + entry + " ");
            } else {
                words.add(entry);
            }
        }
        return new Lexicon(Set.copyOf(words), List.copyOf(phrases));
    }

    boolean isWord(String token) {
        return words.contains(token);
    }

    /** Occurrences of the words and phrases in {@code text}. */
    int count(Tokens text) {
        int hits = 0;
        for (String token : text.tokens()) {
            if (words.contains(token)) {
                hits++;
            }
        }
        String padded = text.padded();
        for (String phrase : paddedPhrases) {
            // phrases are padded on both sides, so step past the leading space to let matches share a space
            for (int at = padded.indexOf(phrase); at >= 0; at = padded.indexOf(phrase, at + phrase.length() - 1)) {
                hits++;
            }
        }
        return hits;
    }

    boolean matches(Tokens text) {
        for (String token : text.tokens()) {
            if (words.contains(token)) {
                return true;
            }
        }
        String padded = text.padded();
        for (String phrase : paddedPhrases) {
            if (padded.contains(phrase)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code text} begins with one of the words or phrases. */
    boolean startsWith(Tokens text) {
        if (text.tokens().isEmpty()) {
            return false;
        }
        if (words.contains(text.tokens().get(0))) {
            return true;
        }
        for (String phrase : paddedPhrases) {
            if (text.padded().startsWith(phrase)) {
                return true;
            }
        }
        return false;
    }
}
