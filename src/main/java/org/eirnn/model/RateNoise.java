package org.eirnn.model;

import org.eirnn.InvalidInputException;

/**
 * The two noise sources of the rate model (spec §2.2): recurrent noise ξ_t ~ N(0, noiseSd²) added outside
 * the Δt/τ factor, and the initial state x_0 ~ N(0, x0Sd²). Both 0 makes a run deterministic.
 */
public record RateNoise(double noiseSd, double x0Sd) {
    /** spikeRNN's values: randn/10 and randn/100. */
    public static final RateNoise SPIKERNN = new RateNoise(0.1, 0.01);
    public static final RateNoise NONE = new RateNoise(0, 0);

    public RateNoise {
        InvalidInputException.require(noiseSd >= 0 && Double.isFinite(noiseSd),
                () -> "--noise-sd " + noiseSd + " is not valid: expected a standard deviation >= 0");
        InvalidInputException.require(x0Sd >= 0 && Double.isFinite(x0Sd),
                () -> "--x0-sd " + x0Sd + " is not valid: expected a standard deviation >= 0");
    }
}
