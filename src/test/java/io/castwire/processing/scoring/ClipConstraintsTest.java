package io.castwire.processing.scoring;

import io.castwire.processing.transcript.TranscriptSegment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static io.castwire.processing.scoring.TranscriptBuilder.transcript;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ClipConstraintsTest {

    // about 20 minutes
    private static final List<TranscriptSegment> TWENTY_MINUTES = TranscriptBuilder.generated(330, 7);
    private static final ClipProfile DEFAULT = ClipProfile.defaults().get(ClipProfile.DEFAULT);

    private final ClipScorer scorer = new ClipScorer();

    @Test
    void clipsOfOneProfileNeverOverlap() {
        for (ClipProfile profile : ClipProfile.defaults().values()) {
            List<ScoredClip> clips = scorer.topClips(TWENTY_MINUTES, profile, 10);

            assertThat(clips).as(profile.name()).hasSize(10);
            for (int i = 0; i < clips.size(); i++) {
                for (int j = i + 1; j < clips.size(); j++) {
                    ScoredClip a = clips.get(i);
                    ScoredClip b = clips.get(j);
                    assertThat(a.startMillis() < b.endMillis() && b.startMillis() < a.endMillis())
                            .as("%s: %s overlaps %s", profile.name(), a, b).isFalse();
                    assertThat(a.firstSegmentIndex() <= b.lastSegmentIndex()
                            && b.firstSegmentIndex() <= a.lastSegmentIndex()).isFalse();
                }
            }
        }
    }

    @Test
    void strongPassageIsChosenOnceNotThreeTimesWithDifferentEnds() {
        List<TranscriptSegment> segments = transcript().sayEach(5_000, ClipRankingTest.FILLER)
                .sayEach(5_000, ClipRankingTest.STRONG).sayEach(5_000, ClipRankingTest.FILLER).build();

        List<ScoredClip> clips = scorer.topClips(segments, DEFAULT, 3);

        assertThat(clips).filteredOn(c -> c.text().contains("nobody tells you")).hasSize(1);
    }

    @Test
    void clipsStartAndEndOnSegmentBoundaries() {
        Map<String, List<ScoredClip>> byProfile = scorer.topClips(TWENTY_MINUTES);

        byProfile.values().stream().flatMap(List::stream).forEach(clip -> {
            TranscriptSegment first = TWENTY_MINUTES.get(clip.firstSegmentIndex());
            TranscriptSegment last = TWENTY_MINUTES.get(clip.lastSegmentIndex());
            assertThat(clip.startMillis()).isEqualTo(first.startMillis());
            assertThat(clip.endMillis()).isEqualTo(last.endMillis());
            assertThat(clip.text()).isEqualTo(TWENTY_MINUTES.subList(clip.firstSegmentIndex(), clip.lastSegmentIndex() + 1)
                    .stream().map(TranscriptSegment::text).collect(Collectors.joining(" ")));
        });
    }

    @Test
    void everyClipFitsTheLengthLimitsOfItsProfile() {
        Map<String, List<ScoredClip>> byProfile = scorer.topClips(TWENTY_MINUTES, ClipProfile.defaults().values(), 8);

        assertThat(byProfile).containsOnlyKeys(ClipProfile.defaults().keySet());
        byProfile.forEach((name, clips) -> {
            ClipProfile profile = ClipProfile.defaults().get(name);
            assertThat(clips).as(name).hasSize(8).allSatisfy(clip -> {
                assertThat(clip.profile()).isEqualTo(name);
                assertThat(clip.durationMillis()).isBetween(profile.minMillis(), profile.maxMillis());
            });
        });
    }

    @Test
    void scoresAndFeaturesAreInTheUnitIntervalAndTheScoreIsTheWeightedSum() {
        scorer.topClips(TWENTY_MINUTES, ClipProfile.defaults().values(), 10).values().stream()
                .flatMap(List::stream).forEach(clip -> {
                    assertThat(clip.score()).isBetween(0.0, 1.0);
                    assertThat(clip.features().keySet())
                            .containsExactly("hook", "structure", "arousal", "payoff", "pace", "selfContained", "lengthFit");
                    assertThat(clip.features().values()).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
                    double weighted = 0.0;
                    for (ClipFeature feature : ClipFeature.values()) {
                        weighted += feature.weight() * clip.features().get(feature.key());
                    }
                    assertThat(clip.score()).isCloseTo(weighted, within(1e-12));
                });
    }

    @Test
    void clipsAreRankedBestFirst() {
        List<ScoredClip> clips = scorer.topClips(TWENTY_MINUTES, DEFAULT, 10);

        assertThat(clips).extracting(ScoredClip::score).isSortedAccordingTo(Collections.reverseOrder());
    }

    @Test
    void sameInputGivesTheSameClipsAndInputOrderDoesNotMatter() {
        List<TranscriptSegment> shuffled = new ArrayList<>(TWENTY_MINUTES);
        Collections.shuffle(shuffled, new Random(42));

        Map<String, List<ScoredClip>> first = scorer.topClips(TWENTY_MINUTES);
        Map<String, List<ScoredClip>> again = new ClipScorer().topClips(TWENTY_MINUTES);
        Map<String, List<ScoredClip>> fromShuffled = scorer.topClips(shuffled);

        assertThat(again).isEqualTo(first);
        assertThat(fromShuffled).isEqualTo(first);
    }

    @Test
    void equalScoresAreBrokenByTheEarlierStart() {
        String[] passage = {"Here's why you should start today.", "It takes 5 minutes and saves you $100."};
        List<TranscriptSegment> segments = transcript().sayEach(7_000, passage).pause(10_000)
                .sayEach(7_000, passage).pause(10_000).sayEach(7_000, passage).build();

        List<ScoredClip> clips = scorer.topClips(segments, DEFAULT, 3);

        assertThat(clips).extracting(ScoredClip::score).containsOnly(clips.get(0).score());
        assertThat(clips).extracting(ScoredClip::firstSegmentIndex).containsExactly(0, 2, 4);
    }

    @Test
    void topNIsRespected() {
        assertThat(scorer.topClips(TWENTY_MINUTES, DEFAULT, 1)).hasSize(1);
        assertThat(scorer.topClips(TWENTY_MINUTES, DEFAULT, 5)).hasSize(5);
        assertThat(scorer.topClips(TWENTY_MINUTES, DEFAULT, 0)).isEmpty();
        assertThat(scorer.topClips(TWENTY_MINUTES).values()).allSatisfy(clips -> assertThat(clips).hasSize(3));
        // fewer windows than asked for: as many as do not overlap
        List<TranscriptSegment> one = transcript().say(20_000, "Here's the whole story.").build();
        assertThat(scorer.topClips(one, DEFAULT, 3)).hasSize(1);
        assertThatThrownBy(() -> scorer.topClips(TWENTY_MINUTES, DEFAULT, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transcriptTooShortForAnyClipGivesNoClips() {
        List<TranscriptSegment> short9s = transcript().sayEach(3_000, "Hi.", "Welcome to the show.", "Let's go!").build();

        Map<String, List<ScoredClip>> clips = scorer.topClips(short9s);

        assertThat(clips).containsOnlyKeys(ClipProfile.defaults().keySet());
        assertThat(clips.values()).allSatisfy(list -> assertThat(list).isEmpty());
        assertThat(scorer.topClips(List.of()).values()).allSatisfy(list -> assertThat(list).isEmpty());
    }

    @Test
    void oneLongSegmentIsAClipWhereItFits() {
        List<TranscriptSegment> one = transcript().say(20_000, "Here's the whole story in one breath.").build();

        Map<String, List<ScoredClip>> clips = scorer.topClips(one);

        assertThat(clips.get(ClipProfile.DEFAULT)).singleElement()
                .satisfies(clip -> assertThat(clip.durationMillis()).isEqualTo(20_000));
        assertThat(clips.get(ClipProfile.LINKEDIN)).isEmpty();
    }

    @Test
    void aWindowLongerThanTheMaximumIsNeverAClip() {
        // one strong 70 s segment: too long for default (60 s), fine for youtube-shorts (180 s)
        List<TranscriptSegment> long70s = transcript()
                .say(70_000, "Here's why you should never skip this: it saved me $10,000 in 3 years!").build();

        Map<String, List<ScoredClip>> clips = scorer.topClips(long70s);

        assertThat(clips.get(ClipProfile.DEFAULT)).isEmpty();
        assertThat(clips.get(ClipProfile.TIKTOK)).isEmpty();
        assertThat(clips.get(ClipProfile.YOUTUBE_SHORTS)).singleElement()
                .satisfies(clip -> assertThat(clip.durationMillis()).isEqualTo(70_000));
    }

    @Test
    void zeroLengthAndOverlappingSegmentsGiveValidClips() {
        TranscriptBuilder builder = transcript();
        for (int i = 0; i < 40; i++) {
            builder.say(i % 3 == 0 ? 0 : 4_000, "Sentence number " + i + " is here.");
        }
        List<TranscriptSegment> withZeroLength = builder.build();
        List<TranscriptSegment> overlapping = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // each starts 1 s before the previous one ends
            overlapping.add(new TranscriptSegment(i, i * 3_000L, i * 3_000L + 4_000, "Point " + i + " matters.", null));
        }

        for (List<TranscriptSegment> segments : List.of(withZeroLength, overlapping)) {
            for (ClipProfile profile : ClipProfile.defaults().values()) {
                List<ScoredClip> clips = scorer.topClips(segments, profile, 3);
                assertThat(clips).isNotEmpty().allSatisfy(clip -> {
                    assertThat(clip.durationMillis()).isBetween(profile.minMillis(), profile.maxMillis());
                    assertThat(clip.score()).isBetween(0.0, 1.0);
                });
                for (int i = 0; i < clips.size(); i++) {
                    for (int j = i + 1; j < clips.size(); j++) {
                        assertThat(clips.get(i).startMillis() < clips.get(j).endMillis()
                                && clips.get(j).startMillis() < clips.get(i).endMillis()).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void aLongSilenceBreaksWindows() {
        // two 10 s halves: only a window over both reaches the 12 s minimum
        List<TranscriptSegment> longSilence = transcript().sayEach(5_000, "One.", "Two.").pause(3_500)
                .sayEach(5_000, "Three.", "Four.").build();
        List<TranscriptSegment> shortPause = transcript().sayEach(5_000, "One.", "Two.").pause(2_500)
                .sayEach(5_000, "Three.", "Four.").build();

        assertThat(scorer.topClips(longSilence, DEFAULT, 3)).isEmpty();
        assertThat(scorer.topClips(shortPause, DEFAULT, 3)).isNotEmpty();
        assertThat(new ClipScorer(5_000).topClips(longSilence, DEFAULT, 3)).isNotEmpty();
    }

    @Test
    void duplicateProfileNamesAreRejected() {
        assertThatThrownBy(() -> scorer.topClips(TWENTY_MINUTES, List.of(DEFAULT, DEFAULT), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("default");
    }
}
