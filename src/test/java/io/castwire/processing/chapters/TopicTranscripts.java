package io.castwire.processing.chapters;

import io.castwire.processing.transcript.TranscriptSegment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates spoken-style transcripts on fixed topics: every sentence mixes two or three topic words into
 * conversational templates whose other words (and filler) are shared by all topics, so topics differ only in
 * their vocabulary, as in a real episode. The same seed gives the same transcript.
 */
final class TopicTranscripts {

    enum Topic {
        COOKING(new String[] {"recipe", "kitchen", "oven", "garlic", "onions", "flour", "butter", "pasta", "sauce",
                "chef", "dough", "spices", "frying pan", "tomatoes", "bread", "dinner", "ingredients", "olive oil"},
                new String[] {"bake", "chop", "simmer", "season", "roast", "stir"}),
        FOOTBALL(new String[] {"football", "match", "goal", "striker", "goalkeeper", "referee", "penalty", "stadium",
                "league", "coach", "defender", "midfield", "fans", "season", "tactics", "pitch", "transfer",
                "tournament"},
                new String[] {"score", "tackle", "defend", "train", "shoot", "substitute"}),
        ASTRONOMY(new String[] {"telescope", "galaxy", "planets", "stars", "orbit", "nebula", "astronauts",
                "rocket", "moon", "comet", "gravity", "black hole", "solar system", "universe", "observatory",
                "asteroid", "spacecraft", "light years"},
                new String[] {"observe", "launch", "measure", "photograph", "explore", "map"});

        private final String[] nouns;
        private final String[] verbs;

        Topic(String[] nouns, String[] verbs) {
            this.nouns = nouns;
            this.verbs = verbs;
        }

        /** Every word of the topic's vocabulary, lower case. */
        Set<String> words() {
            Set<String> words = new HashSet<>();
            for (String[] list : List.of(nouns, verbs)) {
                for (String entry : list) {
                    words.addAll(List.of(entry.split(" ")));
                }
            }
            return words;
        }
    }

    private static final String[] TEMPLATES = {
            "So the %1$s was honestly amazing, and the %2$s too.",
            "I think the %1$s and the %2$s matter more than most listeners expect.",
            "You really need a decent %1$s before you even worry about the %2$s.",
            "We tried to %3$s with the %1$s last week and it was a complete mess.",
            "Honestly the %1$s is what makes the whole %2$s work in the end.",
            "Then you %3$s it, and you check the %2$s again.",
            "My favourite part is the %1$s, especially with the %2$s.",
            "That %1$s changed how I see %2$s completely.",
            "um yeah, and then the %1$s, you know, the %2$s thing.",
            "A listener wrote in asking how to %3$s when the %1$s is not ready.",
            "People underestimate the %1$s, and the %2$s, and how long it takes to %3$s properly.",
            "Right, so let's move on to the %1$s for a minute.",
            "If the %1$s goes wrong, the %2$s and the %4$s go wrong with it.",
            "Every single time I %3$s, I learn something new about the %1$s.",
            "My dad always said the %1$s tells you everything about the %2$s.",
            "The trick is to %3$s slowly and keep an eye on the %1$s.",
            "Nobody talks about the %1$s, but the %2$s depends on it.",
            "Okay, picture this: a huge %1$s, a tiny %2$s, and nobody around to %3$s.",
            "Is the %1$s overrated? I genuinely wonder about the %2$s sometimes.",
            "The first time I saw a %1$s up close I was speechless.",
            "You can %3$s without a %1$s, but the %2$s will suffer.",
            "Our producer hates the %1$s, which is funny given the %2$s.",
    };

    /** Asides that carry no topic: speech is full of them, and they share words across every topic. */
    private static final String[] ASIDES = {
            "Anyway, where was I?", "That reminds me of my cousin in Leeds.", "Sorry, my phone keeps buzzing.",
            "We should probably mention the newsletter at some point.", "It was a rainy Tuesday, I remember that.",
            "Let me grab some water quickly.", "My neighbour would disagree, of course.",
            "I could go on for hours about this.", "Remember to leave us a review, by the way.",
            "That sounds silly now, but it felt serious back then.", "Hold on, let me find my notes.",
            "I was laughing so hard I nearly cried.", "This might be controversial, but whatever.",
            "We got a lovely email about that from Canada.", "The train was late again this morning.",
            "Fair enough, I take your point.", "It's funny how memory works.", "Let's not get distracted.",
            "Honestly, my sister explains it better than me.", "I promise this story has an ending.",
    };

    private final Random random;
    private final List<TranscriptSegment> segments = new ArrayList<>();
    private final List<Long> topicStarts = new ArrayList<>();
    private long now;

    private TopicTranscripts(long seed) {
        this.random = new Random(seed);
    }

    static TopicTranscripts seed(long seed) {
        return new TopicTranscripts(seed);
    }

    /**
     * Adds segments of 3-9 s (0-600 ms apart) on one topic until the next would start after {@code seconds} more;
     * the topic's first segment starts where the previous topic's last one ended.
     */
    TopicTranscripts talk(Topic topic, long seconds) {
        long until = now + seconds * 1000;
        topicStarts.add(now);
        while (now < until) {
            String text = sentence(topic);
            if (random.nextInt(3) == 0) {
                text = text + " " + sentence(topic);
            }
            if (random.nextInt(4) == 0) {
                text = random.nextBoolean() ? ASIDES[random.nextInt(ASIDES.length)] + " " + text
                        : text + " " + ASIDES[random.nextInt(ASIDES.length)];
            }
            long millis = 3_000 + random.nextInt(6_000);
            String speaker = random.nextBoolean() ? "A" : "B";
            segments.add(new TranscriptSegment(segments.size(), now, now + millis, text, speaker));
            now += millis + random.nextInt(600);
        }
        return this;
    }

    /** Where each topic's first segment starts, in order. */
    List<Long> topicStarts() {
        return List.copyOf(topicStarts);
    }

    long durationMillis() {
        return now;
    }

    List<TranscriptSegment> segments() {
        return List.copyOf(segments);
    }

    private String sentence(Topic topic) {
        String template = TEMPLATES[random.nextInt(TEMPLATES.length)];
        return String.format(template, noun(topic), noun(topic), topic.verbs[random.nextInt(topic.verbs.length)],
                noun(topic));
    }

    private String noun(Topic topic) {
        return topic.nouns[random.nextInt(topic.nouns.length)];
    }
}
