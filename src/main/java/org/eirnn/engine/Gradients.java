package org.eirnn.engine;

/**
 * Loss gradients of one network (mean over its trials). Shapes follow {@link org.eirnn.model.RateNetwork}.
 *
 * @param loss     mean per-trial loss
 * @param w        dL/dw (raw recurrent weights, N×N)
 * @param wOut     dL/dw_out (N)
 * @param bOut     dL/db_out
 * @param tausGaus dL/dtaus_gaus (N); zeros when the taus are fixed
 */
public record Gradients(double loss, double[] w, double[] wOut, double bOut, double[] tausGaus) {
}
