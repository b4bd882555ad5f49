package org.eirnn.task.pycog;

import org.eirnn.task.TrialBatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Assertions on one trial's rows of a batch. */
final class TrialChecks {
    private TrialChecks() {
    }

    /**
     * Row {@code c} of trial {@code b} in {@code a} (inputs when {@code outputs} is 0, else a target array) equals
     * {@code runs} ({from, to, value} each) and 0 elsewhere.
     */
    static void assertChannel(double[] a, TrialBatch batch, int b, int c, int outputs, int steps, double[][] runs) {
        int channels = outputs == 0 ? batch.inputs() : batch.outputs();
        assertEquals(steps, batch.steps());
        for (int t = 0; t < steps; t++) {
            double expected = 0;
            for (double[] run : runs) {
                if (t >= run[0] && t < run[1]) {
                    expected = run[2];
                }
            }
            assertEquals(expected, a[(b * channels + c) * steps + t], 1e-12, "channel " + c + " step " + t);
        }
    }

    /** The mask of trial {@code b} is 1 on every channel over {@code spans} ({from, to}) and 0 elsewhere. */
    static void assertMask(TrialBatch batch, int b, int[][] spans) {
        for (int c = 0; c < batch.outputs(); c++) {
            for (int t = 0; t < batch.steps(); t++) {
                double expected = 0;
                for (int[] s : spans) {
                    expected = t >= s[0] && t < s[1] ? 1 : expected;
                }
                assertEquals(expected, batch.mask(b, c, t), "mask channel " + c + " step " + t);
            }
        }
    }

    /** {@code count} of {@code n} is within 5 binomial standard deviations of p·n. */
    static void assertProportion(int count, int n, double p) {
        double sd = Math.sqrt(p * (1 - p) / n);
        assertEquals(p, count / (double) n, 5 * sd, "proportion " + count + "/" + n + " against " + p);
    }

    /** E[⌊X/dt⌋·dt] for X exponential of mean μ conditioned on [lo, hi), with hi a multiple of dt. */
    static double flooredTruncatedExponentialMean(double mu, double lo, double hi, double dt) {
        double z = Math.exp(-lo / mu) - Math.exp(-hi / mu);
        double sum = 0;
        for (double k = lo; k < hi; k += dt) {
            double p = (Math.exp(-k / mu) - Math.exp(-Math.min(k + dt, hi) / mu)) / z;
            sum += k * p;
        }
        return sum;
    }
}
