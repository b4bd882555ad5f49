package org.eirnn.engine;

/**
 * Loss gradients of one network (mean over its trials, or the masked mean for mse/cross-entropy, plus the
 * regularisers). Shapes follow {@link org.eirnn.model.RateNetwork}; the optional trainables (w_in, b_rec, x0) are
 * empty arrays unless the model options train them (then they are part of θ, {@link Trainables}).
 *
 * @param loss     the network's minibatch objective
 * @param w        dL/dw (raw recurrent weights, N×N)
 * @param wOut     dL/dw_out (N_out×N)
 * @param bOut     dL/db_out (N_out)
 * @param tausGaus dL/dtaus_gaus (N); zeros when the taus are fixed
 * @param wIn      dL/dw_in (N×N_in) when trained, else empty
 * @param bRec     dL/db_rec (N) when trained, else empty
 * @param x0       dL/dx0 (N) when trained, else empty
 */
public record Gradients(double loss, double[] w, double[] wOut, double[] bOut, double[] tausGaus, double[] wIn,
                        double[] bRec, double[] x0) {
    private static final double[] NONE = new double[0];

    /** The gradients of a spikeRNN network (one output; w_in, b_rec and x0 not trained). */
    public Gradients(double loss, double[] w, double[] wOut, double bOut, double[] tausGaus) {
        this(loss, w, wOut, new double[] {bOut}, tausGaus, NONE, NONE, NONE);
    }
}
