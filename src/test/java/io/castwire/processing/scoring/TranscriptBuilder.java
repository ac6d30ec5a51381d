package io.castwire.processing.scoring;

import io.castwire.processing.transcript.TranscriptSegment;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds timed transcripts for the scoring tests: segments follow each other, with pauses where asked. */
final class TranscriptBuilder {

    private static final String[] GENERATED_SENTENCES = {
            "Here's why most people get this completely wrong.",
            "Do you know what happened next?",
            "We spent three months testing it with 200 listeners.",
            "um so yeah and then we kind of moved on",
            "And that was basically it for the morning.",
            "The result was a 40% drop in churn, which was huge.",
            "First, you write down every single expense for a week.",
            "Second, you cut the three biggest ones.",
            "I mean it was sort of fine I guess",
            "That's why the second episode did so much better.",
            "Nobody tells you how scary it is to quit a stable job.",
            "so we just kept going with it",
            "It cost us $12,000 and almost broke the company.",
            "What would you do if you had one year left?",
            "The weather was nice that day, we went for a walk.",
            "Because the team trusted each other, the launch worked.",
            "they were like okay and we were like okay",
            "Honestly it was the best decision we ever made!",
            "Here is how to get your first thousand subscribers.",
            "We talked about the schedule for a while.",
    };

    private final List<TranscriptSegment> segments = new ArrayList<>();
    private long now;

    static TranscriptBuilder startingAt(long millis) {
        TranscriptBuilder builder = new TranscriptBuilder();
        builder.now = millis;
        return builder;
    }

    static TranscriptBuilder transcript() {
        return startingAt(0);
    }

    TranscriptBuilder say(long millis, String text) {
        segments.add(new TranscriptSegment(segments.size(), now, now + millis, text, null));
        now += millis;
        return this;
    }

    TranscriptBuilder sayEach(long millis, String... texts) {
        for (String text : texts) {
            say(millis, text);
        }
        return this;
    }

    TranscriptBuilder pause(long millis) {
        now += millis;
        return this;
    }

    int next() {
        return segments.size();
    }

    List<TranscriptSegment> build() {
        return List.copyOf(segments);
    }

    /**
     * {@code count} segments of 2-5 s of varied sentences (hooks, lists, numbers, filler), 0-600 ms apart,
     * with a 4 s silence every 40 segments or so; the same seed gives the same transcript.
     */
    static List<TranscriptSegment> generated(int count, long seed) {
        Random random = new Random(seed);
        TranscriptBuilder builder = transcript();
        for (int i = 0; i < count; i++) {
            String first = GENERATED_SENTENCES[random.nextInt(GENERATED_SENTENCES.length)];
            String text = random.nextInt(3) == 0
                    ? first + " " + GENERATED_SENTENCES[random.nextInt(GENERATED_SENTENCES.length)]
                    : first;
            builder.say(2_000 + random.nextInt(3_001), text);
            builder.pause(random.nextInt(40) == 0 ? 4_000 : random.nextInt(601));
        }
        return builder.build();
    }
}
