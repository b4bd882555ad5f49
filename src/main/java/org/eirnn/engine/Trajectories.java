package org.eirnn.engine;

/**
 * Results of a forward pass of K·B trials, row-major by trial.
 *
 * @param trials  K·B
 * @param steps   T
 * @param n       units N
 * @param outputs output channels N_out
 * @param x       states x_t, [trial][t][i] (T×N per trial), or null when states were not kept
 * @param r       rates r_t = f(x_t) (+ post-activation noise), same layout, or null
 * @param o       outputs z_t = g(W_out r_t + b_out), [trial][c][i] with T−1 entries per channel; entry i is time i+1
 * @param loss    per-trial loss (for mse and cross-entropy: the trial's Σ M ℓ / Σ M)
 */
public record Trajectories(int trials, int steps, int n, int outputs, double[] x, double[] r, double[] o,
                           double[] loss) {

    /** A single-output forward pass (spikeRNN's tasks). */
    public Trajectories(int trials, int steps, int n, double[] x, double[] r, double[] o, double[] loss) {
        this(trials, steps, n, 1, x, r, o, loss);
    }

    public double x(int trial, int t, int i) {
        return x[(trial * steps + t) * n + i];
    }

    public double r(int trial, int t, int i) {
        return r[(trial * steps + t) * n + i];
    }

    /** Output channel 0 at time i+1. */
    public double o(int trial, int i) {
        return o[trial * outputs * (steps - 1) + i];
    }

    public double o(int trial, int channel, int i) {
        return o[(trial * outputs + channel) * (steps - 1) + i];
    }
}
