package io.castwire.common;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One wrong setting, as {@link ConfigurationFailureAnalyzer} prints it:
 * {@code castwire cannot start: <key> = <value>: <what is wrong>. Fix: <what to set>}. The value of a
 * key that names a secret (ending in password, secret, token or key) is shown as {@code [secret]}.
 *
 * @param key     the property, e.g. {@code castwire.processing.concurrency}
 * @param value   the value it has, or null when there is no single value to show
 * @param problem what is wrong with it
 * @param fix     what to set instead
 */
public record ConfigurationViolation(String key, Object value, String problem, String fix) {

    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|token|key)$");
    private static final int MAX_VALUE = 160;

    /** The line printed for it. */
    public String line() {
        StringBuilder b = new StringBuilder("castwire cannot start: ").append(key);
        if (value != null) {
            b.append(" = ").append(shown());
        }
        b.append(": ").append(problem.strip());
        if (!problem.strip().endsWith(".")) {
            b.append('.');
        }
        return b.append(" Fix: ").append(fix.strip()).toString();
    }

    private String shown() {
        if (isSecret(key)) {
            return "[secret]";
        }
        String text = value.toString();
        if (text.isEmpty()) {
            return "\"\"";
        }
        // one line whatever the value holds
        text = text.replaceAll("\\p{Cntrl}", "?");
        return text.length() > MAX_VALUE ? text.substring(0, MAX_VALUE) + "..." : text;
    }

    /** Whether the key holds a secret itself (a {@code *-env} key holds only a variable's name). */
    public static boolean isSecret(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1).replaceAll("\\[.*?]", "").replace("-", "").replace("_", "");
        return SECRET_KEY.matcher(last).matches();
    }

    /**
     * The property key of a field below a prefix in the form the documentation uses:
     * {@code castwire.publish.x} + {@code tokenEnv} is {@code castwire.publish.x.token-env},
     * {@code subscribers[0].secretEnv} keeps its index and {@code sync[nightly].cron} becomes {@code sync.nightly.cron}.
     */
    public static String key(String prefix, String field) {
        if (field == null || field.isEmpty()) {
            return prefix;
        }
        String dashed = field.replaceAll("\\[([^\\]0-9][^\\]]*)]", ".$1")
                .replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        return prefix == null || prefix.isEmpty() ? dashed : prefix + "." + dashed;
    }
}
