package org.eirnn.model;

import org.eirnn.InvalidInputException;


/**
 * The rate nonlinearities f of the model family, with their derivatives for BPTT: spikeRNN's three (spec kim2019
 * §2.2) and pycog's and nn4n's (spec peers §1.1, §3.1).
 */
public enum Activation {
    /** 1/(1+e^−x). */
    SIGMOID("sigmoid"),
    /** min(max(x,0),20). */
    CLIPPED_RELU("clipped_relu"),
    /** clip(log(1+e^x), 0, 20). */
    SOFTPLUS("softplus"),
    /** max(x, 0), unclipped (pycog's default hidden activation, spec peers §1.1). */
    RECTIFY("rectify"),
    /** tanh(x). */
    TANH("tanh"),
    /** max(tanh(x), 0) (pycog, nn4n "retanh"). */
    RTANH("rtanh"),
    /** x. */
    LINEAR("linear");

    /** Upper clip of clipped_relu and softplus. */
    public static final double CLIP = 20.0;

    /** The spelling used by spikeRNN's --act flag and the .mat {@code activation} field. */
    public final String spikeRnnName;

    Activation(String spikeRnnName) {
        this.spikeRnnName = spikeRnnName;
    }

    public double apply(double x) {
        return switch (this) {
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
            case CLIPPED_RELU -> Math.min(Math.max(x, 0.0), CLIP);
            case SOFTPLUS -> Math.min(softplus(x), CLIP);
            case RECTIFY -> Math.max(x, 0.0);
            case TANH -> Math.tanh(x);
            case RTANH -> Math.max(Math.tanh(x), 0.0);
            case LINEAR -> x;
        };
    }

    /** dφ/dx; 0 where the clip is active (as autodiff of TF/PyTorch gives). */
    public double derivative(double x) {
        return switch (this) {
            case SIGMOID -> {
                double s = 1.0 / (1.0 + Math.exp(-x));
                yield s * (1.0 - s);
            }
            case CLIPPED_RELU -> (x > 0.0 && x < CLIP) ? 1.0 : 0.0;
            case SOFTPLUS -> softplus(x) < CLIP ? 1.0 / (1.0 + Math.exp(-x)) : 0.0;
            case RECTIFY -> x > 0.0 ? 1.0 : 0.0;
            case TANH -> 1.0 - Math.tanh(x) * Math.tanh(x);
            case RTANH -> x > 0.0 ? 1.0 - Math.tanh(x) * Math.tanh(x) : 0.0;
            case LINEAR -> 1.0;
        };
    }

    /** Overflow-safe log(1+e^x). */
    private static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }

    /** Parses spikeRNN's spelling, case-insensitively. */
    public static Activation parse(String name) {
        return Names.parse(values(), a -> a.spikeRnnName, name, "activation");
    }
}
