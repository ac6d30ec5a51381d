package io.castwire.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.castwire.common.CastwireProperties;
import io.castwire.ingest.IngestRejection.Code;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileNamesTest {

    private final FileNames names = new FileNames(new CastwireProperties());

    private InboxFile classify(String relative) throws IngestRejection {
        return names.classify(Path.of(relative));
    }

    @ParameterizedTest(name = "{0} -> {1} .{2}")
    @CsvSource({
            "ep1.mp3,               MEDIA,       mp3,             ep1",
            "EP1.MP3,               MEDIA,       mp3,             EP1",
            "talk.final.m4a,        MEDIA,       m4a,             talk.final",
            "clip.mkv,              MEDIA,       mkv,             clip",
            "ep1.srt,               TRANSCRIPT,  srt,             ep1",
            "ep1.VTT,               TRANSCRIPT,  vtt,             ep1",
            "ep1.transcript.json,   TRANSCRIPT,  transcript.json, ep1",
            "ep1.meta.json,         METADATA,    meta.json,       ep1",
            "ep1.Meta.JSON,         METADATA,    meta.json,       ep1",
            "ep1.json,              UNSUPPORTED, json,            ep1",
            "notes.txt,             UNSUPPORTED, txt,             notes",
            "README,                UNSUPPORTED, '',              README",
    })
    void classifiesByNameEnding(String name, InboxFile.Kind kind, String extension, String baseName) throws Exception {
        InboxFile file = classify(name);

        assertThat(file.kind()).isEqualTo(kind);
        assertThat(file.extension()).isEqualTo(extension);
        assertThat(file.baseName()).isEqualTo(baseName);
        assertThat(file.fileName()).isEqualTo(name);
        assertThat(file.showSlug()).isEqualTo(FileNames.DEFAULT_SHOW);
    }

    @Test
    void mediaExtensionsComeFromTheProperties() throws Exception {
        CastwireProperties properties = new CastwireProperties();
        properties.getIngest().setMediaExtensions(java.util.List.of("OPUS"));
        FileNames custom = new FileNames(properties);

        assertThat(custom.classify(Path.of("ep.opus")).kind()).isEqualTo(InboxFile.Kind.MEDIA);
        assertThat(custom.classify(Path.of("ep.mp3")).kind()).isEqualTo(InboxFile.Kind.UNSUPPORTED);
    }

    @Test
    void fileAtTheInboxRootBelongsToTheDefaultShow() throws Exception {
        assertThat(classify("ep1.mp3").showSlug()).isEqualTo("default");
    }

    @ParameterizedTest(name = "folder \"{0}\" -> {1}")
    @CsvSource({
            "My Show!,          my-show",
            "Café Olé,          cafe-ole",
            "--Tech  &  Talk--, tech-talk",
            "show_2024,         show-2024",
            "ÉCOLE,             ecole",
    })
    void showComesFromTheFolderSlugified(String folder, String slug) throws Exception {
        InboxFile file = classify(folder + "/ep1.mp3");

        assertThat(file.showSlug()).isEqualTo(slug);
        assertThat(FileNames.slug(folder)).isEqualTo(slug);
    }

    @Test
    void slugIsCappedAt100Characters() {
        assertThat(FileNames.slug("a".repeat(150))).hasSize(100);
    }

    @Test
    void fileNestedDeeperThanAShowFolderIsBadLocation() {
        IngestRejection rejection = catchThrowableOfType(IngestRejection.class, () -> classify("My Show/season 1/ep1.mp3"));

        assertThat(rejection).isNotNull();
        assertThat(rejection.code()).isEqualTo(Code.BAD_LOCATION);
        assertThat(rejection.getMessage()).contains("deeper folder");
        assertThat(rejection.hint()).contains("inbox/my-show/");
    }

    @Test
    void folderNameWithoutUsableCharactersIsBadLocation() {
        IngestRejection rejection = catchThrowableOfType(IngestRejection.class, () -> classify("!!!/ep1.mp3"));

        assertThat(rejection).isNotNull();
        assertThat(rejection.code()).isEqualTo(Code.BAD_LOCATION);
        assertThat(rejection.getMessage()).contains("'!!!'").contains("no usable show name");
    }

    @Test
    void folderNameInBadLocationMessageHasControlCharactersEscaped() {
        IngestRejection rejection = catchThrowableOfType(IngestRejection.class, () -> classify("\u001b\u0007/ep1.mp3"));

        assertThat(rejection).isNotNull();
        assertThat(rejection.code()).isEqualTo(Code.BAD_LOCATION);
        assertThat(rejection.getMessage()).contains("'\\u001b\\u0007'").doesNotContain("\u001b");
    }

    @Test
    void classifyKeepsTheOriginalAndSanitizesTheName() throws Exception {
        InboxFile file = classify("show/ep\u00071.mp3");

        assertThat(file.originalName()).isEqualTo("ep\u00071.mp3");
        assertThat(file.fileName()).isEqualTo("ep1.mp3");
        assertThat(file.baseName()).isEqualTo("ep1");
        assertThat(file.nameChanged()).isTrue();
        assertThat(classify("show/ep1.mp3").nameChanged()).isFalse();
    }

    @Test
    void sanitizeRemovesControlCharacters() {
        assertThat(FileNames.sanitize("ep\u0007\u001b1.mp3")).isEqualTo("ep1.mp3");
        assertThat(FileNames.sanitize("ep\t1\n.mp3")).isEqualTo("ep1.mp3");
    }

    @Test
    void sanitizeRemovesFormatCharactersSuchAsRightToLeftOverride() {
        // U+202E would display "evil\u202Egpj.mp3" as "evil3pm.jpg"
        assertThat(FileNames.sanitize("evil\u202Egpj.mp3")).isEqualTo("evilgpj.mp3");
        assertThat(FileNames.sanitize("zero\u200Bwidth.mp3")).isEqualTo("zerowidth.mp3");
    }

    @Test
    void sanitizeCollapsesDotDotAndReplacesSeparators() {
        assertThat(FileNames.sanitize("../../etc/passwd")).isEqualTo("_._etc_passwd").doesNotContain("..").doesNotContain("/");
        assertThat(FileNames.sanitize("a\\b/c.mp3")).isEqualTo("a_b_c.mp3");
        assertThat(FileNames.sanitize("ep1..mp3")).isEqualTo("ep1.mp3");
    }

    @Test
    void sanitizeDropsLeadingDotsAndSpaces() {
        assertThat(FileNames.sanitize(".hidden.mp3")).isEqualTo("hidden.mp3");
        assertThat(FileNames.sanitize(" . ep1.mp3 ")).isEqualTo("ep1.mp3");
    }

    @Test
    void sanitizeNamesAnEmptyResultUnnamed() {
        assertThat(FileNames.sanitize("..")).isEqualTo("unnamed");
        assertThat(FileNames.sanitize("\u0000\u0001")).isEqualTo("unnamed");
    }

    @Test
    void sanitizeNormalisesToNfc() {
        String decomposed = "Cafe\u0301.mp3";

        String sanitized = FileNames.sanitize(decomposed);

        assertThat(sanitized).isEqualTo("Caf\u00e9.mp3").hasSize(8);
    }

    @Test
    void sanitizeKeepsUnicodeLetters() {
        assertThat(FileNames.sanitize("Épisode 1 – 東京.mp3")).isEqualTo("Épisode 1 – 東京.mp3");
    }

    @Test
    void sanitizeCapsTheStemAt160BytesKeepingTheExtension() {
        String name = "a".repeat(296) + ".mp3";

        String sanitized = FileNames.sanitize(name);

        assertThat(sanitized).isEqualTo("a".repeat(160) + ".mp3");
    }

    @Test
    void sanitizeCapsMultiByteNamesByBytesBetweenCodePoints() {
        String sanitized = FileNames.sanitize("é".repeat(125) + ".mp3");

        assertThat(sanitized).isEqualTo("é".repeat(80) + ".mp3");
        assertThat((sanitized + ".error.json").getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(255);
    }

    @Test
    void sanitizeDoesNotTreatALongTailAfterTheLastDotAsExtension() {
        String name = "b".repeat(150) + "." + "c".repeat(150);

        assertThat(FileNames.sanitize(name)).isEqualTo(name.substring(0, 160));
    }

    @Test
    void longSidecarNamesKeepTheirCompoundSuffix() throws Exception {
        String base = "x".repeat(296);

        assertThat(classify(base + ".transcript.json").kind()).isEqualTo(InboxFile.Kind.TRANSCRIPT);
        assertThat(classify(base + ".meta.json").kind()).isEqualTo(InboxFile.Kind.METADATA);
    }

    @Test
    void longMediaAndItsSidecarsKeepTheSameBaseName() throws Exception {
        String base = "x".repeat(296);

        String media = classify(base + ".mp3").baseName();

        assertThat(classify(base + ".srt").baseName()).isEqualTo(media);
        assertThat(classify(base + ".transcript.json").baseName()).isEqualTo(media);
        assertThat(classify(base + ".meta.json").baseName()).isEqualTo(media);
    }

    @Test
    void printableEscapesControlAndFormatCharacters() {
        assertThat(FileNames.printable("ep\u0007\u001b1.mp3")).isEqualTo("ep\\u0007\\u001b1.mp3");
        assertThat(FileNames.printable("a\u202Eb")).isEqualTo("a\\u202eb");
        assertThat(FileNames.printable("Café 東京.mp3")).isEqualTo("Café 東京.mp3");
    }
}
