package org.eirnn.spiking;

import org.eirnn.InvalidInputException;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.RateNetwork;

/**
 * A rate network mapped to spikeRNN's LIF network at one scaling factor (spec §4.1), row-major doubles:
 * {@code w[i*n + j]} is the synapse from pre-synaptic unit j onto post-synaptic unit i.
 *
 * @param n             units N
 * @param inputs        input channels N_in
 * @param scalingFactor the code's scaling factor (1/λ of the paper)
 * @param w             recurrent weights ((w·m) ⊙ som_m) / scaling_factor, N×N
 * @param wIn           input weights, N×N_in, NOT scaled
 * @param wOut          readout as trained (unscaled; params.w_out)
 * @param td            synaptic decay per unit, seconds (τ·5 ms)
 * @param td0           the same from the initial taus_gaus0 (reported only)
 * @param rngNetwork    the network index that keys this network's random streams (key word 1)
 */
public record LifNetwork(int n, int inputs, double scalingFactor, double[] w, double[] wIn, double[] wOut,
                         double[] td, double[] td0, int rngNetwork) {

    /** Seconds per rate step: td = τ[steps]·5/1000 (spec §1, §2.7). */
    private static final double MS_PER_RATE_STEP = 5;

    /**
     * The mapping of {@code LIF_network_fnc.m} (spec §4.1): W = ((w·m) ⊙ som_m)/scaling_factor with w as the model
     * file's {@code w} holds it — relu(w) when Dale is on (TensorFlow files store it so; the importer applies relu to
     * PyTorch files; eirnn keeps raw w only in its exact copies), raw w without Dale — w_in unscaled, td from the
     * trained taus_gaus.
     *
     * @param trained           the trained network
     * @param initial           the network before training (w0, taus_gaus0); may be null when unknown, then
     *                          td0 = td and initial weights cannot be requested
     * @param useInitialWeights map w0 instead of w (use_initial_weights)
     */
    public static LifNetwork map(RateNetwork trained, RateNetwork initial, double scalingFactor,
                                 boolean useInitialWeights, int rngNetwork) {
        InvalidInputException.require(scalingFactor > 0 && Double.isFinite(scalingFactor),
                () -> "scaling factor " + scalingFactor + " is not valid: expected a positive number");
        InvalidInputException.require(!useInitialWeights || initial != null,
                () -> "the model has no initial weights w0, so --initial-weights cannot be used");
        InvalidInputException.require(trained.spec.outputs() == 1, () -> "the LIF mapping reads out one output, "
                + "the model has " + trained.spec.outputs());
        int n = trained.n();
        double[] w = (useInitialWeights ? initial : trained).effectiveRecurrent();
        for (int ij = 0; ij < w.length; ij++) {
            w[ij] /= scalingFactor;
        }
        double[] td = decaySeconds(trained.tau());
        double[] td0 = initial == null ? td.clone() : decaySeconds(initial.tau());
        return new LifNetwork(n, trained.spec.inputs(), scalingFactor, w, trained.effectiveInput(),
                trained.effectiveReadout(), td, td0, rngNetwork);
    }

    /** td = τ·5/1000 s per unit, τ = sigmoid(taus_gaus)·(τmax − τmin) + τmin or the one τ, in steps (spec §4.2). */
    static double[] decaySeconds(double[] tauSteps) {
        double[] td = new double[tauSteps.length];
        for (int i = 0; i < td.length; i++) {
            td[i] = tauSteps[i] * MS_PER_RATE_STEP / 1000;
        }
        return td;
    }

    /** The readout applied to the filtered spike trains: w_out/scaling_factor (spec §4.5). */
    public double[] readout() {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = wOut[i] / scalingFactor;
        }
        return out;
    }

    /** ext_stim column: w_in·u(:, col) for a stimulus u of {@code columns} columns, written into {@code out}. */
    public void externalInput(double[] u, int columns, int col, double[] out) {
        for (int i = 0; i < n; i++) {
            double acc = 0;
            for (int c = 0; c < inputs; c++) {
                acc += wIn[i * inputs + c] * u[c * columns + col];
            }
            out[i] = acc;
        }
    }
}
