package io.castwire.publishing.social;

import io.castwire.publishing.delivery.PostTemplate;
import io.castwire.publishing.delivery.PublishItem;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Post text for X, within its 280-character limit as X counts it (twitter-text v3): every URL
 * counts as 23 (it becomes a t.co link), code points in the Latin, general punctuation and
 * similar ranges count 1 and all others (CJK, emoji) count 2. {@link PostTemplate} counts plain
 * code points, so the text is rendered, weighed and shortened until it fits.
 */
final class XText {

    static final int MAX_WEIGHT = 280;
    static final int URL_WEIGHT = 23;
    private static final Pattern URL = Pattern.compile("https?://\\S+");
    /** twitter-text v3's ranges of weight 1; everything else weighs 2. */
    private static final int[][] LIGHT = {{0, 4351}, {8192, 8205}, {8208, 8223}, {8242, 8247}};

    private XText() {
    }

    /**
     * The template's text for the item, within the limit, always with the item's public URL:
     * {@link XDestination#findExisting} finds a post by that link.
     */
    static String fit(String template, PublishItem item) {
        String withUrl = template.contains("{url}") ? template : template + "\n\n{url}";
        String text = PostTemplate.render(withUrl, item, 0);
        int max = text.codePointCount(0, text.length());
        // each round removes at least the excess weight, so this ends within a few rounds
        while (weight(text) > MAX_WEIGHT && max > 1) {
            max = Math.max(1, max - (weight(text) - MAX_WEIGHT));
            text = PostTemplate.render(withUrl, item, max);
        }
        return text;
    }

    /** The weight X gives the text. */
    static int weight(String text) {
        int weight = 0;
        Matcher url = URL.matcher(text);
        int from = 0;
        while (url.find()) {
            weight += plainWeight(text, from, url.start()) + URL_WEIGHT;
            from = url.end();
        }
        return weight + plainWeight(text, from, text.length());
    }

    private static int plainWeight(String text, int from, int to) {
        return text.substring(from, to).codePoints().map(XText::weightOf).sum();
    }

    private static int weightOf(int codePoint) {
        for (int[] range : LIGHT) {
            if (codePoint >= range[0] && codePoint <= range[1]) {
                return 1;
            }
        }
        return 2;
    }
}
