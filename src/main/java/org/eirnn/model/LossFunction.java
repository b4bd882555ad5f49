package org.eirnn.model;

import org.eirnn.InvalidInputException;

import java.util.Locale;

/**
 * The per-trial losses of the model family. Output index i (time i+1) pairs with target index i, i = 0…T−2, for
 * each output channel c, weighted by the loss mask M (per step and per output; all ones for spikeRNN's tasks):
 * <ul>
 *   <li>spikeRNN's (spec kim2019 §2.3): l2 = √(Σ M (z − y)²) (root of the sum, no division by T), l1 = Σ M |z − y|;
 *       a network's minibatch objective is the mean of its trials' losses;</li>
 *   <li>masked mean squared error and masked cross-entropy (pycog, PsychRNN; spec peers §1.4, §4): the objective is
 *       Σ M ℓ / Σ M over all of a network's trials (pycog's normalisation), with ℓ = (z − y)² or, for sigmoid
 *       outputs, −y log z − (1 − y) log(1 − z), for softmax outputs −y log z.</li>
 * </ul>
 * Arrays here are one trial's contiguous [channel][i] blocks of {@code len} entries each.
 */
public enum LossFunction {
    L2("l2"),
    L1("l1"),
    MSE("mse"),
    CROSS_ENTROPY("cross_entropy");

    public final String spikeRnnName;

    LossFunction(String spikeRnnName) {
        this.spikeRnnName = spikeRnnName;
    }

    /** True when the objective is Σ M ℓ / Σ M over the network's trials (mse, cross_entropy). */
    public boolean maskNormalised() {
        return this == MSE || this == CROSS_ENTROPY;
    }

    /**
     * The trial's loss sum S: l2 √(Σ M e²), l1 Σ M |e|, mse and cross-entropy Σ M ℓ; and, when {@code dz} is not
     * null, ∂(scale·S)/∂z written into it.
     *
     * @param binary for cross-entropy: sigmoid outputs (binary) rather than softmax (categorical)
     */
    public double trialSum(double[] z, double[] y, double[] mask, double[] dz, double scale, boolean binary) {
        double acc = 0;
        for (int p = 0; p < z.length; p++) {
            double e = z[p] - y[p];
            acc += mask[p] * switch (this) {
                case L2 -> e * e;
                case L1 -> Math.abs(e);
                default -> element(z[p], y[p], binary);
            };
        }
        double loss = this == L2 ? Math.sqrt(acc) : acc;
        if (dz != null) {
            for (int p = 0; p < z.length; p++) {
                dz[p] = scale * mask[p] * elementSlope(z[p], y[p], loss, binary);
            }
        }
        return loss;
    }

    private double element(double z, double y, boolean binary) {
        if (this == MSE) {
            return (z - y) * (z - y);
        }
        return binary ? -y * Math.log(z) - (1 - y) * Math.log(1 - z) : -y * Math.log(z);
    }

    /** ∂S/∂z of one element before the mask; l2's is e/S (0 at S = 0, where TensorFlow would give NaN). */
    private double elementSlope(double z, double y, double loss, boolean binary) {
        double e = z - y;
        return switch (this) {
            case L2 -> loss > 0 ? e / loss : 0.0;
            case L1 -> Math.signum(e);
            case MSE -> 2 * e;
            case CROSS_ENTROPY -> binary ? -y / z + (1 - y) / (1 - z) : -y / z;
        };
    }

    public static LossFunction parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "l2" -> L2;
            case "l1" -> L1;
            case "mse" -> MSE;
            case "cross_entropy", "ce" -> CROSS_ENTROPY;
            default -> throw new InvalidInputException("unknown loss function '" + name
                    + "': expected l1, l2, mse or cross_entropy");
        };
    }
}
