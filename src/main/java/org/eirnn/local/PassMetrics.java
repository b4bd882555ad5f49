package org.eirnn.local;

/**
 * The prediction error of one network over one pass (spec peers §2.4): the sums of e² and |e| over every step and
 * channel, e = y_{s+1} − o_s.
 *
 * @param sse   Σ e²
 * @param sae   Σ |e|
 * @param count steps × channels
 */
public record PassMetrics(double sse, double sae, long count) {
    public double mae() {
        return sae / count;
    }

    public double rmse() {
        return Math.sqrt(sse / count);
    }

    /** ngc-learn's summed log-likelihood of a Gaussian error cell with Σ = 1: −½ Σ e² (constants left out). */
    public double logLikelihood() {
        return -0.5 * sse;
    }
}
