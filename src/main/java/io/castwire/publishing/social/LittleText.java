package io.castwire.publishing.social;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain text for LinkedIn's Posts API commentary, which is in the "little" text format: the
 * characters {@code \ | { } @ [ ] ( ) < > # * _ ~} are markup there, and LinkedIn cuts the post at
 * the first one it cannot read as markup, while still answering 201. Episode titles like
 * "Ep. 12 (live)" would lose everything from the parenthesis on. Every reserved character is
 * backslash-escaped, except inside URLs (which must stay links) and in hashtags ({@code #word},
 * which should stay hashtags).
 */
final class LittleText {

    private static final String RESERVED = "\\|{}@[]()<>#*_~";
    private static final Pattern URL = Pattern.compile("https?://\\S+");

    private LittleText() {
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        Matcher url = URL.matcher(text);
        int from = 0;
        while (url.find()) {
            escapePlain(text, from, url.start(), out);
            out.append(url.group());
            from = url.end();
        }
        escapePlain(text, from, text.length(), out);
        return out.toString();
    }

    private static void escapePlain(String text, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            boolean hashtag = c == '#' && i + 1 < to && Character.isLetterOrDigit(text.charAt(i + 1));
            if (RESERVED.indexOf(c) >= 0 && !hashtag) {
                out.append('\\');
            }
            out.append(c);
        }
    }
}
