package io.castwire.ingest;

import io.castwire.common.CastwireProperties;
import io.castwire.ingest.IngestRejection.Code;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Turns a path below the inbox into an {@link InboxFile}: {@code <show-slug>/<name>.<ext>}, or
 * {@code <name>.<ext>} for show {@code default}. Names are sanitized (no control characters, no
 * separators, no {@code ..}); unicode letters are kept.
 */
@Component
public class FileNames {

    public static final String DEFAULT_SHOW = "default";
    private static final List<String> TRANSCRIPT_SUFFIXES = List.of(".srt", ".vtt", ".transcript.json");
    private static final String METADATA_SUFFIX = ".meta.json";

    private final List<String> mediaExtensions;

    public FileNames(CastwireProperties properties) {
        this.mediaExtensions = properties.getIngest().getMediaExtensions().stream()
                .map(e -> e.toLowerCase(Locale.ROOT)).toList();
    }

    /** The media extensions taken, lower-case, as configured. */
    public List<String> mediaExtensions() {
        return mediaExtensions;
    }

    /**
     * Classifies a path relative to the inbox.
     *
     * @throws IngestRejection when the file is nested too deep or its folder is not a usable show name
     */
    public InboxFile classify(Path relative) throws IngestRejection {
        int depth = relative.getNameCount();
        if (depth > 2) {
            throw new IngestRejection(Code.BAD_LOCATION, "files must sit directly in inbox/ or in inbox/<show>/, not in "
                    + "a deeper folder", "move the file to inbox/" + slug(relative.getName(0).toString()) + "/");
        }
        String show = depth == 2 ? slug(relative.getName(0).toString()) : DEFAULT_SHOW;
        if (show.isEmpty()) {
            throw new IngestRejection(Code.BAD_LOCATION, "the folder name '" + printable(relative.getName(0).toString())
                    + "' gives no usable show name", "name show folders with letters, digits and dashes, e.g. inbox/my-show/");
        }
        String original = relative.getFileName().toString();
        String name = sanitize(original);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(METADATA_SUFFIX)) {
            return new InboxFile(show, original, name, strip(name, METADATA_SUFFIX), InboxFile.Kind.METADATA, "meta.json");
        }
        for (String suffix : TRANSCRIPT_SUFFIXES) {
            if (lower.endsWith(suffix)) {
                return new InboxFile(show, original, name, strip(name, suffix), InboxFile.Kind.TRANSCRIPT, suffix.substring(1));
            }
        }
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 ? lower.substring(dot + 1) : "";
        InboxFile.Kind kind = mediaExtensions.contains(ext) ? InboxFile.Kind.MEDIA : InboxFile.Kind.UNSUPPORTED;
        return new InboxFile(show, original, name, dot > 0 ? name.substring(0, dot) : name, kind, ext);
    }

    /** A show slug from a folder name: lower-case ASCII letters, digits and single dashes. */
    public static String slug(String folder) {
        String ascii = Normalizer.normalize(folder, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return slug.length() > 100 ? slug.substring(0, 100) : slug;
    }

    /**
     * A safe file name: NFC, no control or format characters, no path separators, no leading dots,
     * no {@code ..}. The stem is capped at {@value #MAX_STEM_BYTES} bytes of UTF-8 and the suffix
     * (compound ones like {@code .transcript.json} included) is kept, so a long media name and its
     * sidecars keep the same base name and every name stays well under the 255-byte limit of
     * common file systems, even with {@code .error.json} appended.
     */
    public static String sanitize(String name) {
        String s = Normalizer.normalize(name, Normalizer.Form.NFC)
                .replaceAll("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]", "")
                .replace('/', '_').replace('\\', '_')
                .replaceAll("\\.{2,}", ".")
                .replaceAll("^[.\\s]+", "")
                .strip();
        if (s.isEmpty()) {
            return "unnamed";
        }
        String suffix = suffixOf(s);
        String stem = capBytes(s.substring(0, s.length() - suffix.length()), MAX_STEM_BYTES);
        return stem.isEmpty() ? "unnamed" + suffix : stem + suffix;
    }

    static final int MAX_STEM_BYTES = 160;

    private static String suffixOf(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String compound : List.of(METADATA_SUFFIX, ".transcript.json")) {
            if (lower.endsWith(compound) && lower.length() > compound.length()) {
                return name.substring(name.length() - compound.length());
            }
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 && name.length() - dot <= 12 ? name.substring(dot) : "";
    }

    /** The longest prefix of {@code s} whose UTF-8 form fits in {@code max} bytes, cut between code points. */
    static String capBytes(String s, int max) {
        if (s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= max) {
            return s;
        }
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes + n > max) {
                break;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return s.substring(0, i).strip();
    }

    /** The name with control characters shown as escapes, for messages. */
    public static String printable(String name) {
        StringBuilder b = new StringBuilder();
        name.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    private static String strip(String name, String suffix) {
        return name.substring(0, name.length() - suffix.length());
    }
}
