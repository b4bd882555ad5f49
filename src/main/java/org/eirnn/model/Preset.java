package org.eirnn.model;

import org.eirnn.InvalidInputException;


/**
 * {@code --model NAME}: the defaults of one system the model family reproduces (DESIGN "One model family"). A
 * preset is only data — options of {@link ModelOptions}, a noise model, a loss, an activation, τ and an optimiser —
 * and every value can be overridden by its own flag.
 * <ul>
 *   <li>{@link #SPIKERNN} (default): Kim, Li &amp; Sejnowski 2019, spec kim2019 §2 — relu(w)·m ⊙ som_m, sigmoid,
 *       trainable τ in [4, 20] steps, N(0,1)/10 noise outside α, x_0 ~ N(0, 0.01²), l2 loss, Adam 0.01.</li>
 *   <li>{@link #SONG2016}: pycog (Song, Yang &amp; Wang 2016), spec peers §1.1–1.6 — rectified W⁺ with signs per
 *       presynaptic unit, positive inputs, readout signed like its units, rectify, α = Δt/τ = 0.2, recurrent noise
 *       √(2α)·0.15, input noise √(2τ_in/Δt)·0.01 = 0.0316 on a 0.2 baseline with rectified inputs, trainable
 *       x0, W_in trained, b_rec and b_out fixed at 0, masked mean squared error, SGD 0.01 with global-norm
 *       clipping at 1, the vanishing-gradient regulariser Ω with λ_Ω = 2 (§1.4).</li>
 *   <li>{@link #NN4N}: nn4n's CTRNN (spec peers §3.1) — no Dale by default, relu, α = 0.1, no noise, zero initial
 *       state, no biases trained, W_in trained, masked mean squared error, Adam 0.001.</li>
 *   <li>{@link #NGC_EIRNN}: ngc-learn's EI-RNN exhibit (spec peers §2.1–2.3) — relu, α = Δt/τ = 10/100, Dale with
 *       non-negative inputs and a non-negative, unsigned readout, b_rec and b_out trained, recurrent noise √(2α)·0.1
 *       (the continuous-time form; ngc-learn's own scaling is {@code --noise-form ngc} of the forecast task),
 *       post-activation noise 0.1, Adam 2e-4. Trained by the local rule of {@code org.eirnn.local} or by BPTT.</li>
 * </ul>
 */
public enum Preset {
    SPIKERNN("spikernn"),
    SONG2016("song2016"),
    NN4N("nn4n"),
    NGC_EIRNN("ngc-eirnn");

    public final String flagName;

    Preset(String flagName) {
        this.flagName = flagName;
    }

    public ModelOptions options() {
        return switch (this) {
            case SPIKERNN -> ModelOptions.SPIKERNN;
            case SONG2016 -> new ModelOptions(this, OutputActivation.LINEAR, Positivity.RELU, true, true,
                    AlphaMode.TAUS, true, false, false, true, Regularisers.NONE.withOmega(2.0));
            case NN4N -> new ModelOptions(this, OutputActivation.LINEAR, Positivity.RELU, false, false,
                    AlphaMode.TAUS, false, false, false, true, Regularisers.NONE);
            case NGC_EIRNN -> new ModelOptions(this, OutputActivation.LINEAR, Positivity.RELU, true, false,
                    AlphaMode.TAUS, false, true, true, true, Regularisers.NONE);
        };
    }

    /** The preset's noise model (spec peers §1.1 numbers for song2016: α = 0.2). */
    public RateNoise noise() {
        return switch (this) {
            case SPIKERNN -> RateNoise.SPIKERNN;
            case SONG2016 -> new RateNoise(0.15, 0, NoiseForm.CONTINUOUS, 0, Math.sqrt(2 * 100.0 / 20.0) * 0.01,
                    0.2, true);
            case NN4N -> new RateNoise(0, 0, NoiseForm.NN4N, 0, 0, 0, false);
            case NGC_EIRNN -> new RateNoise(0.1, 0, NoiseForm.CONTINUOUS, 0.1, 0, 0, false);
        };
    }

    public LossFunction loss() {
        return this == SPIKERNN ? LossFunction.L2 : LossFunction.MSE;
    }

    public Activation activation() {
        return this == SPIKERNN ? Activation.SIGMOID : Activation.RECTIFY;
    }

    /** τ in steps of Δt: spikeRNN's trainable [4, 20]; pycog τ/Δt = 100/20; nn4n and ngc-learn 100/10. */
    public DecayTaus taus() {
        return switch (this) {
            case SPIKERNN -> DecayTaus.range(4, 20);
            case SONG2016 -> DecayTaus.single(5);
            case NN4N, NGC_EIRNN -> DecayTaus.single(10);
        };
    }

    /** The default recurrent connection probability: spikeRNN's P_rec 0.2; nn4n's hidden layer is dense. */
    public double pRec() {
        return this == NN4N ? 1.0 : 0.2;
    }

    /** Dale's principle on by default. */
    public boolean dale() {
        return this != NN4N;
    }

    /** "adam" or "sgd". */
    public String optimizer() {
        return this == SONG2016 ? "sgd" : "adam";
    }

    public double learningRate() {
        return switch (this) {
            case NN4N -> 0.001;
            case NGC_EIRNN -> 2e-4;
            default -> 0.01;
        };
    }

    /** Global gradient-norm clip (0: none). */
    public double clipNorm() {
        return this == SONG2016 ? 1.0 : 0.0;
    }

    public static Preset parse(String name) {
        return Names.parse(values(), p -> p.flagName, name, "model");
    }
}
