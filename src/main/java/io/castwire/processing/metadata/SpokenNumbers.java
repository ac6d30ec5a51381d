package io.castwire.processing.metadata;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbers in a text, written or spoken, as comparable values: "3", "three" and "3rd" are 3; "1,000", "$1000"
 * and "one thousand" are 1000; "50%" and "fifty percent" are 50; "2.5 million" is 2500000; "twenty twenty-four"
 * is also 2024 (a year said the usual way). Speech-to-text writes numbers either way, an LLM picks its own.
 */
final class SpokenNumbers {

    /** One number in a text: how it was written and its value. */
    record Mention(String text, BigDecimal value) {
    }

    // a digit number with thousands separators, decimals, a currency sign, percent or ordinal suffix; or a word
    private static final Pattern TOKEN = Pattern.compile(
            "[$€£]?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?%?|[$€£]?\\d+(?:\\.\\d+)?(?:%|st|nd|rd|th|s|k|m|bn)?|\\p{L}+");

    private static final Map<String, Integer> UNITS = Map.ofEntries(Map.entry("zero", 0), Map.entry("one", 1),
            Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5),
            Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9),
            Map.entry("ten", 10), Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("thirteen", 13),
            Map.entry("fourteen", 14), Map.entry("fifteen", 15), Map.entry("sixteen", 16),
            Map.entry("seventeen", 17), Map.entry("eighteen", 18), Map.entry("nineteen", 19));
    private static final Map<String, Integer> TENS = Map.of("twenty", 20, "thirty", 30, "forty", 40, "fifty", 50,
            "sixty", 60, "seventy", 70, "eighty", 80, "ninety", 90);
    private static final Map<String, Long> SCALES = Map.of("thousand", 1_000L, "million", 1_000_000L,
            "billion", 1_000_000_000L, "k", 1_000L, "m", 1_000_000L, "bn", 1_000_000_000L);

    private SpokenNumbers() {
    }

    /**
     * The numbers of {@code text}, each once per mention. A number followed by a scale word ("2 million") is one
     * mention with the scaled value.
     */
    static List<Mention> mentions(String text) {
        List<Mention> out = new ArrayList<>();
        for (Group g : groups(text)) {
            out.add(new Mention(g.text(), g.scaled()));
        }
        return out;
    }

    /**
     * Every value a listener could have heard in {@code text}: each number bare and scaled, and two spoken numbers
     * in a row read as a year ("nineteen ninety" is 1990).
     */
    static List<BigDecimal> values(String text) {
        List<BigDecimal> out = new ArrayList<>();
        Group previous = null;
        for (Group g : groups(text)) {
            out.add(g.bare());
            out.add(g.scaled());
            if (previous != null && previous.spoken() && g.spoken() && previous.end() == g.start() - 1
                    && previous.bare().compareTo(BigDecimal.TEN) >= 0 && previous.bare().compareTo(BigDecimal.valueOf(100)) < 0
                    && g.bare().compareTo(BigDecimal.valueOf(100)) < 0) {
                out.add(previous.bare().multiply(BigDecimal.valueOf(100)).add(g.bare()));
            }
            previous = g;
        }
        return out;
    }

    /** Normalises a value for set lookups: 3, 3.0 and 3.00 are the same key. */
    static String key(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        return (v.scale() < 0 ? v.setScale(0) : v).toPlainString();
    }

    /** A number in the text: tokens {@code start..end} (token positions), its value and scale. */
    private record Group(String text, BigDecimal bare, BigDecimal scaled, boolean spoken, int start, int end) {
    }

    private static List<Group> groups(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT).replace("-", " "));
        while (m.find()) {
            tokens.add(m.group());
        }
        List<Group> out = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            String t = tokens.get(i);
            if (Character.isDigit(t.charAt(0)) || "$€£".indexOf(t.charAt(0)) >= 0) {
                BigDecimal[] parsed = digits(t);
                int end = i;
                BigDecimal scaled = parsed[1];
                if (i + 1 < tokens.size() && SCALES.containsKey(tokens.get(i + 1)) && tokens.get(i + 1).length() > 2) {
                    scaled = parsed[0].multiply(BigDecimal.valueOf(SCALES.get(tokens.get(i + 1))));
                    end = i + 1;
                }
                out.add(new Group(String.join(" ", tokens.subList(i, end + 1)), parsed[0], scaled, false, i, end));
                i = end + 1;
            } else if (UNITS.containsKey(t) || TENS.containsKey(t)) {
                int end = spokenEnd(tokens, i);
                long[] value = spoken(tokens.subList(i, end + 1));
                out.add(new Group(String.join(" ", tokens.subList(i, end + 1)), BigDecimal.valueOf(value[0]),
                        BigDecimal.valueOf(value[1]), true, i, end));
                i = end + 1;
            } else {
                i++;
            }
        }
        return out;
    }

    /** {bare, scaled}: "2k" is {2, 2000}; "$1,000" is {1000, 1000}. */
    private static BigDecimal[] digits(String token) {
        String t = token.replaceAll("^[$€£]", "").replace(",", "");
        long scale = 1;
        for (String suffix : new String[] {"bn", "k", "m"}) {
            if (t.endsWith(suffix)) {
                scale = SCALES.get(suffix);
                t = t.substring(0, t.length() - suffix.length());
                break;
            }
        }
        t = t.replaceAll("(%|st|nd|rd|th|s)$", "");
        BigDecimal bare = new BigDecimal(t);
        return new BigDecimal[] {bare, bare.multiply(BigDecimal.valueOf(scale))};
    }

    /** The last token of a spoken number starting at {@code from}: "two hundred and five thousand". */
    private static int spokenEnd(List<String> tokens, int from) {
        int end = from;
        boolean lastWasTens = TENS.containsKey(tokens.get(from));
        for (int i = from + 1; i < tokens.size(); i++) {
            String t = tokens.get(i);
            boolean unit = UNITS.containsKey(t) && UNITS.get(t) < 10;
            if (lastWasTens && unit) {
                end = i;
                lastWasTens = false;
            } else if (t.equals("hundred") || (SCALES.containsKey(t) && t.length() > 2)) {
                end = i;
                lastWasTens = false;
            } else if (t.equals("and") && i + 1 < tokens.size() && end == i - 1
                    && (UNITS.containsKey(tokens.get(i + 1)) || TENS.containsKey(tokens.get(i + 1)))
                    && (tokens.get(end).equals("hundred") || SCALES.containsKey(tokens.get(end)))) {
                continue;
            } else if ((UNITS.containsKey(t) || TENS.containsKey(t)) && i - 1 > from && tokens.get(i - 1).equals("and")) {
                end = i;
                lastWasTens = TENS.containsKey(t);
            } else {
                break;
            }
        }
        return end;
    }

    /** {value without the last scale word, full value}: "two million" is {2, 2000000}. */
    private static long[] spoken(List<String> words) {
        long total = 0;
        long current = 0;
        long beforeLastScale = -1;
        for (String w : words) {
            if (UNITS.containsKey(w)) {
                current += UNITS.get(w);
            } else if (TENS.containsKey(w)) {
                current += TENS.get(w);
            } else if (w.equals("hundred")) {
                current = Math.max(current, 1) * 100;
            } else if (SCALES.containsKey(w)) {
                beforeLastScale = total + current;
                total += Math.max(current, 1) * SCALES.get(w);
                current = 0;
            }
        }
        long full = total + current;
        String last = words.get(words.size() - 1);
        return new long[] {SCALES.containsKey(last) && beforeLastScale >= 0 ? beforeLastScale : full, full};
    }
}
