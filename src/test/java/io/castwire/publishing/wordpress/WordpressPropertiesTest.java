package io.castwire.publishing.wordpress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class WordpressPropertiesTest {

    @Test
    void bindsTheKeysAsDocumented() {
        WordpressProperties p = new Binder(new MapConfigurationPropertySource(Map.of(
                "castwire.publish.wordpress.enabled", "true",
                "castwire.publish.wordpress.url", "https://blog.example.org/",
                "castwire.publish.wordpress.user", "editor",
                "castwire.publish.wordpress.status", "future",
                "castwire.publish.wordpress.schedule-delay", "30m",
                "castwire.publish.wordpress.upload-media", "true",
                "castwire.publish.wordpress.categories", "3,7",
                "castwire.publish.wordpress.pretty-permalinks", "false",
                "castwire.publish.wordpress.clips", "2")))
                .bind("castwire.publish.wordpress", WordpressProperties.class).get();

        assertThat(p.appliesTo("any-show")).isTrue();
        assertThat(p.configured()).isTrue();
        assertThat(p.getStatus()).isEqualTo(WordpressProperties.Status.FUTURE);
        assertThat(p.getStatus().api()).isEqualTo("future");
        assertThat(p.getScheduleDelay()).isEqualTo(Duration.ofMinutes(30));
        assertThat(p.isUploadMedia()).isTrue();
        assertThat(p.getCategories()).containsExactly(3, 7);
        assertThat(p.isPrettyPermalinks()).isFalse();
        assertThat(p.getClips()).isEqualTo(2);
    }

    @Test
    void defaultsAreOffAndSafe() {
        WordpressProperties p = new WordpressProperties();

        assertThat(p.isEnabled()).isFalse();
        assertThat(p.configured()).isFalse();
        assertThat(p.getPasswordEnv()).isEqualTo("CASTWIRE_WORDPRESS_APP_PASSWORD");
        assertThat(p.getStatus()).isEqualTo(WordpressProperties.Status.PUBLISH);
        assertThat(p.isUploadMedia()).isFalse();
        assertThat(p.getTemplate()).isEqualTo("{description}");
        assertThat(p.isPrettyPermalinks()).isTrue();
    }
}
