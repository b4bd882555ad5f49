package org.eirnn.engine.opencl;

import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.Optimizer;
import org.eirnn.engine.SgdConfig;
import org.eirnn.model.AlphaMode;
import org.eirnn.model.LossFunction;
import org.eirnn.model.ModelOptions;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.NoiseForm;
import org.eirnn.model.OutputActivation;
import org.eirnn.model.Positivity;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.model.Regularisers;

import java.util.List;
import java.util.Map;

/**
 * What the rate kernels (kernels/rate_model.cl, rate_forward.cl, rate_train.cl) implement of the model family
 * (DESIGN "One model family"), in one place for the engine, the session and the CLI: spikeRNN's model (spec kim2019
 * §2.1–2.3) plus the family's weight parametrisation W = φ(W⁺ ⊙ C + W_fixed)·D of W_rec, W_in and W_out (masks,
 * fixed entries, φ = relu, abs or none, positive inputs, a Dale readout), b_rec and x0 (fixed or trained), a trained
 * W_in and a fixed b_out, every noise form of the recurrent noise, a trained α, every hidden activation, any number
 * of outputs with the output activations linear, sigmoid and softmax, and loss masks per step and output with l1,
 * l2, the masked MSE and the masked cross-entropy, post-activation noise and pycog's input conditioning, the L1/L2
 * weight penalties, the rate penalty and pycog's Ω regulariser, Adam and SGD with global-norm clipping, for any
 * N_in ≥ 0 and N_out ≥ 1.
 */
final class KernelModel {
    private KernelModel() {
    }

    /**
     * Null when the kernels implement {@code spec} with {@code loss}, else the first option that differs. The options
     * the kernels implement are set to spikeRNN's values and what remains must be spikeRNN's; every penalty of
     * {@link Regularisers} but nn4n's firing-rate distribution penalties is implemented (L1_*, L2_*, RATE_PENALTY,
     * and pycog's Ω in rate_train.cl's OMEGA), so those are refused here by name before the regularisers are cleared
     * (and any penalty added later must be too).
     */
    static String unsupportedModel(NetworkSpec spec, LossFunction loss) {
        Regularisers reg = spec.options().regularisers();
        if (reg.rateDistribution()) {
            return "nn4n's firing-rate regularisers (--fr-mean, --fr-sd, --fr-cv)";
        }
        return !spec.options().withPositivity(Positivity.RELU, false, false).withTrainable(false, false, true, false)
                .withAlpha(AlphaMode.TAUS).withOutput(OutputActivation.LINEAR).withRegularisers(Regularisers.NONE)
                .isSpikeRnn()
                ? "model options " + spec.options() : null;
    }

    /** Null for the training kernels' optimisers, Adam (TF1 form) and SGD with global-norm clipping; else the optimiser. */
    static String unsupportedOptimizer(Optimizer optimizer) {
        return optimizer instanceof AdamConfig || optimizer instanceof SgdConfig ? null : "optimizer " + optimizer;
    }

    /** True when the kernels implement this model, noise and optimiser (the data's loss masks aside). */
    static boolean supports(NetworkSpec spec, LossFunction loss, RateNoise noise, Optimizer optimizer) {
        return runs(spec, loss, noise) && unsupportedOptimizer(optimizer) == null;
    }

    /**
     * True when the kernels run this model with this noise forward (evaluation needs no optimiser). They draw every
     * noise of {@link RateNoise} as the CPU reference does (recurrent noise of each {@link NoiseForm}, σ_0,
     * post-activation noise, pycog's input conditioning), so only the model decides.
     */
    static boolean runs(NetworkSpec spec, LossFunction loss, RateNoise noise) {
        return unsupportedModel(spec, loss) == null;
    }

    /**
     * What the kernels are built for, from the networks' options and data (rate_model.cl's FAMILY_WEIGHTS, PHI_REC,
     * PHI_IN, PHI_OUT, READOUT_SIGNED; rate_train.cl's B_REC, X0_MEAN, TRAIN_*): {@code family} when the networks
     * need the family's weight arithmetic (a φ other than spikeRNN's, or data outside spikeRNN's form: fixed entries,
     * C_in or C_out not all ones, C_rec not 0/1), otherwise the kernels keep spikeRNN's expressions, which give the
     * same values for its data; {@code bRec} and {@code x0} when b_rec or x0 train or are not all zero.
     */
    record KernelForm(boolean family, Positivity rec, Positivity in, Positivity out, boolean bRec, boolean x0,
                      ModelOptions options, boolean alphaGradient, NoiseForm noise, boolean masked, boolean post) {
        /**
         * The form for {@code nets} with the recurrent noise of form {@code noise}, the loss mask applied when
         * {@code masked}.
         */
        static KernelForm of(List<RateNetwork> nets, NoiseForm noise, boolean masked) {
            RateNetwork first = nets.get(0);
            ModelOptions o = first.spec.options();
            boolean spikeRnnPhi = first.recurrentPositivity() == (first.spec.applyDale() ? Positivity.RELU
                    : Positivity.NONE) && first.inputPositivity() == Positivity.NONE
                    && first.readoutPositivity() == Positivity.NONE;
            boolean spikeRnnData = true;
            boolean bRec = o.trainBRec();
            boolean x0 = o.trainX0();
            for (RateNetwork net : nets) {
                spikeRnnData &= allEqual(net.wFixed, 0) && allEqual(net.wInFixed, 0) && allEqual(net.wOutFixed, 0)
                        && allEqual(net.cIn, 1) && allEqual(net.cOut, 1) && binary(net.somMask);
                bRec |= !allEqual(net.bRec, 0);
                x0 |= !allEqual(net.x0, 0);
            }
            boolean alphaGradient = o.alpha() == AlphaMode.TRAINABLE_ALPHA || first.spec.taus().trainable();
            return new KernelForm(!(spikeRnnPhi && spikeRnnData), first.recurrentPositivity(),
                    first.inputPositivity(), first.readoutPositivity(), bRec, x0, o, alphaGradient, noise, masked,
                    false);
        }

        /**
         * The form for a call with {@code noise} (its form NOISE_FORM and whether it has post-activation noise,
         * POST_NOISE, are build constants) on a batch whose loss mask has zeros when {@code maskedBatch}; once
         * masked, a form stays masked (a mask of ones changes nothing).
         */
        KernelForm forCall(RateNoise noise, boolean maskedBatch) {
            return new KernelForm(family, rec, in, out, bRec, x0, options, alphaGradient, noise.form(),
                    masked || maskedBatch, noise.postSd() > 0);
        }

        /** This form (an upload's) with the noise and the loss mask of {@code last}, the form of the last call. */
        KernelForm like(KernelForm last) {
            return new KernelForm(family, rec, in, out, bRec, x0, options, alphaGradient, last.noise,
                    masked || last.masked, last.post);
        }

        /** Its build constants (Positivity's ordinals are rate_model.cl's PHI_* codes). */
        void putConstants(Map<String, Object> d) {
            d.put("FAMILY_WEIGHTS", family ? 1 : 0);
            d.put("PHI_REC", rec.ordinal());
            d.put("PHI_IN", in.ordinal());
            d.put("PHI_OUT", out.ordinal());
            d.put("READOUT_SIGNED", out != Positivity.NONE ? 1 : 0);
            d.put("B_REC", bRec ? 1 : 0);
            d.put("X0_MEAN", x0 ? 1 : 0);
            d.put("TRAIN_B_REC", options.trainBRec() ? 1 : 0);
            d.put("TRAIN_X0", options.trainX0() ? 1 : 0);
            d.put("TRAIN_W_IN", options.trainWIn() ? 1 : 0);
            d.put("TRAIN_B_OUT", options.trainBOut() ? 1 : 0);
            d.put("ALPHA_TRAINED", options.alpha() == AlphaMode.TRAINABLE_ALPHA ? 1 : 0);
            d.put("ALPHA_GRADIENT", alphaGradient ? 1 : 0);
            d.put("NOISE_FORM", noise.ordinal());
            d.put("LOSS_MASKED", masked ? 1 : 0);
            d.put("POST_NOISE", post ? 1 : 0);
            Regularisers r = options.regularisers();
            d.put("L1_IN", (float) r.l1In());
            d.put("L1_REC", (float) r.l1Rec());
            d.put("L1_OUT", (float) r.l1Out());
            d.put("L2_IN", (float) r.l2In());
            d.put("L2_REC", (float) r.l2Rec());
            d.put("L2_OUT", (float) r.l2Out());
            d.put("RATE_PENALTY", r.l2Rate() > 0 ? 1 : 0);
        }

        /** True when the backward pass sums b_rec's, x0's or w_in's gradient (rate_train.cl's PART_* slots). */
        boolean trainsOffsetsOrInputs() {
            return options.trainBRec() || options.trainX0() || options.trainWIn();
        }
    }

    private static boolean allEqual(double[] a, double v) {
        for (double x : a) {
            if (x != v) {
                return false;
            }
        }
        return true;
    }

    private static boolean binary(double[] a) {
        for (double x : a) {
            if (x != 0 && x != 1) {
                return false;
            }
        }
        return true;
    }
}
