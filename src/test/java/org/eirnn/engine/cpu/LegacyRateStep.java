package org.eirnn.engine.cpu;

import org.eirnn.model.Activation;

/**
 * The reference semantics of one Euler step of the spikeRNN rate model (spec §2.2), in double precision, for
 * one trial:
 * <pre>
 *   x_t = (1 − 1/τ) ⊙ x_{t−1} + (1/τ) ⊙ (W_rec r_{t−1} + W_in u_{t−1}) + σ ξ_t,   r_t = φ(x_t)
 * </pre>
 * with Δt = 1 and the noise outside the Δt/τ factor, from x_0 = σ_0 ξ_0, r_0 = φ(x_0). Every other forward
 * implementation (the batched CPU pass, the OpenCL kernels) is tested against repeated calls of this function, and
 * the CPU backward pass ({@link RateBackprop}) takes α and the drive from here.
 */
public final class LegacyRateStep {
    private LegacyRateStep() {
    }

    /**
     * @param wRec   effective recurrent matrix, N×N row-major
     * @param wIn    N×N_in input weights
     * @param alpha  per-unit Δt/τ
     * @param xPrev  x_{t−1}
     * @param rPrev  r_{t−1}
     * @param uPrev  u_{t−1} (N_in)
     * @param noise  σ·ξ_t per unit (already scaled)
     * @param xOut   x_t (written)
     * @param rOut   r_t (written)
     */
    public static void step(int n, int nIn, double[] wRec, double[] wIn, double[] alpha, Activation phi,
                            double[] xPrev, double[] rPrev, double[] uPrev, double[] noise,
                            double[] xOut, double[] rOut) {
        for (int i = 0; i < n; i++) {
            xOut[i] = (1 - alpha[i]) * xPrev[i] + alpha[i] * drive(i, n, nIn, wRec, wIn, rPrev, uPrev) + noise[i];
            rOut[i] = phi.apply(xOut[i]);
        }
    }

    /** The drive of unit i, (W_rec r_{t−1} + W_in u_{t−1})_i: what x_t relaxes towards. */
    public static double drive(int i, int n, int nIn, double[] wRec, double[] wIn, double[] rPrev, double[] uPrev) {
        double drive = 0;
        for (int j = 0; j < n; j++) {
            drive += wRec[i * n + j] * rPrev[j];
        }
        for (int c = 0; c < nIn; c++) {
            drive += wIn[i * nIn + c] * uPrev[c];
        }
        return drive;
    }

    /**
     * The initial state x_0 = σ_0 ξ_0, r_0 = φ(x_0) (spec §2.2).
     *
     * @param normals ξ_0 per unit (zeros when σ_0 = 0); may be {@code xOut} itself
     */
    public static void initialState(int n, double x0Sd, double[] normals, Activation phi, double[] xOut,
                                    double[] rOut) {
        for (int i = 0; i < n; i++) {
            xOut[i] = x0Sd * normals[i];
            rOut[i] = phi.apply(xOut[i]);
        }
    }

    /** α = Δt/τ per unit, Δt = 1 step. */
    public static double[] alpha(double[] tau) {
        double[] alpha = new double[tau.length];
        for (int i = 0; i < tau.length; i++) {
            alpha[i] = 1.0 / tau[i];
        }
        return alpha;
    }

    /** o_t = w_out · r_t + b_out. */
    public static double output(int n, double[] wOut, double bOut, double[] r) {
        double o = bOut;
        for (int i = 0; i < n; i++) {
            o += wOut[i] * r[i];
        }
        return o;
    }
}
