package io.castwire.processing.captions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VttWriterTest {

    private final VttWriter writer = new VttWriter();

    @Test
    void writesHeaderDotMillisecondsAndVoiceTagsForKnownSpeakers() {
        String vtt = writer.render(Segments.transcript()
                .add(1_000, 3_500, "Hello and welcome.", "Alice")
                .add(4_000, 6_250, "This is castwire.")
                .add(6_250, 7_000, "Blank speaker.", "  ")
                .list());

        assertThat(vtt).isEqualTo("""
                WEBVTT

                00:00:01.000 --> 00:00:03.500
                <v Alice>Hello and welcome.

                00:00:04.000 --> 00:00:06.250
                This is castwire.

                00:00:06.250 --> 00:00:07.000
                Blank speaker.

                """);
    }

    @Test
    void escapesAmpersandAndAngleBracketsInTextAndSpeaker() {
        String vtt = writer.render(Segments.transcript()
                .add(0, 2_000, "Tom & Jerry <3 a --> b", "Dr. <Evil> & Co")
                .list());

        assertThat(vtt).isEqualTo("""
                WEBVTT

                00:00:00.000 --> 00:00:02.000
                <v Dr. &lt;Evil&gt; &amp; Co>Tom &amp; Jerry &lt;3 a --&gt; b

                """);
    }

    @Test
    void wrapsOnVisibleTextAndKeepsTheVoiceAcrossLinesAndSplitCues() {
        String vtt = writer.render(Segments.transcript()
                .add(60_000, 72_000, "Castwire wraps every caption line at forty-two characters, and a cue that needs "
                        + "more than two lines becomes two cues.", "Bob")
                .list(), 30_000, CaptionFormatWriter.EPISODE_END);

        // the tag does not count towards the 42 characters; each split cue carries the voice again
        assertThat(vtt).isEqualTo("""
                WEBVTT

                00:00:30.000 --> 00:00:38.172
                <v Bob>Castwire wraps every caption line at
                forty-two characters, and a cue that needs

                00:00:38.172 --> 00:00:42.000
                <v Bob>more than two lines becomes two cues.

                """);
    }
}
