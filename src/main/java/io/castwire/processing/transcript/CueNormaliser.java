package io.castwire.processing.transcript;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The clean-up every format gets, so downstream steps see the same shape whatever the producer sent. */
final class CueNormaliser {

    private CueNormaliser() {
    }

    /**
     * Validates times, cleans text, drops empty cues, sorts by start and indexes from 0.
     *
     * @param warnings receives a line for each repair made
     */
    static List<TranscriptSegment> normalise(List<RawCue> cues, List<String> warnings) throws TranscriptParseException {
        List<RawCue> kept = new ArrayList<>(cues.size());
        for (RawCue cue : cues) {
            checkTimes(cue);
            String text = Text.collapse(cue.text());
            if (!text.isEmpty()) {
                String speaker = Text.collapse(cue.speaker());
                kept.add(new RawCue(cue.startMillis(), cue.endMillis(), text, speaker.isEmpty() ? null : speaker, cue.label()));
            }
        }
        int dropped = cues.size() - kept.size();
        if (dropped > 0) {
            warnings.add("dropped " + Text.count(dropped, "empty cue"));
        }
        if (kept.isEmpty()) {
            throw new TranscriptParseException("the transcript contains no captions/segments"
                    + (dropped > 0 ? " (all " + Text.count(dropped, "cue") + " are empty)" : ""));
        }
        if (!isSortedByStart(kept)) {
            // stable, so cues starting together keep their order from the file
            kept.sort(Comparator.comparingLong(RawCue::startMillis));
            warnings.add("cues were not in time order; sorted them by start time");
        }
        int overlapping = countOverlapping(kept);
        if (overlapping > 0) {
            warnings.add(overlapping == 1
                    ? "1 cue overlaps an earlier cue; kept as it is"
                    : overlapping + " cues overlap earlier cues; kept as they are");
        }
        List<TranscriptSegment> segments = new ArrayList<>(kept.size());
        for (RawCue cue : kept) {
            segments.add(new TranscriptSegment(segments.size(), cue.startMillis(), cue.endMillis(), cue.text(), cue.speaker()));
        }
        return segments;
    }

    private static void checkTimes(RawCue cue) throws TranscriptParseException {
        if (cue.startMillis() < 0 || cue.endMillis() < 0) {
            throw new TranscriptParseException(cue.label() + " has a negative time");
        }
        if (cue.endMillis() < cue.startMillis()) {
            throw new TranscriptParseException(cue.label() + " ends at " + Text.time(cue.endMillis())
                    + ", before it starts at " + Text.time(cue.startMillis()));
        }
    }

    private static boolean isSortedByStart(List<RawCue> cues) {
        for (int i = 1; i < cues.size(); i++) {
            if (cues.get(i).startMillis() < cues.get(i - 1).startMillis()) {
                return false;
            }
        }
        return true;
    }

    /** Counts cues starting before some earlier cue has ended; a cue may overlap one further back than its neighbour. */
    private static int countOverlapping(List<RawCue> sorted) {
        int overlapping = 0;
        long latestEnd = Long.MIN_VALUE;
        for (RawCue cue : sorted) {
            if (cue.startMillis() < latestEnd) {
                overlapping++;
            }
            latestEnd = Math.max(latestEnd, cue.endMillis());
        }
        return overlapping;
    }
}
