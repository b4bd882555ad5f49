package org.eirnn.engine;

/**
 * Adam moments of an ensemble, per network k: first and second moments of every trainable, concatenated in the
 * order w (N×N), w_out (N), b_out (1), taus_gaus (N), and the step count of each network.
 */
public record AdamState(double[][] m, double[][] v, long[] steps) {

    /** Number of trainable scalars of an N-unit network. */
    public static int parameterCount(int n) {
        return n * n + n + 1 + n;
    }

    public static AdamState zeros(int networks, int n) {
        int p = parameterCount(n);
        return new AdamState(new double[networks][p], new double[networks][p], new long[networks]);
    }
}
