package org.eirnn.engine;

/**
 * Adam moments of an ensemble, per network k: first and second moments of every trainable, concatenated in the
 * order of {@link Trainables} (spikeRNN: w (N×N), w_out (N), b_out (1), taus_gaus (N)), and the step count of each
 * network.
 */
public record AdamState(double[][] m, double[][] v, long[] steps) {

    /** Number of trainable scalars of an N-unit network. */
    public static int parameterCount(int n) {
        return n * n + n + 1 + n;
    }

    /** Number of trainable scalars of a network of {@code spec} (the length of {@link Trainables}' θ). */
    public static int parameterCount(org.eirnn.model.NetworkSpec spec) {
        int[] starts = Trainables.starts(spec);
        return starts[starts.length - 1];
    }

    public static AdamState zeros(int networks, int n) {
        return ofLength(networks, parameterCount(n));
    }

    public static AdamState zeros(int networks, org.eirnn.model.NetworkSpec spec) {
        return ofLength(networks, parameterCount(spec));
    }

    private static AdamState ofLength(int networks, int p) {
        return new AdamState(new double[networks][p], new double[networks][p], new long[networks]);
    }

    public int networks() {
        return steps.length;
    }

    /** A deep copy (sessions hand out and take copies so that checkpoints are snapshots). */
    public AdamState copy() {
        double[][] mc = new double[m.length][];
        double[][] vc = new double[v.length][];
        for (int k = 0; k < m.length; k++) {
            mc[k] = m[k].clone();
            vc[k] = v[k].clone();
        }
        return new AdamState(mc, vc, steps.clone());
    }
}
