package org.eirnn.engine.cpu;

import org.eirnn.engine.AdamConfig;

/**
 * One Adam update in the TensorFlow 1 form spikeRNN trains with (spec §2.3), the reference the OpenCL kernel is
 * tested against. With t the step count after incrementing (1 on the first update):
 * <pre>
 *   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
 *   lr_t = lr·√(1 − β2^t)/(1 − β1^t),   θ ← θ − lr_t·m/(√v + ε)
 * </pre>
 * A parameter whose gradient has always been 0 (a pruned weight behind relu) keeps m = v = 0 and does not move.
 */
public final class AdamStep {
    private AdamStep() {
    }

    /**
     * Updates θ, m and v in place.
     *
     * @param t the step number of this update, starting at 1
     */
    public static void apply(AdamConfig c, long t, double[] theta, double[] grad, double[] m, double[] v) {
        double lrT = c.learningRate() * Math.sqrt(1 - Math.pow(c.beta2(), t)) / (1 - Math.pow(c.beta1(), t));
        for (int p = 0; p < theta.length; p++) {
            double g = grad[p];
            m[p] = c.beta1() * m[p] + (1 - c.beta1()) * g;
            v[p] = c.beta2() * v[p] + (1 - c.beta2()) * g * g;
            theta[p] -= lrT * m[p] / (Math.sqrt(v[p]) + c.epsilon());
        }
    }
}
