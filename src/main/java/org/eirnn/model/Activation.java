package org.eirnn.model;

import org.eirnn.InvalidInputException;

import java.util.Arrays;
import java.util.Locale;

/** The rate nonlinearities φ of spikeRNN (spec §2.2), with their derivatives for BPTT. */
public enum Activation {
    /** 1/(1+e^−x). */
    SIGMOID("sigmoid"),
    /** min(max(x,0),20). */
    CLIPPED_RELU("clipped_relu"),
    /** clip(log(1+e^x), 0, 20). */
    SOFTPLUS("softplus");

    /** Upper clip of clipped_relu and softplus. */
    public static final double CLIP = 20.0;

    /** The spelling used by spikeRNN's --act flag and the .mat {@code activation} field. */
    public final String spikeRnnName;

    Activation(String spikeRnnName) {
        this.spikeRnnName = spikeRnnName;
    }

    public double apply(double x) {
        switch (this) {
            case SIGMOID:
                return 1.0 / (1.0 + Math.exp(-x));
            case CLIPPED_RELU:
                return Math.min(Math.max(x, 0.0), CLIP);
            default:
                return Math.min(softplus(x), CLIP);
        }
    }

    /** dφ/dx; 0 where the clip is active (as autodiff of TF/PyTorch gives). */
    public double derivative(double x) {
        switch (this) {
            case SIGMOID: {
                double s = 1.0 / (1.0 + Math.exp(-x));
                return s * (1.0 - s);
            }
            case CLIPPED_RELU:
                return (x > 0.0 && x < CLIP) ? 1.0 : 0.0;
            default:
                return softplus(x) < CLIP ? 1.0 / (1.0 + Math.exp(-x)) : 0.0;
        }
    }

    /** Overflow-safe log(1+e^x). */
    private static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }

    /** Parses spikeRNN's spelling, case-insensitively. */
    public static Activation parse(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Activation a : values()) {
            if (a.spikeRnnName.equals(lower)) {
                return a;
            }
        }
        throw new InvalidInputException("unknown activation '" + name + "': expected one of "
                + Arrays.stream(values()).map(a -> a.spikeRnnName).toList());
    }
}
