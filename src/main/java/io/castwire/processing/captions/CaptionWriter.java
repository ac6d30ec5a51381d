package io.castwire.processing.captions;

import io.castwire.processing.transcript.TranscriptSegment;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Writes the SRT, WebVTT and SCC captions of an episode or a clip. All three are rendered before any
 * file is touched, so an SCC file the lint refuses leaves the old files as they were; each file is
 * then written next to its target and moved over it atomically, so a reader never sees half a file.
 */
@Component
public class CaptionWriter {

    private final SrtWriter srt;
    private final VttWriter vtt;
    private final SccWriter scc;

    public CaptionWriter(SrtWriter srt, VttWriter vtt, SccWriter scc) {
        this.srt = srt;
        this.vtt = vtt;
        this.scc = scc;
    }

    /** Writes the captions of the whole episode. Returns the SCC result, which lists captions shown late. */
    public SccCaptions writeEpisode(List<TranscriptSegment> segments, CaptionFiles files) throws IOException {
        return writeClip(segments, 0, CaptionFormatWriter.EPISODE_END, files);
    }

    /**
     * Writes the captions of the clip {@code [offsetMillis, clipEndMillis]} of the episode, timed from
     * the start of the clip. Returns the SCC result, which lists captions shown late.
     */
    public SccCaptions writeClip(List<TranscriptSegment> segments, long offsetMillis, long clipEndMillis, CaptionFiles files)
            throws IOException {
        String srtText = srt.render(segments, offsetMillis, clipEndMillis);
        String vttText = vtt.render(segments, offsetMillis, clipEndMillis);
        SccCaptions sccCaptions = scc.captions(segments, offsetMillis, clipEndMillis);
        replace(files.srt(), srtText, StandardCharsets.UTF_8);
        replace(files.vtt(), vttText, StandardCharsets.UTF_8);
        // SCC is hex digits and ASCII by definition
        replace(files.scc(), sccCaptions.text(), StandardCharsets.US_ASCII);
        return sccCaptions;
    }

    static void replace(Path target, String content, Charset charset) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        // same folder, so the move is a rename on one file system
        Path tmp = Files.createTempFile(folder, "." + target.getFileName() + "-", ".tmp");
        try {
            Files.writeString(tmp, content, charset);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
