package io.castwire.processing.synthesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What may be spoken: plain text of a sensible size, in an allowed voice; templates fill in. */
class SpeechTextTest {

    private static final List<String> VOICES = List.of("narrator", "host");

    private static String ok(String text) throws SpeechText.Invalid {
        return SpeechText.validate(text, "narrator", 50, VOICES);
    }

    @Test
    void whitespaceAndControlCharactersAreNormalizedSoTheCacheKeyIsStable() throws Exception {
        assertThat(ok("  Hello,\n\tworld\u0007 \u200b ")).isEqualTo("Hello, world");
        assertThat(SpeechCache.hash(ok("Hello,  world"), "narrator")).isEqualTo(SpeechCache.hash(ok(" Hello, world"), "narrator"))
                .isNotEqualTo(SpeechCache.hash(ok("Hello, world"), "host"));
    }

    @Test
    void emptyTextIsRefused() {
        assertThatThrownBy(() -> ok("   \n ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ok(null)).hasMessageContaining("empty");
    }

    @Test
    void oversizedTextIsRefused() {
        assertThatThrownBy(() -> ok("x".repeat(51))).hasMessageContaining("51 characters").hasMessageContaining("max-characters");
    }

    @Test
    void anUnsupportedVoiceIsRefused() {
        assertThatThrownBy(() -> SpeechText.validate("Hi", "robot", 50, VOICES)).hasMessageContaining("'robot'");
    }

    @Test
    void ssmlAndOtherMarkupIsRefused() {
        for (String attack : List.of("<speak>hi</speak>", "Hi <break time=\"60s\"/>", "a </voice><voice name=\"x\">b",
                "<!-- x -->", "<?xml version='1.0'?>", "< prosody rate='x-slow'>")) {
            assertThatThrownBy(() -> ok(attack)).as(attack).hasMessageContaining("markup");
        }
    }

    @Test
    void angleBracketsThatAreNotTagsAreSpokenAndEscapedForSsml() throws Exception {
        assertThat(ok("3 < 4 & 5 > 2")).isEqualTo("3 < 4 & 5 > 2");
        assertThat(AzureSpeechProvider.ssml("3 < 4 & 'x' > \"y\"", "v"))
                .contains(">3 &lt; 4 &amp; &apos;x&apos; &gt; &quot;y&quot;</voice>");
    }

    @Test
    void templatesFillPlaceholders() {
        assertThat(Templates.render("Welcome to {{show}}: {{ title }}. {{unknown}}!",
                Map.of("show", "Wire Talk", "title", "Episode $1 \\o/"))).isEqualTo("Welcome to Wire Talk: Episode $1 \\o/. !");
    }

    @Test
    void showTemplatesFallBackToTheDefaultThenToBuiltIns() {
        SynthesisProperties p = new SynthesisProperties();
        SynthesisProperties.ShowTemplates own = new SynthesisProperties.ShowTemplates();
        own.setIntro("Own intro for {{show}}");
        p.getTemplates().put("mine", own);

        assertThat(p.templatesOf("mine").getIntro()).isEqualTo("Own intro for {{show}}");
        assertThat(p.templatesOf("mine").getOutro()).isEqualTo(SynthesisProperties.DEFAULT_OUTRO);
        assertThat(p.templatesOf("other").getIntro()).isEqualTo(SynthesisProperties.DEFAULT_INTRO);
        assertThat(p.templatesOf("other").getVoice()).isEqualTo("narrator");
    }

    @Test
    void showsSelectWhereTheStepRuns() {
        SynthesisProperties p = new SynthesisProperties();
        assertThat(p.appliesTo("anything")).isTrue();
        p.setShows(List.of("synth-*", "news"));
        assertThat(p.appliesTo("synth-e2e")).isTrue();
        assertThat(p.appliesTo("news")).isTrue();
        assertThat(p.appliesTo("newsroom")).isFalse();
        p.setEnabled(false);
        assertThat(p.appliesTo("news")).isFalse();
    }
}
