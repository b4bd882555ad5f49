package org.eirnn.engine;

import org.eirnn.InvalidInputException;

/**
 * Plain stochastic gradient descent with clipping by the global norm over all of a network's gradients (pycog,
 * spec peers §1.5): g ← g·min(1, c/‖g‖) when c &gt; 0, then θ ← θ − η g. pycog's safeguard (from Pascanu's code):
 * when ‖g‖ is NaN, infinite, negative or above {@value #SAFEGUARD_NORM}, the step uses g_W = 0.02·W⁺ for the raw
 * recurrent weights (a shrink) and 0 for every other parameter instead.
 *
 * @param learningRate η
 * @param clipNorm     c, the largest gradient norm let through; 0 turns clipping off
 */
public record SgdConfig(double learningRate, double clipNorm) implements Optimizer {
    public SgdConfig {
        InvalidInputException.require(learningRate > 0 && Double.isFinite(learningRate),
                () -> "--lr " + learningRate + " is not valid: expected a positive learning rate");
        InvalidInputException.require(clipNorm >= 0 && Double.isFinite(clipNorm),
                () -> "--clip-norm " + clipNorm + " is not valid: expected a norm >= 0 (0: no clipping)");
    }

    /** Gradient norms above this count as numerical failure (pycog). */
    public static final double SAFEGUARD_NORM = 1e10;
    /** The recurrent weights' shrink factor under the safeguard (pycog). */
    public static final double SAFEGUARD_SHRINK = 0.02;

    /**
     * θ ← θ − η·g·min(1, c/‖g‖), in place, or the safeguard's step when ‖g‖ is not usable; the raw recurrent weights
     * are θ's first {@code recurrent} entries ({@link Trainables} layout). Returns ‖g‖.
     */
    public double apply(double[] theta, double[] grad, int recurrent) {
        double norm = 0;
        for (double g : grad) {
            norm += g * g;
        }
        norm = Math.sqrt(norm);
        if (!usable(norm)) {
            for (int p = 0; p < recurrent; p++) {
                theta[p] -= learningRate * SAFEGUARD_SHRINK * theta[p];
            }
            return norm;
        }
        double scale = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1.0;
        for (int p = 0; p < theta.length; p++) {
            theta[p] -= learningRate * scale * grad[p];
        }
        return norm;
    }

    /** False for a gradient norm pycog's safeguard replaces: NaN, infinite, negative or above 1e10. */
    public static boolean usable(double norm) {
        return Double.isFinite(norm) && norm >= 0 && norm <= SAFEGUARD_NORM;
    }
}
