package io.castwire.processing.synthesis;

import java.text.Normalizer;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates what is sent to a provider. Text is plain text: anything that looks like a markup tag
 * (SSML {@code <speak>}, {@code <break/>}, {@code <!-- -->}, processing instructions) is refused, so
 * a title or transcript line cannot steer a provider that reads SSML; providers that take SSML
 * escape the text as well ({@link #xmlEscape}).
 */
public final class SpeechText {

    private static final Pattern TAG = Pattern.compile("<\\s*[/!?A-Za-z]");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}&&[^\\n\\t]]");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private SpeechText() {
    }

    /** Text or voice that cannot be spoken; the message says why. */
    public static class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    /**
     * The text as it is spoken and hashed: NFC, control characters removed, whitespace collapsed.
     *
     * @throws Invalid when it is empty, longer than {@code maxCharacters}, contains markup, or the
     *                 voice is not one of {@code voices}
     */
    public static String validate(String text, String voice, int maxCharacters, List<String> voices) throws Invalid {
        if (voice == null || !voices.contains(voice)) {
            throw new Invalid("voice '" + voice + "' is not one of castwire.synthesis.voices " + voices);
        }
        String t = normalize(text);
        if (t.isEmpty()) {
            throw new Invalid("the text is empty");
        }
        if (t.length() > maxCharacters) {
            throw new Invalid("the text has " + t.length() + " characters, over castwire.synthesis.max-characters ("
                    + maxCharacters + ")");
        }
        if (TAG.matcher(t).find()) {
            throw new Invalid("the text contains markup (a '<' tag); speech text is plain text, SSML is not accepted");
        }
        return t;
    }

    static String normalize(String text) {
        if (text == null) {
            return "";
        }
        String t = Normalizer.normalize(text, Normalizer.Form.NFC);
        t = CONTROL.matcher(t).replaceAll("");
        return SPACE.matcher(t).replaceAll(" ").strip();
    }

    /** Escapes text for an XML (SSML) body. */
    public static String xmlEscape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
