package org.eirnn.engine.cpu;

import org.ejml.data.DMatrixRMaj;

/**
 * The three products with W_rec that one network's pass makes each step (B×N matrices, row b = trial b):
 * <pre>
 *   drive:    D = r W_recᵀ                 (forward, {@link FamilyForward})
 *   back:     δr += (α⊙δx) W_rec           (BPTT, {@link FamilyBackprop})
 *   gradient: ∂L/∂W_rec += (α⊙δx)ᵀ r_{t−1}  (accumulated over the steps, read by {@link #weightGradient})
 * </pre>
 * The two row products work on trials [b0, b1) only, so a pass runs them inside its own parallel trial blocks,
 * next to its row loops; the step's s = α⊙δx and r_{t−1} are handed over row block by row block ({@link #keep})
 * and feed the gradient ({@link #addWeightGradient}) and the next step's back product. Dense networks compute each
 * row as EJML's reorder products do ({@link DenseOps#multRows}). Networks with a sparse {@link RecurrentPattern}
 * work over its entries on transposed (N×B, trials contiguous) copies, so each entry is one vectorised row
 * operation over the B trials ({@link SparseProducts}). Both forms split work only where it does not change any
 * value's summation order (over trials for the row products, over entries for the gradient's sums), so the single-
 * and multi-threaded {@link DenseOps} give the same numbers. One instance per pass: it holds the pass's scratch and
 * gradient sums.
 */
abstract sealed class RecurrentProducts permits RecurrentProducts.Dense, SparseProducts {
    final DenseOps ops;
    final int trials;

    RecurrentProducts(DenseOps ops, int trials) {
        this.ops = ops;
        this.trials = trials;
    }

    static RecurrentProducts of(NetworkTerms terms, int trials, DenseOps ops) {
        return terms.pattern() == null ? new Dense(terms, trials, ops)
                : new SparseProducts(terms.pattern(), trials, ops);
    }

    /** Rows [b0, b1) of d = r W_recᵀ. */
    abstract void drive(DMatrixRMaj r, DMatrixRMaj d, int b0, int b1);

    /**
     * Rows [b0, b1) of dR += s W_rec for the s of the last {@link #addWeightGradient}; a step calls it for its rows
     * before its {@link #keep} of the same rows (s must not change in between).
     */
    abstract void addBack(DMatrixRMaj dR, int b0, int b1);

    /** Takes rows [b0, b1) of the step's s = α⊙δx_t and of r_{t−1}. */
    abstract void keep(DMatrixRMaj s, DMatrixRMaj rPrev, int b0, int b1);

    /** ∂L/∂W_rec += sᵀ r_{t−1} over all trials, once {@link #keep} has taken every row. */
    abstract void addWeightGradient();

    /** The accumulated ∂L/∂W_rec, N×N (zero off the pattern). */
    abstract DMatrixRMaj weightGradient();

    /** d = r W_recᵀ, trials in parallel blocks. */
    final void drive(DMatrixRMaj r, DMatrixRMaj d) {
        ops.forBlocks(trials, (b0, b1) -> drive(r, d, b0, b1));
    }

    /** dR += s W_rec for the kept s, trials in parallel blocks. */
    final void addBack(DMatrixRMaj dR) {
        ops.forBlocks(trials, (b0, b1) -> addBack(dR, b0, b1));
    }

    /** Keeps s and r_{t−1} and adds their ∂L/∂W_rec term. */
    final void addWeightGradient(DMatrixRMaj s, DMatrixRMaj rPrev) {
        ops.forBlocks(trials, (b0, b1) -> keep(s, rPrev, b0, b1));
        addWeightGradient();
    }

    static final class Dense extends RecurrentProducts {
        private final NetworkTerms terms;
        private final DMatrixRMaj dW;
        private DMatrixRMaj kept;
        private DMatrixRMaj pending;
        private DMatrixRMaj pendingPrev;

        Dense(NetworkTerms terms, int trials, DenseOps ops) {
            super(ops, trials);
            this.terms = terms;
            int n = terms.wRec().numRows;
            this.dW = new DMatrixRMaj(n, n);
        }

        @Override
        void drive(DMatrixRMaj r, DMatrixRMaj d, int b0, int b1) {
            DenseOps.multRows(r, terms.wRecT(), d, b0, b1, false);
        }

        @Override
        void addBack(DMatrixRMaj dR, int b0, int b1) {
            if (kept == null) {
                throw new IllegalStateException("addBack before keep");
            }
            DenseOps.multRows(kept, terms.wRec(), dR, b0, b1, true);
        }

        @Override
        void keep(DMatrixRMaj s, DMatrixRMaj rPrev, int b0, int b1) {
            pending = s;
            pendingPrev = rPrev;
        }

        @Override
        void addWeightGradient() {
            ops.multAddTransA(pending, pendingPrev, dW);
            kept = pending;
        }

        @Override
        DMatrixRMaj weightGradient() {
            return dW;
        }
    }
}
