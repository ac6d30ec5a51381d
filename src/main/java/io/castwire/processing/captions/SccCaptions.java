package io.castwire.processing.captions;

import java.util.List;

/**
 * A written SCC file and the captions that had to appear later than their transcript says.
 *
 * @param text   the SCC file, already checked by {@link SccLint}
 * @param shifts captions moved later because the previous caption's data was still being sent
 */
public record SccCaptions(String text, List<Shift> shifts) {

    public SccCaptions {
        shifts = List.copyOf(shifts);
    }

    /**
     * One caption shown later than asked.
     *
     * @param caption      position of the caption in the file, from 0
     * @param wantedMillis when the transcript wants it on screen (in the output's time)
     * @param shownMillis  when it appears
     */
    public record Shift(int caption, long wantedMillis, long shownMillis, String text) {
    }
}
