package io.castwire.processing.transcript;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TranscriptFormatTest {

    @ParameterizedTest
    @CsvSource({
            "episode.srt, SRT",
            "EPISODE.SRT, SRT",
            "episode.vtt, VTT",
            "Episode.VtT, VTT",
            "episode.transcript.json, CASTWIRE_JSON",
            "EPISODE.Transcript.JSON, CASTWIRE_JSON",
            "/media/in/ep-12.srt, SRT",
    })
    void recognisesTranscriptFileNamesIgnoringCase(String name, TranscriptFormat expected) {
        assertThat(TranscriptFormat.fromFileName(name)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"episode.json", "episode.txt", "episode.srt.bak", "episode.mp3", "srt", ""})
    void rejectsOtherFileNames(String name) {
        assertThat(TranscriptFormat.fromFileName(name)).isEmpty();
    }

    @Test
    void treatsNullAsUnknown() {
        assertThat(TranscriptFormat.fromFileName(null)).isEmpty();
    }
}
