package org.eirnn.model;

import org.eirnn.InvalidInputException;

/**
 * The noise sources of the rate model family and pycog's input conditioning (DESIGN "One model family"):
 * <ul>
 *   <li>recurrent noise σ_rec ξ_t in the form {@link NoiseForm} (spikeRNN: N(0,1)·σ outside α, spec kim2019 §2.2);</li>
 *   <li>the random part of the initial state, x_0 = x0 + σ_0 ξ_0 (spikeRNN: σ_0 = 0.01, x0 = 0);</li>
 *   <li>post-activation noise, r_t = f(x_t) + σ_post ξ'_t (nn4n, ngc-learn; spec peers §2.1, §3.1);</li>
 *   <li>input conditioning, ũ_t = [baseline + u_t + σ_in ξ''_t]₊ with the rectification optional (pycog,
 *       spec peers §1.1; σ_in here is the per-step standard deviation, pycog's √(2τ_in/Δt)·σ_in).</li>
 * </ul>
 * All zero makes a run deterministic.
 */
public record RateNoise(double noiseSd, double x0Sd, NoiseForm form, double postSd, double inputSd,
                        double inputBaseline, boolean rectifyInputs) {
    /** spikeRNN's values: randn/10 and randn/100. */
    public static final RateNoise SPIKERNN = new RateNoise(0.1, 0.01);
    public static final RateNoise NONE = new RateNoise(0, 0);

    public RateNoise {
        requireSd("--noise-sd", noiseSd);
        requireSd("--x0-sd", x0Sd);
        requireSd("--post-noise-sd", postSd);
        requireSd("--input-noise-sd", inputSd);
        InvalidInputException.require(Double.isFinite(inputBaseline),
                () -> "--input-baseline " + inputBaseline + " is not valid: expected a finite number");
        InvalidInputException.require(form != null, () -> "noise form missing");
    }

    /** spikeRNN's two sources: σ_rec outside α and σ_0; no post-activation noise, inputs passed through. */
    public RateNoise(double noiseSd, double x0Sd) {
        this(noiseSd, x0Sd, NoiseForm.SPIKERNN, 0, 0, 0, false);
    }

    private static void requireSd(String flag, double sd) {
        InvalidInputException.require(sd >= 0 && Double.isFinite(sd),
                () -> flag + " " + sd + " is not valid: expected a standard deviation >= 0");
    }

    /** True when the inputs reach W_in unchanged (no baseline, noise or rectification). */
    public boolean inputsPassThrough() {
        return inputSd == 0 && inputBaseline == 0 && !rectifyInputs;
    }

    /** True for spikeRNN's noise model (what the OpenCL kernels implement today). */
    public boolean isSpikeRnnForm() {
        return form == NoiseForm.SPIKERNN && postSd == 0 && inputsPassThrough();
    }

    public RateNoise withRecurrent(double sd, NoiseForm f) {
        return new RateNoise(sd, x0Sd, f, postSd, inputSd, inputBaseline, rectifyInputs);
    }

    public RateNoise withX0Sd(double sd) {
        return new RateNoise(noiseSd, sd, form, postSd, inputSd, inputBaseline, rectifyInputs);
    }

    public RateNoise withPost(double sd) {
        return new RateNoise(noiseSd, x0Sd, form, sd, inputSd, inputBaseline, rectifyInputs);
    }

    public RateNoise withInputs(double sd, double baseline, boolean rectify) {
        return new RateNoise(noiseSd, x0Sd, form, postSd, sd, baseline, rectify);
    }
}
