package org.eirnn.model;

import org.eirnn.InvalidInputException;

/**
 * The options of the one continuous-time EI-RNN family (DESIGN "One model family"; spec kim2019 §2, peers §1.1–1.3,
 * §3.1–3.2) that are not spikeRNN's own hyper-parameters ({@link NetworkSpec} holds those):
 * <pre>
 *   W_rec = φ(W⁺ ⊙ C_rec + W_fixed)·D,  W_in = φ_in(W⁺_in ⊙ C_in + W_in,fixed),  W_out = φ_out(W⁺_out ⊙ C_out + …)·D_out
 * </pre>
 * with φ = {@link #positivity} under Dale's principle (identity without), φ_in = φ when {@link #positiveInputs}
 * (all inputs excitatory, pycog), φ_out = φ and D_out = D when {@link #daleReadout} (pycog's signed readout, so a
 * readout from inhibitory units is negative), identity and 1 otherwise (spikeRNN's free readout).
 *
 * @param preset     the preset these options came from ({@link Preset}), recorded in model files
 * @param output     output nonlinearity g
 * @param alpha      where α comes from
 * @param trainX0    x0 trainable (pycog) or 0 plus σ_0 noise (spikeRNN)
 * @param trainBRec  b_rec trained (else fixed, 0 unless loaded)
 * @param trainBOut  b_out trained (spikeRNN: yes; pycog: no)
 * @param trainWIn   W_in trained (pycog: yes; spikeRNN: fixed)
 * @param regularisers L1/L2 penalties
 */
public record ModelOptions(Preset preset, OutputActivation output, Positivity positivity, boolean positiveInputs,
                           boolean daleReadout, AlphaMode alpha, boolean trainX0, boolean trainBRec,
                           boolean trainBOut, boolean trainWIn, Regularisers regularisers) {

    public static final ModelOptions SPIKERNN = new ModelOptions(Preset.SPIKERNN, OutputActivation.LINEAR,
            Positivity.RELU, false, false, AlphaMode.TAUS, false, false, true, false, Regularisers.NONE);

    public ModelOptions {
        InvalidInputException.require(preset != null && output != null && positivity != null && alpha != null
                && regularisers != null, () -> "model options are incomplete");
    }

    /** True for exactly spikeRNN's model (what the OpenCL kernels implement today). */
    public boolean isSpikeRnn() {
        return equals(SPIKERNN.withPreset(preset));
    }

    public ModelOptions withPreset(Preset p) {
        return new ModelOptions(p, output, positivity, positiveInputs, daleReadout, alpha, trainX0, trainBRec,
                trainBOut, trainWIn, regularisers);
    }

    public ModelOptions withOutput(OutputActivation g) {
        return new ModelOptions(preset, g, positivity, positiveInputs, daleReadout, alpha, trainX0, trainBRec,
                trainBOut, trainWIn, regularisers);
    }

    public ModelOptions withPositivity(Positivity p, boolean inputs, boolean readout) {
        return new ModelOptions(preset, output, p, inputs, readout, alpha, trainX0, trainBRec, trainBOut, trainWIn,
                regularisers);
    }

    public ModelOptions withAlpha(AlphaMode a) {
        return new ModelOptions(preset, output, positivity, positiveInputs, daleReadout, a, trainX0, trainBRec,
                trainBOut, trainWIn, regularisers);
    }

    public ModelOptions withTrainable(boolean x0, boolean bRec, boolean bOut, boolean wIn) {
        return new ModelOptions(preset, output, positivity, positiveInputs, daleReadout, alpha, x0, bRec, bOut, wIn,
                regularisers);
    }

    public ModelOptions withRegularisers(Regularisers r) {
        return new ModelOptions(preset, output, positivity, positiveInputs, daleReadout, alpha, trainX0, trainBRec,
                trainBOut, trainWIn, r);
    }
}
