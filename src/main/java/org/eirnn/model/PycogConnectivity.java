package org.eirnn.model;

/**
 * A pycog task's connection structure (spec peers §1.2–1.3): the values of its C_in, C_rec and C_out matrices, which
 * are both the plastic masks (entries ≠ 0 are trained) and the per-entry initial scales c of {@link PycogInit}. A
 * null matrix takes pycog's default: C_in all ones, the balanced row-normalised C_rec, C_out on excitatory units when
 * the readout is Dale-signed (all ones otherwise). Row-major as {@link RateNetwork}: C_in N×N_in, C_rec N×N,
 * C_out N_out×N.
 */
public record PycogConnectivity(double[] cIn, double[] cRec, double[] cOut) {
    /** pycog's defaults everywhere. */
    public static final PycogConnectivity DEFAULT = new PycogConnectivity(null, null, null);

    /**
     * pycog's defaults except C_out all ones: what pycog's trainer does for a task file that sets no Cout (W_out is
     * then unmasked, so once signed by E/I every excitatory unit reads out positively and every inhibitory one
     * negatively), as pycog's lee and sinewave do.
     */
    public static PycogConnectivity readoutFromEveryUnit(int outputs, int n) {
        double[] cOut = new double[outputs * n];
        java.util.Arrays.fill(cOut, 1.0);
        return new PycogConnectivity(null, null, cOut);
    }
}
