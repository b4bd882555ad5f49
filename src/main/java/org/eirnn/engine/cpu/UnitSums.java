package org.eirnn.engine.cpu;

import org.ejml.data.DMatrixRMaj;

/**
 * The per-unit adjoint sums of one backward pass ({@link FamilyBackprop}'s class comment), with s_t = α⊙δx_t:
 * <pre>
 *   ∂L/∂b_rec,i += Σ_b s_t,bi          ∂L/∂W_in,ic += Σ_b s_t,bi ũ_{t−1,bc}          ∂L/∂W_out,oi += Σ_b δa_t,bo r_t,bi
 *   ∂L/∂α_i += Σ_b δx_t,bi (D_t − x_{t−1} + ε_t s'(α)/s(α))_bi     (only when α is trained)
 * </pre>
 * One pass per step over the trials, units in parallel blocks: each sum adds its trials in order whatever the split,
 * so the multi- and single-threaded {@link DenseOps} give the same numbers.
 */
final class UnitSums {
    final DMatrixRMaj dWIn;
    final DMatrixRMaj dWOut;
    final double[] dBRec;
    final double[] dAlpha;

    UnitSums(int n, int nIn, int nOut) {
        dWIn = new DMatrixRMaj(n, nIn);
        dWOut = new DMatrixRMaj(nOut, n);
        dBRec = new double[n];
        dAlpha = new double[n];
    }

    /** Adds step t: {@code scaled} = s_t, {@code dX} = δx_t, {@code dA} = δa_t. */
    void add(NetworkTerms terms, ForwardStates s, int t, DMatrixRMaj dX, DMatrixRMaj scaled, DMatrixRMaj dA,
             boolean alphaTrained, DenseOps ops) {
        int n = dBRec.length;
        ops.forBlocks(n, (i0, i1) -> {
            for (int b = 0; b < s.trials(); b++) {
                int row = b * n;
                for (int i = i0; i < i1; i++) {
                    dBRec[i] += scaled.data[row + i];
                }
                inputs(scaled.data, s.u[t - 1], b, row, i0, i1);
                readout(dA, s.r(t).data, b, row, i0, i1);
                if (alphaTrained) {
                    alpha(terms, s, t, dX.data, row, i0, i1);
                }
            }
        });
    }

    /** ∂L/∂W_in,ic += s_bi ũ_bc for units [i0, i1). */
    private void inputs(double[] scaled, DMatrixRMaj u, int b, int row, int i0, int i1) {
        int nIn = u.numCols;
        for (int c = 0; c < nIn; c++) {
            double v = u.data[b * nIn + c];
            if (nIn == 1) {
                for (int i = i0; i < i1; i++) {
                    dWIn.data[i] += scaled[row + i] * v;
                }
            } else {
                for (int i = i0; i < i1; i++) {
                    dWIn.data[i * nIn + c] += scaled[row + i] * v;
                }
            }
        }
    }

    /** ∂L/∂W_out,oi += δa_bo r_bi for units [i0, i1). */
    private void readout(DMatrixRMaj dA, double[] r, int b, int row, int i0, int i1) {
        int n = dBRec.length;
        int nOut = dA.numCols;
        for (int o = 0; o < nOut; o++) {
            double v = dA.data[b * nOut + o];
            int at = o * n;
            for (int i = i0; i < i1; i++) {
                dWOut.data[at + i] += v * r[row + i];
            }
        }
    }

    /** ∂L/∂α_i += δx_bi (D − x_{t−1} + ε s'(α)/s(α))_bi, ε = x_t − (1 − α)x_{t−1} − αD, for units [i0, i1). */
    private void alpha(NetworkTerms terms, ForwardStates s, int t, double[] dX, int row, int i0, int i1) {
        double[] alpha = terms.alpha();
        double[] slope = terms.noiseSlope();
        double[] x = s.x(t).data;
        double[] xPrev = s.x(t - 1).data;
        double[] d = s.drive(t).data;
        for (int i = i0; i < i1; i++) {
            int p = row + i;
            double gap = d[p] - xPrev[p];
            double eps = x[p] - (1 - alpha[i]) * xPrev[p] - alpha[i] * d[p];
            dAlpha[i] += dX[p] * (gap + eps * slope[i]);
        }
    }
}
