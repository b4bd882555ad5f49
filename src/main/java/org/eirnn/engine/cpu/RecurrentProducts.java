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
 * transposed (N×B, trials contiguous) copies, so each entry is one vectorised row operation over the B trials
 * ({@link SparseProducts}).
 * Both forms split work only where it does not change any value's summation order (over trials for the row
 * operations, over entries for the gradient's dot products), so the single- and multi-threaded {@link DenseOps}
 * give the same numbers. One instance per pass: it holds the pass's scratch and gradient sums.
 */
abstract sealed class RecurrentProducts permits RecurrentProducts.Dense, SparseProducts {

    static RecurrentProducts of(NetworkTerms terms, int trials, DenseOps ops) {
        return terms.pattern() == null ? new Dense(terms, ops) : new SparseProducts(terms.pattern(), trials, ops);
    }

    /** d = r W_recᵀ. */
    abstract void drive(DMatrixRMaj r, DMatrixRMaj d);

    /**
     * dR += s W_rec for the s of the last {@link #addWeightGradient} (the step's s = α⊙δx feeds both products; it
     * must not change in between).
     */
    abstract void addBack(DMatrixRMaj dR);

    /** ∂L/∂W_rec += sᵀ rPrev; keeps s for the next {@link #addBack}. */
    abstract void addWeightGradient(DMatrixRMaj s, DMatrixRMaj rPrev);

    /** The accumulated ∂L/∂W_rec, N×N (zero off the pattern). */
    abstract DMatrixRMaj weightGradient();

    static final class Dense extends RecurrentProducts {
        private final NetworkTerms terms;
        private final DenseOps ops;
        private final DMatrixRMaj dW;
        private DMatrixRMaj kept;

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
        void addBack(DMatrixRMaj dR) {
            if (kept == null) {
                throw new IllegalStateException("addBack before addWeightGradient");
            }
            ops.multAdd(kept, terms.wRec(), dR);
        }

        @Override
        void addWeightGradient(DMatrixRMaj s, DMatrixRMaj rPrev) {
            ops.multAddTransA(s, rPrev, dW);
            kept = s;
        }

        @Override
        DMatrixRMaj weightGradient() {
            return dW;
        }
    }
}
