package io.castwire.processing.scoring;

import io.castwire.processing.transcript.TranscriptSegment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.castwire.processing.scoring.TranscriptBuilder.transcript;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClipRankingTest {

    static final String[] STRONG = {
            "Here's the one thing nobody tells you about saving money: it's not about the budget.",
            "Most people try to cut every small expense and give up after two weeks.",
            "Instead, set one rule: move 20% of every paycheck before you see it.",
            "Because the money leaves first, you never feel tempted to spend it.",
            "I did this for 12 months and saved $4,800 without changing my lifestyle.",
            "The result was incredible: my stress dropped and my savings doubled in a year.",
            "So here's how to start: open a second account today and automate the transfer.",
            "That one habit changed everything for me, and it will work for you too.",
    };

    static final String[] FILLER = {
            "um so yeah and then we kind of went over to the place",
            "and it was like you know kind of whatever I guess",
            "so yeah um I mean we just sort of hung out there for a bit",
            "and then uh they were like okay and we were like okay",
            "um yeah so it was kind of a thing you know what I mean",
            "and then we sort of just talked about stuff for a while",
    };

    static final String[] SLEEP_REST = {
            "I tracked 90 nights and my deep sleep went up by 30 percent.",
            "Because your body learns when to release melatonin, you fall asleep faster.",
            "Try it for two weeks and you will feel the difference.",
    };

    // with 8 s segments only the whole four-segment passage (32 s) fits, so the windows compared are equal
    static final ClipProfile WHOLE_PASSAGE = new ClipProfile("whole-passage", 30_000, 40_000, 32_000);

    private final ClipScorer scorer = new ClipScorer();

    @Test
    void strongPassageBetweenFillerRanksFirst() {
        TranscriptBuilder builder = transcript().sayEach(5_000, FILLER).sayEach(5_000, FILLER);
        int strongFirst = builder.next();
        builder.sayEach(5_000, STRONG);
        int strongLast = builder.next() - 1;
        List<TranscriptSegment> segments = builder.sayEach(5_000, FILLER).sayEach(5_000, FILLER).build();

        List<ScoredClip> clips = scorer.topClips(segments, ClipProfile.defaults().get(ClipProfile.DEFAULT), 3);

        ScoredClip best = clips.get(0);
        assertThat(best.firstSegmentIndex()).isEqualTo(strongFirst);
        assertThat(best.lastSegmentIndex()).isLessThanOrEqualTo(strongLast);
        assertThat(best.openingLine()).isEqualTo(STRONG[0]);
        assertThat(best.features().get("hook")).isCloseTo(0.65, within(1e-9));
        assertThat(best.features().get("selfContained")).isEqualTo(1.0);
        assertThat(best.reason()).startsWith("top: ").contains("hook");
        // the filler-only clips that follow are far behind
        assertThat(clips).hasSize(3);
        assertThat(clips.get(1).score()).isLessThan(best.score() - 0.2);
        assertThat(clips.get(1).features().get("hook")).isZero();
    }

    @Test
    void danglingStartScoresBelowTheSameContentStartingCleanly() {
        String clean = "Turns out the secret to better sleep is boring: the same bedtime every night.";
        List<TranscriptSegment> dangling = transcript().say(8_000, "And it " + clean.toLowerCase())
                .sayEach(8_000, SLEEP_REST).build();
        List<TranscriptSegment> cleanStart = transcript().say(8_000, clean).sayEach(8_000, SLEEP_REST).build();

        ScoredClip danglingClip = scorer.topClips(dangling, WHOLE_PASSAGE, 1).get(0);
        ScoredClip cleanClip = scorer.topClips(cleanStart, WHOLE_PASSAGE, 1).get(0);

        assertThat(danglingClip.features().get("selfContained")).isEqualTo(0.5);
        assertThat(cleanClip.features().get("selfContained")).isEqualTo(1.0);
        assertThat(danglingClip.score()).isLessThan(cleanClip.score());
    }

    @Test
    void danglingPassageRanksBelowCleanPassageInOneTranscript() {
        String clean = "Turns out the secret to better sleep is boring: the same bedtime every night.";
        TranscriptBuilder builder = transcript().say(8_000, "And it " + clean.toLowerCase())
                .sayEach(8_000, SLEEP_REST).pause(10_000);
        int cleanFirst = builder.next();
        List<TranscriptSegment> segments = builder.say(8_000, clean).sayEach(8_000, SLEEP_REST).build();

        List<ScoredClip> clips = scorer.topClips(segments, WHOLE_PASSAGE, 2);

        assertThat(clips).extracting(ScoredClip::firstSegmentIndex).containsExactly(cleanFirst, 0);
    }

    @Test
    void windowEndingOnACompleteSentenceBeatsOneEndingMidSentence() {
        // 4 x 8 s: the only 30-40 s window; the last segment either completes the sentence or breaks off
        List<TranscriptSegment> complete = transcript().say(8_000, "Here's how to fix your sleep in a week.")
                .sayEach(8_000, SLEEP_REST).build();
        List<TranscriptSegment> brokenOff = transcript().say(8_000, "Here's how to fix your sleep in a week.")
                .sayEach(8_000, SLEEP_REST[0], SLEEP_REST[1], "Try it for two weeks and you will feel the")
                .build();

        ScoredClip completeClip = scorer.topClips(complete, WHOLE_PASSAGE, 1).get(0);
        ScoredClip brokenClip = scorer.topClips(brokenOff, WHOLE_PASSAGE, 1).get(0);

        assertThat(completeClip.features().get("selfContained")).isEqualTo(1.0);
        assertThat(brokenClip.features().get("selfContained")).isEqualTo(0.75); // the end half: no sentence end, pause at the end of the transcript
        assertThat(brokenClip.score()).isLessThan(completeClip.score());
    }

    @Test
    void fillerOpeningHasNoHookWhileAStrongOpenerHasAStrongOne() {
        assertThat(hook("um so yeah and then we kind of went over there")).isZero();
        // strong opener 0.30 + "you" 0.20 + surprise ("nobody") 0.15
        assertThat(hook("Here's the one thing nobody tells you about saving money.")).isCloseTo(0.65, within(1e-9));
        // question 0.30 + strong opener 0.30 + number 0.15
        assertThat(hook("Why do 90% of podcasts stop after seven episodes?")).isCloseTo(0.75, within(1e-9));
        // the same, spoiled by fillers: -0.25 for starting with one, -0.10 for each of "um" and "so yeah"
        assertThat(hook("Um, so yeah, why do 90% of podcasts stop?")).isCloseTo(0.30, within(1e-9));
        assertThat(hook("We talked about the schedule for a while.")).isZero();
    }

    @Test
    void reasonNamesTheLargestContributionsAndTheCostliestFeature() {
        double[] good = {0.65, 2 / 3.0, 0.45, 1.0, 1.0, 1.0, 0.87};
        double[] perfect = {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0};

        assertThat(ClipScorer.reason(good))
                .isEqualTo("top: selfContained 1.00, hook 0.65, payoff 1.00; held back by: hook 0.65");
        assertThat(ClipScorer.reason(perfect)).isEqualTo("top: hook 1.00, selfContained 1.00, payoff 1.00");
    }

    private static double hook(String line) {
        return TextFeatures.hook(line, Tokens.of(line));
    }
}
