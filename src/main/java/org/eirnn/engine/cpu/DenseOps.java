package org.eirnn.engine.cpu;

import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.mult.MatrixMatrixMult_DDRM;
import org.ejml.dense.row.mult.MatrixMatrixMult_MT_DDRM;
import pabeles.concurrency.IntRangeConsumer;

/**
 * The dense double-precision products the CPU engine's batched steps need, in a single-threaded and a
 * multi-threaded form (EJML's MatrixMatrixMult_DDRM and MatrixMatrixMult_MT_DDRM). Both use the same algorithm
 * (the "reorder" form: CommonOps would switch to another one for small matrices in the single-threaded case only), so
 * the two give bit-identical numbers (tested) and a network's results do not depend on how many threads ran it.
 * Outputs are caller-provided. {@link #forBlocks} runs a row-separable loop (each row's values computed as in one
 * thread) over blocks of rows, in parallel in the multi-threaded form.
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

    /**
     * Rows [r0, r1) of c = a·b ({@code add}: c += a·b), each row computed as EJML's mult_reorder (multAdd_reorder)
     * computes it: the terms in order of a's columns, the first assigned unless adding. Single-threaded, for the
     * row loops of a parallel trial block.
     */
    static void multRows(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, int r0, int r1, boolean add) {
        int inner = a.numCols;
        int cols = b.numCols;
        for (int i = r0; i < r1; i++) {
            int row = i * cols;
            if (inner == 0 && !add) {
                java.util.Arrays.fill(c.data, row, row + cols, 0.0);
            }
            for (int k = 0; k < inner; k++) {
                double v = a.data[i * inner + k];
                int at = k * cols;
                if (k == 0 && !add) {
                    for (int j = 0; j < cols; j++) {
                        c.data[row + j] = v * b.data[at + j];
                    }
                } else {
                    for (int j = 0; j < cols; j++) {
                        c.data[row + j] += v * b.data[at + j];
                    }
                }
            }
        }
    }

    /** Rows below which the multi-threaded form does not split a loop further. */
    static final int MIN_BLOCK = 16;

    /**
     * Runs {@code body} over [0, rows) in blocks [r0, r1): one block in the single-threaded form, blocks of at least
     * {@value #MIN_BLOCK} rows on EJML's threads in the multi-threaded one. The body must compute each row on its
     * own (no sums across rows), so the result does not depend on the split.
     */
    public void forBlocks(int rows, IntRangeConsumer body) {
        if (this == MULTI_THREADED && rows >= 2 * MIN_BLOCK) {
            EjmlConcurrency.loopBlocks(0, rows, MIN_BLOCK, body);
        } else {
            body.accept(0, rows);
        }
    }
}
