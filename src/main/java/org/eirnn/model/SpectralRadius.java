package org.eirnn.model;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The spectral radius of a square matrix, from EJML's eigenvalue decomposition, and pycog's initial rescaling of the
 * recurrent weights to a chosen radius ρ0 (spec peers §1.3: 1.5 with Dale, 1.1 without).
 */
public final class SpectralRadius {
    private SpectralRadius() {
    }

    /** max |λ| over the eigenvalues of the n×n row-major matrix {@code m}. */
    public static double of(double[] m, int n) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false);
        if (!eig.decompose(DMatrixRMaj.wrap(n, n, m.clone()))) {
            throw new IllegalStateException("the eigenvalue decomposition of a " + n + "×" + n + " matrix failed");
        }
        double radius = 0;
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
            Complex_F64 l = eig.getEigenvalue(i);
            radius = Math.max(radius, l.getMagnitude());
        }
        return radius;
    }

    /**
     * Scales the raw and fixed recurrent weights of {@code net} so that W_rec = φ(W⁺ ⊙ C + W_fixed)·D has spectral
     * radius {@code rho0} (φ is positively homogeneous: relu and abs commute with a positive scale). A network whose
     * W_rec is 0 is left as it is.
     */
    public static void rescale(RateNetwork net, double rho0) {
        double radius = of(net.effectiveRecurrent(), net.n());
        if (radius == 0) {
            return;
        }
        double c = rho0 / radius;
        for (int ij = 0; ij < net.w.length; ij++) {
            net.w[ij] *= c;
            net.wFixed[ij] *= c;
        }
    }
}
