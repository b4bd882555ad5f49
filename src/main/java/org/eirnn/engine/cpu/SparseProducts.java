package org.eirnn.engine.cpu;

import org.ejml.data.DMatrixRMaj;

/**
 * The recurrent products over a {@link RecurrentPattern}, on transposed scratch rows ({@link TrialRows}: one array
 * of B trials per unit). Both row products gather: D's row i sums W_rec's row i, δr's row j sums W_recᵀ's row j
 * (column j of W_rec in ascending row order, the order a scatter over W_rec's rows would add its terms). The s of
 * {@link #keep} stays transposed for the gradient and for the {@link #addBack} that follows it.
 */
final class SparseProducts extends RecurrentProducts {
    private final RecurrentPattern p;
    private final RecurrentPattern pT;
    private final double[][] aT;
    private final double[][] bT;
    private final double[][] sT;
    private final double[] gradient;
    private boolean kept;
    private boolean pending;

    SparseProducts(RecurrentPattern p, int trials, DenseOps ops) {
        super(ops, trials);
        this.p = p;
        this.pT = p.transposed();
        this.aT = new double[p.n()][trials];
        this.bT = new double[p.n()][trials];
        this.sT = new double[p.n()][trials];
        this.gradient = new double[p.entries()];
    }

    @Override
    void drive(DMatrixRMaj r, DMatrixRMaj d, int b0, int b1) {
        TrialRows.transpose(r, aT, b0, b1);
        rowProducts(p, aT, b0, b1);
        TrialRows.untranspose(bT, d, b0, b1, false);
    }

    @Override
    void addBack(DMatrixRMaj dR, int b0, int b1) {
        if (!kept) {
            throw new IllegalStateException("addBack before keep");
        }
        rowProducts(pT, sT, b0, b1);
        TrialRows.untranspose(bT, dR, b0, b1, true);
    }

    /** bT[i] = Σ_k value_k · x[column_k] over row i of {@code q}, for every unit i, trials [b0, b1). */
    private void rowProducts(RecurrentPattern q, double[][] x, int b0, int b1) {
        int[] start = q.rowStart();
        for (int i = 0; i < q.n(); i++) {
            TrialRows.gather(q.value(), q.column(), start[i], start[i + 1], x, bT[i], b0, b1);
        }
    }

    @Override
    void keep(DMatrixRMaj s, DMatrixRMaj rPrev, int b0, int b1) {
        TrialRows.transpose(s, sT, b0, b1);
        TrialRows.transpose(rPrev, aT, b0, b1);
        pending = true;
    }

    /**
     * Column by column of W_rec (entries in W_recᵀ's order, so {@code gradient} is indexed like {@code pT}): the
     * entries (i, j) of column j share r_{t−1}'s row j, four dot products per pass over it; columns in parallel
     * blocks.
     */
    @Override
    void addWeightGradient() {
        kept = pending;
        int[] start = pT.rowStart();
        int[] row = pT.column();
        ops.forBlocks(p.n(), (j0, j1) -> {
            for (int j = j0; j < j1; j++) {
                int q = start[j];
                for (; q + 4 <= start[j + 1]; q += 4) {
                    TrialRows.addDots4(aT[j], sT[row[q]], sT[row[q + 1]], sT[row[q + 2]], sT[row[q + 3]], trials,
                            gradient, q);
                }
                for (; q < start[j + 1]; q++) {
                    gradient[q] += TrialRows.dot(sT[row[q]], aT[j], trials);
                }
            }
        });
    }

    @Override
    DMatrixRMaj weightGradient() {
        int n = p.n();
        DMatrixRMaj dW = new DMatrixRMaj(n, n);
        for (int j = 0; j < n; j++) {
            for (int q = pT.rowStart()[j]; q < pT.rowStart()[j + 1]; q++) {
                dW.data[pT.column()[q] * n + j] = gradient[q];
            }
        }
        return dW;
    }
}
