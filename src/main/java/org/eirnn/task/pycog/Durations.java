package org.eirnn.task.pycog;

import org.eirnn.rng.RandomKey;

/**
 * pycog's epoch-duration draws (tasktools.uniform, truncated_exponential; spec peers §1.7), rounded down to a
 * multiple of Δt as pycog does, from the TASK stream of the trial: counter step {@value #FIRST_STEP} + attempt, unit
 * {@value #UNIT}.
 */
final class Durations {
    static final int FIRST_STEP = 1;
    static final int UNIT = 0;
    /** Rejection sampling gives up after this many attempts (the acceptance probability of pycog's draws is > 0.2). */
    private static final int MAX_ATTEMPTS = 10_000;

    private Durations() {
    }

    /** An exponential of mean {@code meanMs}, redrawn until in [minMs, maxMs), then rounded down to the grid. */
    static double truncatedExponential(RandomKey key, long trial, double meanMs, double minMs, double maxMs,
                                       double dtMs) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            double x = -meanMs * Math.log(key.uniform(trial, FIRST_STEP + attempt, UNIT));
            if (x >= minMs && x < maxMs) {
                return Math.min(Span.floorToGrid(x, dtMs), longestBelow(maxMs, dtMs));
            }
        }
        throw new IllegalStateException("truncated exponential draw did not land in [" + minMs + ", " + maxMs + ")");
    }

    /** U(minMs, maxMs) rounded down to the grid. */
    static double uniform(RandomKey key, long trial, double minMs, double maxMs, double dtMs) {
        double x = minMs + (maxMs - minMs) * key.uniform(trial, FIRST_STEP, UNIT);
        return Math.min(Span.floorToGrid(x, dtMs), longestBelow(maxMs, dtMs));
    }

    /** The largest grid duration a draw below {@code maxMs} (exclusive) can give. */
    static double longestBelow(double maxMs, double dtMs) {
        double d = Span.floorToGrid(maxMs, dtMs);
        return d >= maxMs ? d - dtMs : d;
    }
}
