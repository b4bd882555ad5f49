package org.eirnn.engine.cpu;

import org.eirnn.model.Positivity;
import org.eirnn.model.RateNetwork;

/**
 * The structural nonzeros of one network's effective W_rec, row by row (compressed sparse rows): every entry that
 * is nonzero or that can carry a gradient to W⁺ (C_ij ≠ 0 and φ'(M_ij) ≠ 0, {@link Parametrisation}). Every other
 * entry is zero in the forward pass and its ∂L/∂W_ij is multiplied by zero in the chain rule, so products over the
 * pattern give the dense products' values (in another summation order). spikeRNN's networks keep about P_rec = 20 %
 * of N² (pruned entries have relu' = 0 and never come back), so the recurrent products cost a fifth of the dense ones.
 *
 * @param n        units N
 * @param rowStart entries of row i are {@code [rowStart[i], rowStart[i+1])}
 * @param column   presynaptic unit j of each entry
 * @param value    W_rec,ij of each entry
 */
record RecurrentPattern(int n, int[] rowStart, int[] column, double[] value) {

    /** Networks whose pattern holds more than this fraction of N² run the dense EJML products instead. */
    static final double SPARSE_FRACTION = 0.5;

    int entries() {
        return rowStart[n];
    }

    /**
     * The pattern of W_recᵀ: row j holds column j's entries in ascending row order, so a sum over it adds the terms
     * in the order a pass over this pattern's rows would.
     */
    RecurrentPattern transposed() {
        int[] start = new int[n + 1];
        for (int k = 0; k < entries(); k++) {
            start[column[k] + 1]++;
        }
        for (int j = 0; j < n; j++) {
            start[j + 1] += start[j];
        }
        int[] next = java.util.Arrays.copyOf(start, n);
        int[] row = new int[entries()];
        double[] v = new double[entries()];
        for (int i = 0; i < n; i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                int q = next[column[k]]++;
                row[q] = i;
                v[q] = value[k];
            }
        }
        return new RecurrentPattern(n, start, row, v);
    }

    /** The pattern of {@code wRec} (row-major N×N, the network's effective W_rec), or null when it is dense. */
    static RecurrentPattern of(RateNetwork net, double[] wRec) {
        int n = net.n();
        boolean[] in = new boolean[n * n];
        int count = 0;
        Positivity phi = net.recurrentPositivity();
        for (int p = 0; p < n * n; p++) {
            double c = net.somMask[p];
            in[p] = wRec[p] != 0 || (c != 0 && phi.derivative(net.w[p] * c + net.wFixed[p]) != 0);
            count += in[p] ? 1 : 0;
        }
        if (count > SPARSE_FRACTION * n * (double) n) {
            return null;
        }
        int[] rowStart = new int[n + 1];
        int[] column = new int[count];
        double[] value = new double[count];
        int k = 0;
        for (int i = 0; i < n; i++) {
            rowStart[i] = k;
            for (int j = 0; j < n; j++) {
                if (in[i * n + j]) {
                    column[k] = j;
                    value[k++] = wRec[i * n + j];
                }
            }
        }
        rowStart[n] = k;
        return new RecurrentPattern(n, rowStart, column, value);
    }
}
