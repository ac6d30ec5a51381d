package io.castwire.processing.chapters;

import io.castwire.processing.chapters.ChapterTerms.Word;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChapterTermsTest {

    @Test
    void keepsLowerCasedContentWordsAndDropsStopWordsFillerNumbersAndShortWords() {
        assertThat(ChapterTerms.words("Well, Grandma\u2019s RECIPES are the best-kept secret in 2024, um, OK?"))
                .containsExactly(new Word("grandma", false), new Word("recipes", true), new Word("best", false),
                        new Word("kept", false), new Word("secret", true));
    }

    @Test
    void aTextOfOnlyFillerHasNoWords() {
        assertThat(ChapterTerms.words("Um, yeah, you know, I mean... okay!")).isEmpty();
        assertThat(ChapterTerms.words("")).isEmpty();
    }

    @Test
    void foldsRegularPluralsOnly() {
        assertThat(ChapterTerms.stem("recipes")).isEqualTo("recipe");
        assertThat(ChapterTerms.stem("galaxies")).isEqualTo("galaxy");
        assertThat(ChapterTerms.stem("glasses")).isEqualTo("glass");
        assertThat(ChapterTerms.stem("dishes")).isEqualTo("dish");
        assertThat(ChapterTerms.stem("boxes")).isEqualTo("box");
        assertThat(ChapterTerms.stem("stars")).isEqualTo(ChapterTerms.stem("star"));
        assertThat(ChapterTerms.stem("status")).isEqualTo("status");
        assertThat(ChapterTerms.stem("analysis")).isEqualTo("analysis");
        assertThat(ChapterTerms.stem("cooking")).isEqualTo("cooking");
    }
}
