package org.eirnn.engine;

/**
 * Results of a forward pass of K·B trials, row-major by trial.
 *
 * @param trials  K·B
 * @param steps   T
 * @param n       units N
 * @param x       synaptic currents x_t, [trial][t][i] (T×N per trial), or null when states were not kept
 * @param r       rates r_t = φ(x_t), same layout, or null
 * @param o       outputs, [trial][i] with T−1 entries per trial; entry i is time i+1 (spec §2.2)
 * @param loss    per-trial loss (spec §2.3)
 */
public record Trajectories(int trials, int steps, int n, double[] x, double[] r, double[] o, double[] loss) {

    public double x(int trial, int t, int i) {
        return x[(trial * steps + t) * n + i];
    }

    public double r(int trial, int t, int i) {
        return r[(trial * steps + t) * n + i];
    }

    public double o(int trial, int i) {
        return o[trial * (steps - 1) + i];
    }
}
