package io.castwire.operations.dashboard;

import io.castwire.episode.ClipRepository;
import io.castwire.processing.scoring.ClipScorer.SegmentScore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The geometry of an episode's score timeline, drawn by the episode page as inline SVG: x is time
 * over the episode, y the segment score (0..1), and below the plot one lane per clip profile with
 * each chosen clip as a band in the profile's colour (shaded over the plot too). Pure: no Spring,
 * no I/O, so the numbers can be checked in a unit test.
 */
public final class ScoreTimeline {

    /** Colours for the profiles, in order; picked to stay apart for the common colour blindnesses. */
    static final String[] PALETTE = {"#1f6fd1", "#d9731a", "#1d9a5b", "#b5338a", "#6a55d4", "#8c6d1f"};

    static final int WIDTH = 1000;
    static final double LEFT = 130;
    static final double RIGHT = 20;
    static final double TOP = 16;
    static final double PLOT_HEIGHT = 150;
    static final double LANE_TOP = TOP + PLOT_HEIGHT + 36;
    static final double LANE_HEIGHT = 24;
    static final double BAND_HEIGHT = 16;
    private static final long[] TICK_STEPS_MS = {1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000,
        300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000};
    private static final int MAX_TICKS = 10;
    private static final long GAP_MS = io.castwire.processing.scoring.ClipScorer.DEFAULT_MAX_GAP_MILLIS;
    /** Bands narrower than this get no rank label inside. */
    static final double LABELLED_WIDTH = 26;

    /** A labelled tick on an axis, at (x, y) in SVG units. */
    public record Tick(double x, double y, String label) {
    }

    /** One profile's lane under the plot. */
    public record Lane(String profile, String colour, double y, double labelY) {
    }

    /** One chosen clip: its band in the profile's lane and its shade over the plot. */
    public record Band(long clipId, String profile, int rank, double x, double y, double width, String colour,
                       String label) {

        /** Whether the band is wide enough for its rank inside it. */
        public boolean labelled() {
            return width >= LABELLED_WIDTH;
        }

        public double textX() {
            return Math.round((x + width / 2) * 10) / 10.0;
        }

        public double textY() {
            return y + BAND_HEIGHT - 4;
        }
    }

    /** What the template draws. */
    public record Svg(int width, int height, double plotLeft, double plotRight, double plotTop, double plotBottom,
                      String areaPath, String linePath, List<Tick> xTicks, List<Tick> yTicks, List<Lane> lanes,
                      List<Band> bands, String description) {

        public double bandHeight() {
            return BAND_HEIGHT;
        }

        public double plotHeight() {
            return plotBottom - plotTop;
        }
    }

    private ScoreTimeline() {
    }

    /**
     * Lays out the timeline.
     *
     * @param durationMs the episode's length; null or 0 when unknown (the last segment or clip end is used)
     * @param scores     the segment scores, in time order
     * @param profiles   the profile names in lane order (enabled profiles first); profiles of clips not in
     *                   the list get lanes after them
     * @param clips      the chosen clips
     */
    public static Svg layout(Long durationMs, List<SegmentScore> scores, List<String> profiles,
                             List<ClipRepository.Clip> clips) {
        long duration = durationMs == null ? 0 : durationMs;
        if (duration <= 0) {
            for (SegmentScore s : scores) {
                duration = Math.max(duration, s.endMillis());
            }
            for (ClipRepository.Clip c : clips) {
                duration = Math.max(duration, c.endMs());
            }
        }
        duration = Math.max(duration, 1_000);
        Map<String, Integer> laneOf = new LinkedHashMap<>();
        for (String p : profiles) {
            laneOf.putIfAbsent(p, laneOf.size());
        }
        for (ClipRepository.Clip c : clips) {
            laneOf.putIfAbsent(c.profile(), laneOf.size());
        }
        double plotRight = WIDTH - RIGHT;
        double plotBottom = TOP + PLOT_HEIGHT;
        Scale x = new Scale(duration, LEFT, plotRight);

        List<Lane> lanes = new ArrayList<>();
        for (Map.Entry<String, Integer> lane : laneOf.entrySet()) {
            double y = LANE_TOP + lane.getValue() * LANE_HEIGHT;
            lanes.add(new Lane(lane.getKey(), colour(lane.getValue()), round(y), round(y + BAND_HEIGHT - 4)));
        }
        List<Band> bands = new ArrayList<>();
        for (ClipRepository.Clip c : clips) {
            int lane = laneOf.get(c.profile());
            double left = x.at(c.startMs());
            double width = Math.max(2, x.at(c.endMs()) - left);
            bands.add(new Band(c.id(), c.profile(), c.rank(), round(left), round(LANE_TOP + lane * LANE_HEIGHT),
                    round(width), colour(lane), String.format(Locale.ROOT, "%s #%d: %s–%s, score %.2f", c.profile(),
                    c.rank(), clock(c.startMs()), clock(c.endMs()), c.score())));
        }
        int height = (int) Math.ceil(LANE_TOP + Math.max(1, laneOf.size()) * LANE_HEIGHT + 8);
        return new Svg(WIDTH, height, LEFT, plotRight, TOP, plotBottom, area(scores, x, plotBottom),
                line(scores, x, plotBottom), xTicks(duration, x, plotBottom), yTicks(plotBottom), lanes, bands,
                describe(duration, scores, clips, laneOf.size()));
    }

    /** Milliseconds as m:ss (h:mm:ss from an hour on), for axis labels and clip times. */
    public static String clock(long ms) {
        long seconds = Math.max(0, ms) / 1000;
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    static String colour(int lane) {
        return PALETTE[lane % PALETTE.length];
    }

    /**
     * The score as a step line: flat over each segment, down to 0 across a silence long enough to end
     * every clip window (shorter pauses between cues are bridged).
     */
    private static List<double[]> steps(List<SegmentScore> scores, Scale x, double bottom) {
        List<double[]> points = new ArrayList<>();
        double lastEnd = x.at(0);
        long lastEndMs = 0;
        points.add(new double[] {lastEnd, bottom});
        for (SegmentScore s : scores) {
            boolean silence = s.startMillis() - lastEndMs > GAP_MS;
            // a short pause belongs to the segment after it, so the line never dips between cues
            double from = silence ? Math.max(x.at(s.startMillis()), lastEnd) : lastEnd;
            double to = Math.max(from, x.at(s.endMillis()));
            double y = bottom - clamp(s.score()) * PLOT_HEIGHT;
            if (silence) {
                points.add(new double[] {lastEnd, bottom});
                points.add(new double[] {from, bottom});
            }
            points.add(new double[] {from, y});
            points.add(new double[] {to, y});
            lastEnd = to;
            lastEndMs = Math.max(lastEndMs, s.endMillis());
        }
        points.add(new double[] {lastEnd, bottom});
        return points;
    }

    private static String area(List<SegmentScore> scores, Scale x, double bottom) {
        return path(steps(scores, x, bottom)) + " Z";
    }

    private static String line(List<SegmentScore> scores, Scale x, double bottom) {
        return path(steps(scores, x, bottom));
    }

    private static String path(List<double[]> points) {
        StringBuilder b = new StringBuilder();
        for (double[] p : points) {
            b.append(b.length() == 0 ? "M" : " L").append(fmt(p[0])).append(' ').append(fmt(p[1]));
        }
        return b.toString();
    }

    private static List<Tick> xTicks(long duration, Scale x, double bottom) {
        long step = TICK_STEPS_MS[TICK_STEPS_MS.length - 1];
        for (long candidate : TICK_STEPS_MS) {
            if (duration / candidate <= MAX_TICKS) {
                step = candidate;
                break;
            }
        }
        List<Tick> ticks = new ArrayList<>();
        for (long t = 0; t <= duration; t += step) {
            ticks.add(new Tick(round(x.at(t)), round(bottom + 18), clock(t)));
        }
        return ticks;
    }

    private static List<Tick> yTicks(double bottom) {
        List<Tick> ticks = new ArrayList<>();
        for (double v : new double[] {0, 0.5, 1}) {
            ticks.add(new Tick(LEFT - 8, round(bottom - v * PLOT_HEIGHT), String.format(Locale.ROOT, "%.1f", v)));
        }
        return ticks;
    }

    private static String describe(long duration, List<SegmentScore> scores, List<ClipRepository.Clip> clips,
                                   int profiles) {
        double best = scores.stream().mapToDouble(SegmentScore::score).max().orElse(0);
        return String.format(Locale.ROOT, "Segment scores over %s (%d segments, best %.2f); %d chosen clip%s in %d "
                + "profile%s shown as coloured bands.", clock(duration), scores.size(), best, clips.size(),
                clips.size() == 1 ? "" : "s", profiles, profiles == 1 ? "" : "s");
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Time to x: milliseconds over the episode onto [left, right]; times past the end stay at the edge. */
    private record Scale(long duration, double left, double right) {
        double at(long ms) {
            return left + (right - left) * Math.max(0, Math.min(duration, ms)) / duration;
        }
    }
}
