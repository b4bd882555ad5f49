package org.eirnn.task;

import org.eirnn.InvalidInputException;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;

/**
 * Next-step prediction of a time series (spec peers §2.4): at step s the network sees point s of every channel
 * and is scored on point s + 1, so a series of P points gives P − 1 steps. The default series is ngc-learn's: 1000
 * points t_k linearly spaced on [0, 10], y_k = sin(t_k) + 0.025·ξ_k, one channel.
 *
 * @param name     where the series came from (for messages and model files)
 * @param points   P, the number of points (at least 2)
 * @param channels C, the channels (the network's inputs and outputs)
 * @param values   the points, row-major {@code values[s*C + c]}, all finite
 */
public record ForecastTask(String name, int points, int channels, double[] values) {
    /** ngc-learn's series: 1000 points on [0, 10]. */
    public static final int SINE_POINTS = 1000;
    public static final double SINE_END = 10.0;
    public static final double SINE_NOISE_SD = 0.025;
    /** The seed of the sine's noise (ngc-learn used JAX PRNGKey 1234); fixed, so every run sees one series. */
    public static final long SINE_SEED = 1234;

    public ForecastTask {
        InvalidInputException.require(points >= 2, () -> "series " + name + " has " + points
                + " point(s): expected at least 2 (next-step prediction needs a point and its successor)");
        InvalidInputException.require(channels >= 1, () -> "series " + name + " has no channel");
        InvalidInputException.require(values.length == (long) points * channels,
                () -> "series " + name + " has " + values.length + " values, expected " + points + "×" + channels);
        for (int p = 0; p < values.length; p++) {
            int at = p;
            InvalidInputException.require(Double.isFinite(values[p]), () -> "series " + name + ": point "
                    + (at / channels + 1) + " of channel " + (at % channels + 1) + " is " + values[at]
                    + ": expected a finite number");
        }
    }

    /** sin(t) + 0.025·ξ on 1000 points of [0, 10]; ξ from stream TASK of (1234, network 0), addressed by point. */
    public static ForecastTask sine() {
        return sine(SINE_POINTS);
    }

    /** The sine task with {@code points} points on [0, 10] (tests use short ones). */
    public static ForecastTask sine(int points) {
        RandomKey key = new RandomKey(SINE_SEED, 0, RandomStream.TASK);
        double[] y = new double[points];
        for (int k = 0; k < points; k++) {
            double t = SINE_END * k / (points - 1);
            y[k] = Math.sin(t) + SINE_NOISE_SD * key.normal(0, k, 0);
        }
        return new ForecastTask("sine", points, 1, y);
    }

    /** The steps of one pass: P − 1. */
    public int steps() {
        return points - 1;
    }

    public double value(int point, int channel) {
        return values[point * channels + channel];
    }

    /**
     * The series as one trial of the rate model family (what BPTT trains): T = P steps, input index j holds point j
     * and target index j point j + 1 (the family pairs target j with the output at step j + 1, which input j drove),
     * so the family's step j + 1 is this task's step j. The last target index pairs with no output and is masked out.
     */
    public TrialBatch asTrial(long trialId) {
        int t = points;
        double[] u = new double[channels * t];
        double[] target = new double[channels * t];
        double[] mask = new double[channels * t];
        for (int c = 0; c < channels; c++) {
            for (int j = 0; j < t - 1; j++) {
                u[c * t + j] = value(j, c);
                target[c * t + j] = value(j + 1, c);
                mask[c * t + j] = 1;
            }
        }
        return new TrialBatch(1, channels, channels, t, u, target, mask, new int[] {0}, new long[] {trialId});
    }
}
