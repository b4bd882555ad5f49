package org.eirnn.engine;

import org.eirnn.InvalidInputException;

/**
 * Plain stochastic gradient descent with clipping by the global norm over all of a network's gradients (pycog,
 * spec peers §1.5): g ← g·min(1, c/‖g‖) when c &gt; 0, then θ ← θ − η g.
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

    /** θ ← θ − η·g·min(1, c/‖g‖), in place. */
    public void apply(double[] theta, double[] grad) {
        double norm = 0;
        for (double g : grad) {
            norm += g * g;
        }
        norm = Math.sqrt(norm);
        double scale = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1.0;
        for (int p = 0; p < theta.length; p++) {
            theta[p] -= learningRate * scale * grad[p];
        }
    }
}
