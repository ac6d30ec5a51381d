package io.castwire.processing.captions;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMPTE drop-frame timecode at 29.97 (30000/1001) frames a second, written {@code HH:MM:SS;FF}.
 *
 * <p>Frames are counted from zero. The labels skip frame numbers 00 and 01 at the start of every
 * minute except minutes divisible by ten, which keeps the label within a few frames of the real time:
 * ten minutes are 17982 frames, nine minutes of 1798 labels and one of 1800.
 */
public final class DropFrameTimecode {

    static final int FRAMES_PER_10_MINUTES = 17_982;
    static final int FRAMES_PER_DROPPED_MINUTE = 1_798;
    private static final Pattern LABEL = Pattern.compile("(\\d{2}):(\\d{2}):(\\d{2});(\\d{2})");

    private DropFrameTimecode() {
    }

    /** The frame shown at {@code millis}: {@code round(millis * 30000/1001 / 1000)}. */
    public static long framesFromMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("negative time: " + millis);
        }
        // millis * 30 / 1001, rounded half up, in integers so two hours cannot collect a float error
        return (millis * 60 + 1001) / 2002;
    }

    /** The start of {@code frames} in milliseconds, rounded to the nearest millisecond. */
    public static long millisFromFrames(long frames) {
        return (frames * 2002 + 30) / 60;
    }

    /** The drop-frame label of a frame count. */
    public static String label(long frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("negative frame count: " + frames);
        }
        long tens = frames / FRAMES_PER_10_MINUTES;
        long rest = frames % FRAMES_PER_10_MINUTES;
        // the first minute of every ten keeps all 1800 labels; each later one starts at label ;02
        long skipped = 18 * tens + (rest < 2 ? 0 : 2 * ((rest - 2) / FRAMES_PER_DROPPED_MINUTE));
        long n = frames + skipped;
        return String.format(Locale.ROOT, "%02d:%02d:%02d;%02d", n / 108_000, n / 1800 % 60, n / 30 % 60, n % 30);
    }

    /** The frame count of a drop-frame label; refuses a malformed label or a frame number that is dropped. */
    public static long frames(String label) {
        String problem = problem(label);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Matcher m = LABEL.matcher(label);
        m.matches();
        long hours = Long.parseLong(m.group(1));
        long minutes = Long.parseLong(m.group(2));
        long seconds = Long.parseLong(m.group(3));
        long frame = Long.parseLong(m.group(4));
        long totalMinutes = hours * 60 + minutes;
        return (hours * 3600 + minutes * 60 + seconds) * 30 + frame - 2 * (totalMinutes - totalMinutes / 10);
    }

    /** What is wrong with a label, or {@code null} when it is a valid drop-frame label. */
    public static String problem(String label) {
        Matcher m = LABEL.matcher(label);
        if (!m.matches()) {
            return "'" + label + "' is not a drop-frame timecode HH:MM:SS;FF";
        }
        int minutes = Integer.parseInt(m.group(2));
        int seconds = Integer.parseInt(m.group(3));
        int frame = Integer.parseInt(m.group(4));
        if (minutes > 59 || seconds > 59 || frame > 29) {
            return "'" + label + "' is out of range";
        }
        if (seconds == 0 && frame < 2 && minutes % 10 != 0) {
            return "'" + label + "' does not exist in drop-frame time: frames 00 and 01 are skipped at minute " + minutes;
        }
        return null;
    }
}
