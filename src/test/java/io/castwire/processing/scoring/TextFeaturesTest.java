package io.castwire.processing.scoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TextFeaturesTest {

    @Test
    void danglingFirstWordsMakeAnUncleanStart() {
        assertThat(start("And it was great.", true)).isZero();
        assertThat(start("But the money ran out.", true)).isZero();
        assertThat(start("They said no.", true)).isZero();
        assertThat(start("Um, so we left.", true)).isZero();
        assertThat(start("The money ran out.", true)).isEqualTo(1.0);
        assertThat(start("the money ran out.", false)).isEqualTo(0.5);
        assertThat(start("Um, the money ran out.", true)).isEqualTo(0.5);
        assertThat(start("", true)).isZero();
    }

    @Test
    void sentenceEndsAreRecognised() {
        assertThat(TextFeatures.sentenceEnd("That's it.")).isEqualTo(1.0);
        assertThat(TextFeatures.sentenceEnd("Can you believe it?\"")).isEqualTo(1.0);
        assertThat(TextFeatures.sentenceEnd("Wow!")).isEqualTo(1.0);
        assertThat(TextFeatures.sentenceEnd("and then...")).isEqualTo(0.5);
        assertThat(TextFeatures.sentenceEnd("and then")).isZero();
        assertThat(TextFeatures.sentenceEnd("first,")).isZero();
    }

    @Test
    void openingLineIsTheFirstSentence() {
        assertThat(TextFeatures.firstSentence("Is it 3.5 times faster? Yes. It is.")).isEqualTo("Is it 3.5 times faster?");
        assertThat(TextFeatures.firstSentence("Wait... here's the thing. Then more.")).isEqualTo("Wait... here's the thing.");
        assertThat(TextFeatures.firstSentence("no punctuation at all")).isEqualTo("no punctuation at all");
    }

    @Test
    void capitalisedFirstWordStartsASentenceExceptI() {
        assertThat(TextFeatures.startsCapitalised("\"Nobody knew.", Tokens.of("\"Nobody knew."))).isTrue();
        assertThat(TextFeatures.startsCapitalised("nobody knew", Tokens.of("nobody knew"))).isFalse();
        assertThat(TextFeatures.startsCapitalised("I knew", Tokens.of("I knew"))).isFalse();
        assertThat(TextFeatures.startsCapitalised("", Tokens.of(""))).isFalse();
    }

    @Test
    void paceIsBestAtANaturalSpeakingRate() {
        assertThat(TranscriptIndex.pace(2.3)).isEqualTo(1.0);
        assertThat(TranscriptIndex.pace(3.3)).isEqualTo(1.0);
        assertThat(TranscriptIndex.pace(1.65)).isCloseTo(0.5, within(1e-12));
        assertThat(TranscriptIndex.pace(4.15)).isCloseTo(0.5, within(1e-12));
        assertThat(TranscriptIndex.pace(0.5)).isZero();
        assertThat(TranscriptIndex.pace(6.0)).isZero();
    }

    @Test
    void countsQuestionsListsArousalAndPayoff() {
        String text = "Three things: first, save 20% of $3,000! Why? Because it works, that's why.";
        TextFeatures.Counts counts = TextFeatures.counts(text, Tokens.of(text));

        assertThat(counts.questions()).isEqualTo(1);
        assertThat(counts.listMarkers()).isEqualTo(2); // "three things", "first"
        assertThat(counts.arousal()).isEqualTo(1); // "!"
        // numbers: three, 20, 3, 000, $, % = 6; payoff cues: save, because, that's why = 3
        assertThat(counts.payoff()).isEqualTo(9);
    }

    @Test
    void phrasesMatchWholeWordsOnly() {
        assertThat(Lexicon.PAYOFF.count(Tokens.of("I will show tomorrow"))).isZero();
        assertThat(Lexicon.PAYOFF.count(Tokens.of("How to cook and how to eat"))).isEqualTo(2);
        assertThat(Lexicon.FILLER.count(Tokens.of("so yeah so yeah"))).isEqualTo(2);
    }

    private static double start(String text, boolean atSentenceStart) {
        return TextFeatures.startScore(Tokens.of(text), atSentenceStart);
    }
}
