package io.castwire.processing.captions;

import java.nio.file.Path;
import java.util.Objects;

/** Where the three caption formats of one episode or clip go. */
public record CaptionFiles(Path srt, Path vtt, Path scc) {

    public CaptionFiles {
        Objects.requireNonNull(srt, "srt");
        Objects.requireNonNull(vtt, "vtt");
        Objects.requireNonNull(scc, "scc");
    }

    /** {@code <base>.srt}, {@code <base>.vtt} and {@code <base>.scc} in {@code folder}. */
    public static CaptionFiles in(Path folder, String base) {
        return new CaptionFiles(folder.resolve(base + ".srt"), folder.resolve(base + ".vtt"), folder.resolve(base + ".scc"));
    }
}
