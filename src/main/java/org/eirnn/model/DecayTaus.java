package org.eirnn.model;

import org.eirnn.InvalidInputException;

/**
 * spikeRNN's {@code --decay_taus}: one fixed τ (steps) or a (min, max) range that makes per-unit τ
 * trainable through {@code taus_gaus} (spec §2.2): τ_i = sigmoid(taus_gaus_i)·(max − min) + min.
 *
 * @param min       τ_min in rate steps (5 ms each)
 * @param max       τ_max; equal to min when {@code trainable} is false
 * @param trainable true when two values were given
 */
public record DecayTaus(double min, double max, boolean trainable) {

    public DecayTaus {
        InvalidInputException.require(min > 0 && Double.isFinite(min),
                () -> "decay tau " + min + " is not valid: expected a positive number of steps");
        InvalidInputException.require(max > 0 && Double.isFinite(max),
                () -> "decay tau " + max + " is not valid: expected a positive number of steps");
        InvalidInputException.require(min <= max,
                () -> "decay taus " + min + " " + max + " are not valid: expected min <= max");
        InvalidInputException.require(trainable || min == max,
                () -> "a single decay tau must have min == max, got " + min + " and " + max);
    }

    public static DecayTaus single(double tau) {
        return new DecayTaus(tau, tau, false);
    }

    public static DecayTaus range(double min, double max) {
        return new DecayTaus(min, max, true);
    }

    /** From the spikeRNN flag values: one value or two. */
    public static DecayTaus of(double... values) {
        if (values.length == 1) {
            return single(values[0]);
        }
        InvalidInputException.require(values.length == 2,
                () -> "--decay_taus takes 1 or 2 values, got " + values.length);
        return range(values[0], values[1]);
    }

    /** The per-unit τ for a raw {@code taus_gaus} value (spec §2.2). */
    public double tau(double tausGaus) {
        if (!trainable) {
            return min;
        }
        return 1.0 / (1.0 + Math.exp(-tausGaus)) * (max - min) + min;
    }

    /** The values as the .mat {@code taus} field holds them: [min max] or [tau]. */
    public double[] asArray() {
        return trainable ? new double[] {min, max} : new double[] {min};
    }
}
