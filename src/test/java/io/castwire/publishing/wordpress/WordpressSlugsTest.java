package io.castwire.publishing.wordpress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordpressSlugsTest {

    @TempDir
    Path dir;

    @Test
    void aPostSlugIsStableReadableAndKeepsLookAlikeKeysApart() {
        String slug = WordpressSlugs.post("castwire:night-shift:Ep 01:clip-2");

        assertThat(slug).matches("castwire-night-shift-ep-01-clip-2-[0-9a-f]{10}")
                .isEqualTo(WordpressSlugs.post("castwire:night-shift:Ep 01:clip-2"));
        assertThat(WordpressSlugs.post("castwire:night-shift:ep-01:clip-2")).isNotEqualTo(slug);
        assertThat(WordpressSlugs.post("castwire:s:" + "é".repeat(300))).matches("castwire-s-[0-9a-f]{10}");
        assertThat(WordpressSlugs.post("castwire:s:" + "long-".repeat(100))).hasSizeLessThanOrEqualTo(91).matches("[a-z0-9-]+");
    }

    @Test
    void aFileSlugFollowsTheContent() throws Exception {
        Path a = Files.writeString(dir.resolve("a.vtt"), "WEBVTT\n");
        Path b = Files.writeString(dir.resolve("b.vtt"), "WEBVTT\n");
        Path c = Files.writeString(dir.resolve("c.vtt"), "WEBVTT\n\n");

        assertThat(WordpressSlugs.file("captions-vtt", a)).matches("castwire-captions-vtt-[0-9a-f]{24}")
                .isEqualTo(WordpressSlugs.file("captions-vtt", b))
                .isNotEqualTo(WordpressSlugs.file("captions-vtt", c));
    }
}
