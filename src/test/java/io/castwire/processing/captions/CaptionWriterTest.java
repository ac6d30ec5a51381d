package io.castwire.processing.captions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castwire.processing.transcript.TranscriptSegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptionWriterTest {

    @TempDir
    Path folder;

    private final List<TranscriptSegment> segments = Segments.transcript()
            .add(1_000, 3_000, "Hello & welcome, señor.", "Alice")
            .add(4_000, 6_000, "Second cue.")
            .add(61_000, 63_000, "After a minute.")
            .list();

    private final SrtWriter srt = new SrtWriter();
    private final VttWriter vtt = new VttWriter();
    private final SccWriter scc = new SccWriter();

    @Test
    void writesAllThreeFormatsOfTheEpisodeAndLeavesNoTemporaryFiles() throws Exception {
        CaptionFiles files = CaptionFiles.in(folder.resolve("episodes/42"), "episode");

        SccCaptions result = new CaptionWriter(srt, vtt, scc).writeEpisode(segments, files);

        assertThat(files.srt()).hasFileName("episode.srt").content(StandardCharsets.UTF_8).isEqualTo(srt.render(segments))
                .contains("Hello & welcome, señor.");
        assertThat(files.vtt()).hasFileName("episode.vtt").content(StandardCharsets.UTF_8).isEqualTo(vtt.render(segments))
                .contains("<v Alice>Hello &amp; welcome, señor.");
        assertThat(files.scc()).hasFileName("episode.scc").content(StandardCharsets.US_ASCII).isEqualTo(result.text())
                .isEqualTo(scc.render(segments)).startsWith("Scenarist_SCC V1.0\n");
        assertThat(new SccLint().check(Files.readString(files.scc()))).isEmpty();
        assertThat(listing(files.srt().getParent())).containsExactlyInAnyOrder("episode.srt", "episode.vtt", "episode.scc");
    }

    @Test
    void writesAClipTimedFromItsStartOverPreviousFiles() throws Exception {
        CaptionFiles files = CaptionFiles.in(folder, "clip");
        Files.writeString(files.srt(), "old");
        Files.writeString(files.vtt(), "old");
        Files.writeString(files.scc(), "old");

        new CaptionWriter(srt, vtt, scc).writeClip(segments, 60_000, 65_000, files);

        assertThat(files.srt()).content().isEqualTo("""
                1
                00:00:01,000 --> 00:00:03,000
                After a minute.

                """);
        assertThat(files.vtt()).content().isEqualTo(vtt.render(segments, 60_000, 65_000));
        assertThat(SccFile.captions(Files.readString(files.scc()))).singleElement()
                .satisfies(c -> assertThat(DropFrameTimecode.label(c.frame())).isEqualTo("00:00:01;00"));
        assertThat(listing(folder)).containsExactlyInAnyOrder("clip.srt", "clip.vtt", "clip.scc");
    }

    @Test
    void anSccTheLintRefusesLeavesEveryPreviousFileUntouched() throws Exception {
        CaptionFiles files = CaptionFiles.in(folder, "episode");
        Files.writeString(files.srt(), "old srt");
        Files.writeString(files.vtt(), "old vtt");
        Files.writeString(files.scc(), "old scc");
        SccWriter refusing = new SccWriter(new SccLint() {
            @Override
            public List<String> check(String text) {
                return List.of("planted problem");
            }
        });

        assertThatThrownBy(() -> new CaptionWriter(srt, vtt, refusing).writeEpisode(segments, files))
                .isInstanceOf(IllegalStateException.class);

        assertThat(files.srt()).content().isEqualTo("old srt");
        assertThat(files.vtt()).content().isEqualTo("old vtt");
        assertThat(files.scc()).content().isEqualTo("old scc");
        assertThat(listing(folder)).containsExactlyInAnyOrder("episode.srt", "episode.vtt", "episode.scc");
    }

    @Test
    void aFailedMoveRemovesItsTemporaryFile() throws Exception {
        // a folder where the file should be: the move cannot replace a non-empty directory
        Path target = folder.resolve("taken.srt");
        assertThatThrownBy(() -> {
            Files.createDirectories(target.resolve("inside"));
            CaptionWriter.replace(target, "text", StandardCharsets.UTF_8);
        }).isInstanceOf(java.io.IOException.class);

        assertThat(listing(folder)).containsExactly("taken.srt");
    }

    private static List<String> listing(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
