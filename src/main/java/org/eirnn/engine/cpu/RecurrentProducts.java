package org.eirnn.engine.cpu;

import org.ejml.data.DMatrixRMaj;

/**
 * The three products with W_rec that one network's pass makes each step (B×N matrices, row b = trial b):
 * <pre>
 *   drive:    D = r W_recᵀ                 (forward, {@link FamilyForward})
 *   back:     δr += (α⊙δx) W_rec           (BPTT, {@link FamilyBackprop})
 *   gradient: ∂L/∂W_rec += (α⊙δx)ᵀ r_{t−1}  (accumulated over the steps, read by {@link #weightGradient})
 * </pre>
 * Dense networks use EJML's products. Networks with a sparse {@link RecurrentPattern} work over its entries on
 * transposed (N×B, trials contiguous) copies, so each entry is one vectorised row operation over the B trials.
 * Both forms split work only where it does not change any value's summation order (over trials for the row
 * operations, over entries for the gradient's dot products), so the single- and multi-threaded {@link DenseOps}
 * give the same numbers. One instance per pass: it holds the pass's scratch and gradient sums.
 */
abstract sealed class RecurrentProducts {

    static RecurrentProducts of(NetworkTerms terms, int trials, DenseOps ops) {
        return terms.pattern() == null ? new Dense(terms, ops) : new Sparse(terms.pattern(), trials, ops);
    }

    /** d = r W_recᵀ. */
    abstract void drive(DMatrixRMaj r, DMatrixRMaj d);

    /** dR += s W_rec. */
    abstract void addBack(DMatrixRMaj s, DMatrixRMaj dR);

    /** ∂L/∂W_rec += sᵀ rPrev. */
    abstract void addWeightGradient(DMatrixRMaj s, DMatrixRMaj rPrev);

    /** The accumulated ∂L/∂W_rec, N×N (zero off the pattern). */
    abstract DMatrixRMaj weightGradient();

    private static final class Dense extends RecurrentProducts {
        private final NetworkTerms terms;
        private final DenseOps ops;
        private final DMatrixRMaj dW;

        Dense(NetworkTerms terms, DenseOps ops) {
            this.terms = terms;
            this.ops = ops;
            int n = terms.wRec().numRows;
            this.dW = new DMatrixRMaj(n, n);
        }

        @Override
        void drive(DMatrixRMaj r, DMatrixRMaj d) {
            ops.mult(r, terms.wRecT(), d);
        }

        @Override
        void addBack(DMatrixRMaj s, DMatrixRMaj dR) {
            ops.multAdd(s, terms.wRec(), dR);
        }

        @Override
        void addWeightGradient(DMatrixRMaj s, DMatrixRMaj rPrev) {
            ops.multAddTransA(s, rPrev, dW);
        }

        @Override
        DMatrixRMaj weightGradient() {
            return dW;
        }
    }

    /**
     * The products over a {@link RecurrentPattern}, on transposed scratch rows (one array of B trials per unit: the
     * row operations then index both arrays alike, which the JIT vectorises).
     */
    private static final class Sparse extends RecurrentProducts {
        private final RecurrentPattern p;
        private final DenseOps ops;
        private final int trials;
        private final double[][] aT;
        private final double[][] bT;
        private final double[] gradient;

        Sparse(RecurrentPattern p, int trials, DenseOps ops) {
            this.p = p;
            this.ops = ops;
            this.trials = trials;
            this.aT = new double[p.n()][trials];
            this.bT = new double[p.n()][trials];
            this.gradient = new double[p.entries()];
        }

        @Override
        void drive(DMatrixRMaj r, DMatrixRMaj d) {
            int[] start = p.rowStart();
            ops.forBlocks(trials, (b0, b1) -> {
                transpose(r, aT, b0, b1);
                for (int i = 0; i < p.n(); i++) {
                    java.util.Arrays.fill(bT[i], b0, b1, 0.0);
                    for (int k = start[i]; k < start[i + 1]; k++) {
                        axpy(p.value()[k], aT[p.column()[k]], bT[i], b0, b1);
                    }
                }
                untranspose(bT, d, b0, b1, false);
            });
        }

        @Override
        void addBack(DMatrixRMaj s, DMatrixRMaj dR) {
            int[] start = p.rowStart();
            ops.forBlocks(trials, (b0, b1) -> {
                transpose(s, aT, b0, b1);
                for (double[] row : bT) {
                    java.util.Arrays.fill(row, b0, b1, 0.0);
                }
                for (int i = 0; i < p.n(); i++) {
                    for (int k = start[i]; k < start[i + 1]; k++) {
                        axpy(p.value()[k], aT[i], bT[p.column()[k]], b0, b1);
                    }
                }
                untranspose(bT, dR, b0, b1, true);
            });
        }

        @Override
        void addWeightGradient(DMatrixRMaj s, DMatrixRMaj rPrev) {
            int[] start = p.rowStart();
            ops.forBlocks(trials, (b0, b1) -> {
                transpose(s, aT, b0, b1);
                transpose(rPrev, bT, b0, b1);
            });
            ops.forBlocks(p.n(), (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    for (int k = start[i]; k < start[i + 1]; k++) {
                        gradient[k] += dot(aT[i], bT[p.column()[k]], trials);
                    }
                }
            });
        }

        @Override
        DMatrixRMaj weightGradient() {
            int n = p.n();
            DMatrixRMaj dW = new DMatrixRMaj(n, n);
            for (int i = 0; i < n; i++) {
                for (int k = p.rowStart()[i]; k < p.rowStart()[i + 1]; k++) {
                    dW.data[i * n + p.column()[k]] = gradient[k];
                }
            }
            return dW;
        }

        /** Trials [b0, b1) of the B×N matrix m into the rows t[j][b]. */
        private static void transpose(DMatrixRMaj m, double[][] t, int b0, int b1) {
            int n = m.numCols;
            for (int b = b0; b < b1; b++) {
                for (int j = 0; j < n; j++) {
                    t[j][b] = m.data[b * n + j];
                }
            }
        }

        /** Trials [b0, b1) of the rows t[j][b] back into m (added when {@code add}). */
        private static void untranspose(double[][] t, DMatrixRMaj m, int b0, int b1, boolean add) {
            int n = m.numCols;
            for (int b = b0; b < b1; b++) {
                int row = b * n;
                for (int j = 0; j < n; j++) {
                    m.data[row + j] = add ? m.data[row + j] + t[j][b] : t[j][b];
                }
            }
        }

        /** y[b] += a·x[b] for b in [b0, b1). */
        private static void axpy(double a, double[] x, double[] y, int b0, int b1) {
            for (int b = b0; b < b1; b++) {
                y[b] += a * x[b];
            }
        }

        /** Σ_b x[b]·y[b] over [0, len), in eight interleaved fused multiply-add partial sums. */
        private static double dot(double[] x, double[] y, int len) {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
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
}
