package io.castwire.publishing.delivery;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Post text from a template with {@code {title}}, {@code {description}}, {@code {url}},
 * {@code {show}}, {@code {feed}} and {@code {duration}} placeholders. Plain substitution: nothing in
 * an episode's metadata is ever evaluated, and an unknown placeholder stays as written.
 */
public final class PostTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");

    private PostTemplate() {
    }

    /** The item's text for a destination: the show's template if it has one, else the destination's. */
    public static String render(DestinationSettings settings, PublishItem item, int maxChars) {
        return render(item.templateOr(settings.getTemplate()), item, maxChars);
    }

    /** The template filled from the item, cut to {@code maxChars} code points (0: no limit) keeping the URL whole. */
    public static String render(String template, PublishItem item, int maxChars) {
        Map<String, String> values = Map.of(
                "title", nz(item.title()),
                "description", nz(item.description()),
                "url", nz(item.url()),
                "show", nz(item.showTitle() != null ? item.showTitle() : item.showSlug()),
                "feed", nz(item.feedUrl()),
                "duration", duration(item.durationMs()));
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v != null ? v : m.group()));
        }
        m.appendTail(out);
        String text = out.toString().strip();
        if (maxChars <= 0 || text.codePointCount(0, text.length()) <= maxChars) {
            return text;
        }
        // too long: shorten the description part, never the link
        String url = nz(item.url());
        int room = maxChars - url.length() - 2;
        String head = text.replace(url, "").strip();
        if (room < 1) {
            return text.substring(0, text.offsetByCodePoints(0, maxChars));
        }
        head = head.substring(0, head.offsetByCodePoints(0, Math.min(room - 1, head.codePointCount(0, head.length()))))
                .strip() + "…";
        return head + "\n" + url;
    }

    private static String duration(long ms) {
        long s = Math.round(ms / 1000.0);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
