package io.castwire.processing.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lower-cased words of a text, and the same words joined with single spaces and padded with one
 * space on each side for phrase search.
 */
record Tokens(List<String> tokens, String padded) {

    // a word is letters/digits with inner apostrophes: "here's", "don't", "2024"; "$40" and "40%" give "40"
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}\\p{N}]+)*");

    static Tokens of(String text) {
        String normal = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').replace('\u2018', '\'');
        Matcher matcher = WORD.matcher(normal);
        List<String> tokens = new ArrayList<>();
        StringBuilder padded = new StringBuilder(normal.length() + 2).append(' ');
        while (matcher.find()) {
            tokens.add(matcher.group());
            padded.append(matcher.group()).append(' ');
        }
        return new Tokens(List.copyOf(tokens), padded.toString());
    }

    int size() {
        return tokens.size();
    }

    static boolean isNumber(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (Character.isDigit(token.charAt(i))) {
                return true;
            }
        }
        return Lexicon.NUMBER_WORDS.contains(token);
    }
}
