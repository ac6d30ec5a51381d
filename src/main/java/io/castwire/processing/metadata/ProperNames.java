package io.castwire.processing.metadata;

import io.castwire.processing.chapters.ChapterTerms;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of a generated text that look like names: capitalised words that do not merely start a sentence
 * ("Sarah", "New York"), acronyms ("NASA"), words capitalised inside ("iPhone"), and runs of capitalised words
 * even at a sentence start ("Elon Musk said"). In Title Case text, where every word is capitalised, each capitalised
 * word that is not a stop word counts. A heuristic: it over-reports on purpose, since a reported word only has to
 * occur somewhere in the transcript to pass.
 */
final class ProperNames {

    /** One name: its words as written. */
    record Name(List<String> words) {

        String text() {
            return String.join(" ", words);
        }
    }

    private static final Pattern SENTENCE = Pattern.compile("(?<=[.!?:;\u2026])\\s+|\\n+|\\s+[\u2013\u2014-]\\s+");
    private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}\\p{N}]*(?:['\u2019.-]\\p{L}[\\p{L}\\p{N}]*)*");
    /** Share of longer words capitalised above which a text is taken as Title Case. */
    private static final double TITLE_CASE_SHARE = 0.75;

    private ProperNames() {
    }

    static List<Name> in(String text) {
        List<Name> names = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return names;
        }
        boolean titleCase = titleCase(text);
        for (String sentence : SENTENCE.split(text.strip())) {
            List<String> words = new ArrayList<>();
            Matcher m = WORD.matcher(sentence);
            while (m.find()) {
                words.add(m.group());
            }
            if (titleCase) {
                for (String w : words) {
                    if (capitalised(w) && !stopWord(w)) {
                        names.add(new Name(List.of(w)));
                    }
                }
                continue;
            }
            int i = 0;
            while (i < words.size()) {
                if (!capitalised(words.get(i))) {
                    i++;
                    continue;
                }
                int end = i;
                while (end + 1 < words.size() && capitalised(words.get(end + 1))) {
                    end++;
                }
                List<String> run = new ArrayList<>(words.subList(i, end + 1));
                if (i == 0 && (run.size() == 1 || stopWord(run.get(0))) && !acronym(run.get(0)) && !innerCapital(run.get(0))) {
                    run.remove(0); // the first word of a sentence is capitalised anyway
                }
                run.removeIf(w -> w.equals("I") || w.startsWith("I'") || w.startsWith("I\u2019"));
                if (!run.isEmpty()) {
                    names.add(new Name(List.copyOf(run)));
                }
                i = end + 1;
            }
        }
        return names;
    }

    private static boolean titleCase(String text) {
        int longer = 0;
        int capitalisedLonger = 0;
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            if (m.group().length() >= 4) {
                longer++;
                capitalisedLonger += Character.isUpperCase(m.group().charAt(0)) ? 1 : 0;
            }
        }
        return longer >= 3 && capitalisedLonger >= TITLE_CASE_SHARE * longer;
    }

    private static boolean capitalised(String w) {
        return Character.isUpperCase(w.charAt(0)) || innerCapital(w);
    }

    private static boolean innerCapital(String w) {
        for (int i = 1; i < w.length(); i++) {
            if (Character.isUpperCase(w.charAt(i)) && Character.isLowerCase(w.charAt(i - 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean acronym(String w) {
        return w.length() >= 2 && w.chars().filter(Character::isLetter).allMatch(Character::isUpperCase);
    }

    private static boolean stopWord(String w) {
        String lower = w.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        return ChapterTerms.STOP_WORDS.contains(lower) || lower.length() <= 2;
    }
}
