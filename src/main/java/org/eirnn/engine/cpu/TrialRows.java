package org.eirnn.engine.cpu;

import org.ejml.data.DMatrixRMaj;

/**
 * Loops over trial-contiguous rows (one array of B trials per unit, the transposed form of a B×N state matrix) for
 * {@link SparseProducts}: each loop indexes all its arrays alike, which the JIT vectorises. Every loop works on the
 * trials [b0, b1) only, so blocks of trials can run on different threads without changing any value.
 */
final class TrialRows {
    private TrialRows() {
    }

    /** Trials [b0, b1) of the B×N matrix m into the rows t[j][b]. */
    static void transpose(DMatrixRMaj m, double[][] t, int b0, int b1) {
        move(m, t, b0, b1, TO_ROWS);
    }

    /**
     * The rows t[j][b] back into trials [b0, b1) of m, added to m when {@code add} (else m becomes 0 + t, which is t
     * for a gather's sums: from +0 they are never −0).
     */
    static void untranspose(double[][] t, DMatrixRMaj m, int b0, int b1, boolean add) {
        move(m, t, b0, b1, add ? ADD_FROM_ROWS : FROM_ROWS);
    }

    /** The moves of {@link #move}: m into t, t into m, t added to m (constants the JIT's loop unswitching sees). */
    private static final int TO_ROWS = 0;
    private static final int FROM_ROWS = 1;
    private static final int ADD_FROM_ROWS = 2;

    /** Element moves between m and the rows t: eight trials per pass over the units (their rows of m stay in L1). */
    private static void move(DMatrixRMaj m, double[][] t, int b0, int b1, int how) {
        int n = m.numCols;
        double[] d = m.data;
        int b = b0;
        for (; b + 8 <= b1; b += 8) {
            int o = b * n;
            for (int j = 0; j < n; j++) {
                double[] row = t[j];
                one(d, o + j, row, b, how);
                one(d, o + n + j, row, b + 1, how);
                one(d, o + 2 * n + j, row, b + 2, how);
                one(d, o + 3 * n + j, row, b + 3, how);
                one(d, o + 4 * n + j, row, b + 4, how);
                one(d, o + 5 * n + j, row, b + 5, how);
                one(d, o + 6 * n + j, row, b + 6, how);
                one(d, o + 7 * n + j, row, b + 7, how);
            }
        }
        for (; b < b1; b++) {
            for (int j = 0; j < n; j++) {
                one(d, b * n + j, t[j], b, how);
            }
        }
    }

    private static void one(double[] d, int p, double[] row, int b, int how) {
        if (how == TO_ROWS) {
            row[b] = d[p];
        } else if (how == FROM_ROWS) {
            d[p] = 0.0 + row[b];
        } else {
            d[p] += row[b];
        }
    }

    /**
     * y[b] = Σ_k w[k]·x[col[k]][b] over the entries k of [k0, k1), added in entry order from 0 (four entries per pass
     * over y, with the same additions in the same order as one pass per entry: Java does not reassociate).
     */
    static void gather(double[] w, int[] col, int k0, int k1, double[][] x, double[] y, int b0, int b1) {
        java.util.Arrays.fill(y, b0, b1, 0.0);
        int k = k0;
        for (; k + 4 <= k1; k += 4) {
            double w0 = w[k];
            double w1 = w[k + 1];
            double w2 = w[k + 2];
            double w3 = w[k + 3];
            double[] x0 = x[col[k]];
            double[] x1 = x[col[k + 1]];
            double[] x2 = x[col[k + 2]];
            double[] x3 = x[col[k + 3]];
            for (int b = b0; b < b1; b++) {
                y[b] = y[b] + w0 * x0[b] + w1 * x1[b] + w2 * x2[b] + w3 * x3[b];
            }
        }
        for (; k < k1; k++) {
            double wk = w[k];
            double[] xk = x[col[k]];
            for (int b = b0; b < b1; b++) {
                y[b] += wk * xk[b];
            }
        }
    }

    /**
     * g[q + e] += Σ_b x_e[b]·y[b] over [0, len) for the four rows x_0 … x_3: y is read once for all four (five loads
     * per four fused multiply-adds instead of eight), two interleaved partial sums per row.
     */
    static void addDots4(double[] y, double[] x0, double[] x1, double[] x2, double[] x3, int len, double[] g,
                         int q) {
        double a0 = 0;
        double a1 = 0;
        double b0 = 0;
        double b1 = 0;
        double c0 = 0;
        double c1 = 0;
        double d0 = 0;
        double d1 = 0;
        int b = 0;
        for (; b + 2 <= len; b += 2) {
            double y0 = y[b];
            double y1 = y[b + 1];
            a0 = Math.fma(x0[b], y0, a0);
            a1 = Math.fma(x0[b + 1], y1, a1);
            b0 = Math.fma(x1[b], y0, b0);
            b1 = Math.fma(x1[b + 1], y1, b1);
            c0 = Math.fma(x2[b], y0, c0);
            c1 = Math.fma(x2[b + 1], y1, c1);
            d0 = Math.fma(x3[b], y0, d0);
            d1 = Math.fma(x3[b + 1], y1, d1);
        }
        if (b < len) {
            a0 = Math.fma(x0[b], y[b], a0);
            b0 = Math.fma(x1[b], y[b], b0);
            c0 = Math.fma(x2[b], y[b], c0);
            d0 = Math.fma(x3[b], y[b], d0);
        }
        g[q] += a0 + a1;
        g[q + 1] += b0 + b1;
        g[q + 2] += c0 + c1;
        g[q + 3] += d0 + d1;
    }

    /** Σ_b x[b]·y[b] over [0, len): the sum {@link #addDots4} forms for each of its rows. */
    static double dot(double[] x, double[] y, int len) {
        double even = 0;
        double odd = 0;
        int b = 0;
        for (; b + 2 <= len; b += 2) {
            even = Math.fma(x[b], y[b], even);
            odd = Math.fma(x[b + 1], y[b + 1], odd);
        }
        if (b < len) {
            even = Math.fma(x[b], y[b], even);
        }
        return even + odd;
    }
}
