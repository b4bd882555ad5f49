package org.eirnn.task.pycog;

/**
 * An epoch of a pycog trial in time steps: steps {@code from … to−1}. pycog's grid (tasktools.get_epochs_idx, spec
 * peers §1.7) puts step k at time (k+1)·Δt and an epoch (start, end] in ms holds the steps whose time lies in it, so
 * at Δt = 20 ms fixation (0, 100] is steps 0…4 and stimulus (100, 900] steps 5…44.
 */
public record Span(int from, int to) {
    /** Tolerance for ms/Δt ratios that are whole numbers up to rounding (e.g. 0.1 ms steps). */
    private static final double EPS = 1e-9;

    public Span {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("epoch steps [" + from + ", " + to + ") are not valid");
        }
    }

    /** The steps of the epoch (startMs, endMs] on a grid of step dtMs. */
    public static Span of(double startMs, double endMs, double dtMs) {
        return new Span(steps(startMs, dtMs), steps(endMs, dtMs));
    }

    /** Number of grid steps of time ≤ ms: ⌊ms/Δt⌋ (pycog's int(T/dt) for a trial of T ms). */
    public static int steps(double ms, double dtMs) {
        return (int) Math.floor(ms / dtMs + EPS);
    }

    /** pycog's duration draws: x rounded down to a multiple of Δt ((x // dt)·dt). */
    public static double floorToGrid(double ms, double dtMs) {
        return Math.floor(ms / dtMs + EPS) * dtMs;
    }

    public int length() {
        return to - from;
    }

    public boolean contains(int step) {
        return step >= from && step < to;
    }
}
