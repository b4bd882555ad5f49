package org.eirnn.engine.cpu;

import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * What one network's pass reads, computed once per call from its parameters (DESIGN "One model family"):
 * the effective matrices W_rec (N×N), W_in (N×N_in), W_out (N_out×N), the biases, α per unit, the recurrent noise's
 * per-unit standard deviation s(α)·σ_rec ({@link org.eirnn.model.NoiseForm}) and its relative slope s'(α)/s(α) (the α
 * gradient's noise term), the mean initial state x0; and the
 * transposed matrices, so that the forward products r Wᵀ run in EJML's row-streaming ("reorder") form, which the JIT
 * vectorises, rather than as dot products; and W_rec's sparse {@link RecurrentPattern} (null when it is dense).
 */
record NetworkTerms(DMatrixRMaj wRec, DMatrixRMaj wIn, DMatrixRMaj wOut, double[] bRec, double[] bOut,
                    double[] alpha, double[] noiseSd, double[] noiseSlope, double[] x0, DMatrixRMaj wRecT,
                    DMatrixRMaj wInT, RecurrentPattern pattern) {

    static NetworkTerms of(RateNetwork net, RateNoise noise) {
        int n = net.n();
        double[] alpha = net.alpha();
        double[] noiseSd = new double[n];
        double[] noiseSlope = new double[n];
        for (int i = 0; i < n; i++) {
            noiseSd[i] = noise.form().scale(alpha[i]) * noise.noiseSd();
            noiseSlope[i] = noise.form().relativeSlope(alpha[i]);
        }
        DMatrixRMaj wRec = DMatrixRMaj.wrap(n, n, net.effectiveRecurrent());
        DMatrixRMaj wIn = DMatrixRMaj.wrap(n, net.spec.inputs(), net.effectiveInput());
        DMatrixRMaj wOut = DMatrixRMaj.wrap(net.spec.outputs(), n, net.effectiveReadout());
        return new NetworkTerms(wRec, wIn, wOut, net.bRec, net.bOut, alpha, noiseSd, noiseSlope, net.x0,
                CommonOps_DDRM.transpose(wRec, null), CommonOps_DDRM.transpose(wIn, null),
                RecurrentPattern.of(net, wRec.data));
    }
}
