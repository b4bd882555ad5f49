package org.eirnn.model;

import org.eirnn.InvalidInputException;

import java.util.Locale;

/**
 * The function φ that keeps Dale-constrained weights non-negative, W = φ(W⁺ ⊙ C + W_fixed)·D (DESIGN "One model
 * family"): spikeRNN's relu (spec kim2019 §2.1 item 7; its gradient is 0 at and below 0, as TensorFlow's), or
 * pycog's abs (spec peers §1.2, {@code ei_positive_func}; gradient sign(M), 0 at 0), or none (signs free).
 */
public enum Positivity {
    RELU("relu"),
    ABS("abs"),
    NONE("none");

    public final String flagName;

    Positivity(String flagName) {
        this.flagName = flagName;
    }

    public double apply(double m) {
        return switch (this) {
            case RELU -> Math.max(m, 0.0);
            case ABS -> Math.abs(m);
            case NONE -> m;
        };
    }

    /** dφ/dm: relu 1 above 0 else 0; abs sign(m) (0 at 0); none 1. */
    public double derivative(double m) {
        return switch (this) {
            case RELU -> m > 0 ? 1.0 : 0.0;
            case ABS -> Math.signum(m);
            case NONE -> 1.0;
        };
    }

    public static Positivity parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "relu" -> RELU;
            case "abs", "rectify_abs" -> ABS;
            case "none" -> NONE;
            default -> throw new InvalidInputException("unknown positivity function '" + name
                    + "': expected relu, abs or none");
        };
    }
}
