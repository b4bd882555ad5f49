package org.eirnn.model;

import org.eirnn.InvalidInputException;


/**
 * The output nonlinearity g of the model family, z = g(W_out r + b_out) (spec peers §1.1, DESIGN "One model
 * family"): linear (spikeRNN, pycog's default), sigmoid (per output) or softmax (across the outputs of one step).
 */
public enum OutputActivation {
    LINEAR("linear"),
    SIGMOID("sigmoid"),
    SOFTMAX("softmax");

    public final String flagName;

    OutputActivation(String flagName) {
        this.flagName = flagName;
    }

    /** z = g(a) for the {@code count} outputs of one step, {@code a[from … from+count)} into {@code z}. */
    public void apply(double[] a, int from, int count, double[] z, int to) {
        switch (this) {
            case LINEAR -> System.arraycopy(a, from, z, to, count);
            case SIGMOID -> {
                for (int c = 0; c < count; c++) {
                    z[to + c] = 1.0 / (1.0 + Math.exp(-a[from + c]));
                }
            }
            default -> softmax(a, from, count, z, to);
        }
    }

    private static void softmax(double[] a, int from, int count, double[] z, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < count; c++) {
            max = Math.max(max, a[from + c]);
        }
        double sum = 0;
        for (int c = 0; c < count; c++) {
            z[to + c] = Math.exp(a[from + c] - max);
            sum += z[to + c];
        }
        for (int c = 0; c < count; c++) {
            z[to + c] /= sum;
        }
    }

    /**
     * The adjoint of a from the adjoint of z for one step: δa = J_gᵀ δz, with z = g(a) already computed
     * (linear: δz; sigmoid: z(1 − z)δz; softmax: z ⊙ (δz − z·δz)). {@code z[zFrom …]} and {@code dz[dzFrom …]} hold
     * the step's {@code count} values; δa is written in place over dz.
     */
    public void backward(double[] z, int zFrom, double[] dz, int dzFrom, int count) {
        switch (this) {
            case LINEAR -> {
            }
            case SIGMOID -> {
                for (int c = 0; c < count; c++) {
                    dz[dzFrom + c] *= z[zFrom + c] * (1 - z[zFrom + c]);
                }
            }
            default -> {
                double dot = 0;
                for (int c = 0; c < count; c++) {
                    dot += z[zFrom + c] * dz[dzFrom + c];
                }
                for (int c = 0; c < count; c++) {
                    dz[dzFrom + c] = z[zFrom + c] * (dz[dzFrom + c] - dot);
                }
            }
        }
    }

    public static OutputActivation parse(String name) {
        return Names.parse(values(), g -> g.flagName, name, "output activation");
    }
}
