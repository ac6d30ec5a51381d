package io.castwire.publishing.wordpress;

import static org.assertj.core.api.Assertions.assertThat;

import io.castwire.publishing.delivery.PublishItem;
import io.castwire.publishing.delivery.PublishItem.ClipLink;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordpressPostHtmlTest {

    @Test
    void metadataIsEscapedAndOnlyWebUrlsAreLinked() {
        PublishItem item = new PublishItem(1, 1, 0, "castwire:s:b", "s", "S", "t", "d", "https://hub.example/a.mp3",
                null, null, "audio/mpeg", 1000, null, List.of(), "javascript:alert(1)", "https://hub.example/t.txt?a=1&b='2'",
                List.of(new ClipLink(1, 1, "default", "/relative.mp4", 0, 1000, "<img src=x onerror=alert(1)>")), null, null);

        String html = WordpressPostHtml.render(item, "<script>alert(1)</script>\nline two\n\nnext", item.url(),
                List.of(new WordpressPostHtml.Caption("VTT", "https://hub.example/c.vtt")));

        assertThat(html).startsWith("<!-- wp:html -->\n").endsWith("<!-- /wp:html -->\n")
                .contains("<audio controls preload=\"metadata\" src=\"https://hub.example/a.mp3\"></audio>")
                .contains("<p>&lt;script&gt;alert(1)&lt;/script&gt;<br>line two</p>\n<p>next</p>")
                .contains("<a href=\"https://hub.example/t.txt?a=1&amp;b=&#39;2&#39;\">Transcript</a>")
                .doesNotContain("<script").doesNotContain("javascript:").doesNotContain("/relative.mp4")
                .doesNotContain("<track").doesNotContain("Clips");
    }

    @Test
    void videoIsToldByMediaTypeElseByExtension() {
        assertThat(WordpressPostHtml.isVideo("video/mp4", "https://h/x.mp3")).isTrue();
        assertThat(WordpressPostHtml.isVideo("audio/mpeg", "https://h/x.mp4")).isFalse();
        assertThat(WordpressPostHtml.isVideo(null, "https://h/clip.MP4?x=1")).isTrue();
        assertThat(WordpressPostHtml.isVideo(null, "https://h/clip.m4a")).isFalse();
        assertThat(WordpressPostHtml.isVideo(null, "not a url")).isFalse();
    }

    @Test
    void shortcodesInMetadataNeverRun() {
        assertThat(WordpressPostHtml.text("Listen [contact-form-7 id=\"1\"] now"))
                .isEqualTo("Listen &#91;contact-form-7 id=\"1\"&#93; now");
    }
}
