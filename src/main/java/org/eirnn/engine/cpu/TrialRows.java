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

    /**
     * Trials [b0, b1) of the B×N matrix m into the rows t[j][b]: eight trials per pass over the units (their rows of
     * m stay in the L1 cache), unrolled.
     */
    static void transpose(DMatrixRMaj m, double[][] t, int b0, int b1) {
        int n = m.numCols;
        double[] d = m.data;
        int b = b0;
        for (; b + 8 <= b1; b += 8) {
            int o0 = b * n;
            int o1 = o0 + n;
            int o2 = o1 + n;
            int o3 = o2 + n;
            int o4 = o3 + n;
            int o5 = o4 + n;
            int o6 = o5 + n;
            int o7 = o6 + n;
            for (int j = 0; j < n; j++) {
                double[] row = t[j];
                row[b] = d[o0 + j];
                row[b + 1] = d[o1 + j];
                row[b + 2] = d[o2 + j];
                row[b + 3] = d[o3 + j];
                row[b + 4] = d[o4 + j];
                row[b + 5] = d[o5 + j];
                row[b + 6] = d[o6 + j];
                row[b + 7] = d[o7 + j];
            }
        }
        for (; b < b1; b++) {
            for (int j = 0; j < n; j++) {
                t[j][b] = d[b * n + j];
            }
        }
    }

    /** Trials [b0, b1) of the rows t[j][b] back into m (added to it when {@code add}), eight trials per pass. */
    static void untranspose(double[][] t, DMatrixRMaj m, int b0, int b1, boolean add) {
        int n = m.numCols;
        double[] d = m.data;
        int b = b0;
        for (; b + 8 <= b1; b += 8) {
            if (add) {
                addEight(t, d, n, b);
            } else {
                copyEight(t, d, n, b);
            }
        }
        for (; b < b1; b++) {
            for (int j = 0; j < n; j++) {
                d[b * n + j] = add ? d[b * n + j] + t[j][b] : t[j][b];
            }
        }
    }

    /** Rows b … b+7 of d = the rows t[j][b …]. */
    private static void copyEight(double[][] t, double[] d, int n, int b) {
        int o0 = b * n;
        int o1 = o0 + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        int o4 = o3 + n;
        int o5 = o4 + n;
        int o6 = o5 + n;
        int o7 = o6 + n;
        for (int j = 0; j < n; j++) {
            double[] row = t[j];
            d[o0 + j] = row[b];
            d[o1 + j] = row[b + 1];
            d[o2 + j] = row[b + 2];
            d[o3 + j] = row[b + 3];
            d[o4 + j] = row[b + 4];
            d[o5 + j] = row[b + 5];
            d[o6 + j] = row[b + 6];
            d[o7 + j] = row[b + 7];
        }
    }

    /** Rows b … b+7 of d += the rows t[j][b …]. */
    private static void addEight(double[][] t, double[] d, int n, int b) {
        int o0 = b * n;
        int o1 = o0 + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        int o4 = o3 + n;
        int o5 = o4 + n;
        int o6 = o5 + n;
        int o7 = o6 + n;
        for (int j = 0; j < n; j++) {
            double[] row = t[j];
            d[o0 + j] += row[b];
            d[o1 + j] += row[b + 1];
            d[o2 + j] += row[b + 2];
            d[o3 + j] += row[b + 3];
            d[o4 + j] += row[b + 4];
            d[o5 + j] += row[b + 5];
            d[o6 + j] += row[b + 6];
            d[o7 + j] += row[b + 7];
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

    /** Σ_b x[b]·y[b] over [0, len), in eight interleaved fused multiply-add partial sums. */
    static double dot(double[] x, double[] y, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int b = 0;
        for (; b + 8 <= len; b += 8) {
            s0 = Math.fma(x[b], y[b], s0);
            s1 = Math.fma(x[b + 1], y[b + 1], s1);
            s2 = Math.fma(x[b + 2], y[b + 2], s2);
            s3 = Math.fma(x[b + 3], y[b + 3], s3);
            s4 = Math.fma(x[b + 4], y[b + 4], s4);
            s5 = Math.fma(x[b + 5], y[b + 5], s5);
            s6 = Math.fma(x[b + 6], y[b + 6], s6);
            s7 = Math.fma(x[b + 7], y[b + 7], s7);
        }
        for (; b < len; b++) {
            s0 = Math.fma(x[b], y[b], s0);
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
