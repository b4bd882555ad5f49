package org.eirnn.engine.cpu;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.mult.MatrixMatrixMult_DDRM;
import org.ejml.dense.row.mult.MatrixMatrixMult_MT_DDRM;

/**
 * The dense double-precision products the CPU engine's batched steps need, in a single-threaded and a
 * multi-threaded form (EJML's MatrixMatrixMult_DDRM and MatrixMatrixMult_MT_DDRM). Both use the same algorithm
 * (the "reorder" form: CommonOps would switch to another one for small matrices in the single-threaded case only), so
 * the two give bit-identical numbers (tested) and a network's results do not depend on how many threads ran it.
 * Outputs are caller-provided.
 */
public enum DenseOps {
    SINGLE_THREADED,
    MULTI_THREADED;

    /** c = a·bᵀ. */
    public void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (this == MULTI_THREADED) {
            MatrixMatrixMult_MT_DDRM.multTransB(a, b, c);
        } else {
            MatrixMatrixMult_DDRM.multTransB(a, b, c);
        }
    }

    /** c += a·bᵀ. */
    public void multAddTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (this == MULTI_THREADED) {
            MatrixMatrixMult_MT_DDRM.multAddTransB(a, b, c);
        } else {
            MatrixMatrixMult_DDRM.multAddTransB(a, b, c);
        }
    }

    /** c = a·b. */
    public void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (this == MULTI_THREADED) {
            MatrixMatrixMult_MT_DDRM.mult_reorder(a, b, c);
        } else {
            MatrixMatrixMult_DDRM.mult_reorder(a, b, c);
        }
    }

    /** c += a·b. */
    public void multAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (this == MULTI_THREADED) {
            MatrixMatrixMult_MT_DDRM.multAdd_reorder(a, b, c);
        } else {
            MatrixMatrixMult_DDRM.multAdd_reorder(a, b, c);
        }
    }

    /** c += aᵀ·b. */
    public void multAddTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if (this == MULTI_THREADED) {
            MatrixMatrixMult_MT_DDRM.multAddTransA_reorder(a, b, c);
        } else {
            MatrixMatrixMult_DDRM.multAddTransA_reorder(a, b, c);
        }
    }
}
