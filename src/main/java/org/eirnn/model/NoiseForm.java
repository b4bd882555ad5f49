package org.eirnn.model;

import org.eirnn.InvalidInputException;


/**
 * How the recurrent noise ε_t (standard normal ξ, standard deviation σ_rec) enters the state update
 * x_t = (1 − α) x_{t−1} + α (drive) + s(α) σ_rec ξ_t (DESIGN "One model family"):
 * <ul>
 *   <li>{@link #SPIKERNN}: s = 1, N(0,1)·σ outside the α factor (spec kim2019 §2.2);</li>
 *   <li>{@link #CONTINUOUS}: s = √(2α), the Euler discretisation of τ dx/dt = … + √(2τσ²) ξ(t) (pycog, PsychRNN;
 *       spec peers §1.1);</li>
 *   <li>{@link #NN4N}: s = α, σ_pre·ε added inside the α factor (nn4n main branch, spec peers §3.1).</li>
 * </ul>
 */
public enum NoiseForm {
    SPIKERNN("spikernn"),
    CONTINUOUS("continuous"),
    NN4N("nn4n");

    public final String flagName;

    NoiseForm(String flagName) {
        this.flagName = flagName;
    }

    /** s(α), the factor in front of σ_rec ξ. */
    public double scale(double alpha) {
        return switch (this) {
            case SPIKERNN -> 1.0;
            case CONTINUOUS -> Math.sqrt(2 * alpha);
            case NN4N -> alpha;
        };
    }

    /** ds/dα divided by s, so that d(s σ ξ)/dα = (noise term)·this (0 for {@link #SPIKERNN}). */
    public double relativeSlope(double alpha) {
        return switch (this) {
            case SPIKERNN -> 0.0;
            case CONTINUOUS -> 0.5 / alpha;
            case NN4N -> 1.0 / alpha;
        };
    }

    public static NoiseForm parse(String name) {
        return Names.parse(values(), f -> f.flagName, name, "noise form");
    }
}
