package org.eirnn.cli;

import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.Optimizer;
import org.eirnn.engine.SgdConfig;
import org.eirnn.model.AlphaMode;
import org.eirnn.model.LossFunction;
import org.eirnn.model.ModelOptions;
import org.eirnn.model.NoiseForm;
import org.eirnn.model.OutputActivation;
import org.eirnn.model.Positivity;
import org.eirnn.model.Preset;
import org.eirnn.model.RateNoise;
import org.eirnn.model.Regularisers;

import java.util.List;

/**
 * The model family's options for train (DESIGN "One model family"): {@code --model} names a preset (spikernn,
 * song2016, nn4n), which only sets defaults, and each option below overrides its part of it. The flags of spikeRNN
 * itself (--act, --decay_taus, --apply_dale, --loss_fn, --noise-sd, --x0-sd, --lr) take the preset's defaults too.
 */
final class ModelFamilyOptions {
    static final Flag OUTPUT_ACTIVATION = Flag.value("output-activation", "g", "output nonlinearity: linear, "
            + "sigmoid or softmax").detail("default: the preset's, linear");
    static final Flag POSITIVITY = Flag.value("positivity", "phi", "what keeps Dale weights non-negative: relu "
            + "(spikeRNN) or abs").detail("default: the preset's");
    static final Flag POSITIVE_INPUTS = Flag.value("positive-inputs", "bool", "input weights non-negative under "
            + "Dale (pycog)").detail("default: the preset's");
    static final Flag DALE_READOUT = Flag.value("dale-readout", "bool", "readout signed by its units' E/I type "
            + "(pycog)").detail("default: the preset's");
    static final Flag ALPHA = Flag.value("alpha", "mode", "where alpha = dt/tau comes from: taus (--decay_taus) "
            + "or trainable (nn4n's learn_alpha)").detail("default taus");
    static final Flag TRAIN_X0 = Flag.value("train-x0", "bool", "train the initial state x0 (pycog)");
    static final Flag TRAIN_BREC = Flag.value("train-brec", "bool", "train the recurrent biases b_rec");
    static final Flag TRAIN_BOUT = Flag.value("train-bout", "bool", "train the output biases b_out (spikeRNN: yes)");
    static final Flag TRAIN_WIN = Flag.value("train-win", "bool", "train the input weights (spikeRNN: no)");
    static final Flag NOISE_FORM = Flag.value("noise-form", "form", "how --noise-sd enters: spikernn (outside "
            + "alpha), continuous (sqrt(2 alpha) sigma, pycog) or nn4n (alpha sigma)").detail("default: the preset's");
    static final Flag POST_NOISE_SD = Flag.value("post-noise-sd", "sd", "post-activation noise on the rates");
    static final Flag INPUT_NOISE_SD = Flag.value("input-noise-sd", "sd", "per-step noise on the inputs (pycog)");
    static final Flag INPUT_BASELINE = Flag.value("input-baseline", "u0", "constant added to every input (pycog 0.2)");
    static final Flag RECTIFY_INPUTS = Flag.value("rectify-inputs", "bool", "inputs rectified at 0 (pycog)");
    static final Flag OPTIMIZER = Flag.value("optimizer", "name", "adam (TF1 form) or sgd").detail("default: the "
            + "preset's");
    static final Flag CLIP_NORM = Flag.value("clip-norm", "c", "SGD: clip the global gradient norm at c, 0 = none");
    static final Flag LAMBDA_OMEGA = Flag.value("lambda-omega", "lambda", "weight of pycog's vanishing-gradient "
            + "regulariser Omega (its immediate W_rec derivative joins the gradient)")
            .detail("default: the preset's, 2 for song2016, else 0");
    static final List<Flag> PENALTIES = List.of(
            Flag.value("l1-in", "lambda", "L1 penalty, mean |W_in+|"),
            Flag.value("l1-rec", "lambda", "L1 penalty, mean |W_rec+|"),
            Flag.value("l1-out", "lambda", "L1 penalty, mean |W_out+|"),
            Flag.value("l2-in", "lambda", "L2 penalty, mean W_in+^2"),
            Flag.value("l2-rec", "lambda", "L2 penalty, mean W_rec+^2"),
            Flag.value("l2-out", "lambda", "L2 penalty, mean W_out+^2"),
            Flag.value("l2-rate", "lambda", "L2 penalty, mean r^2"),
            Flag.value("fr-mean", "lambda", "nn4n's mean-rate penalty, lambda m^2 (m: mean rate)"),
            Flag.value("fr-sd", "lambda", "nn4n's penalty on the SD over units of their mean rates"),
            Flag.value("fr-cv", "lambda", "nn4n's penalty on the CV over units of their mean rates"));

    static final OptionGroup GROUP = () -> {
        List<Flag> all = new java.util.ArrayList<>(List.of(OUTPUT_ACTIVATION, POSITIVITY, POSITIVE_INPUTS,
                DALE_READOUT, ALPHA, TRAIN_X0, TRAIN_BREC, TRAIN_BOUT, TRAIN_WIN, NOISE_FORM, POST_NOISE_SD,
                INPUT_NOISE_SD, INPUT_BASELINE, RECTIFY_INPUTS, OPTIMIZER, CLIP_NORM, LAMBDA_OMEGA));
        all.addAll(PENALTIES);
        return all;
    };

    private ModelFamilyOptions() {
    }

    /** The preset's options with every flag given applied. */
    static ModelOptions options(Args a, Preset p) {
        ModelOptions d = p.options();
        double[] lambda = new double[PENALTIES.size()];
        for (int k = 0; k < lambda.length; k++) {
            lambda[k] = a.nonNegative(PENALTIES.get(k), 0);
        }
        return new ModelOptions(p, OutputActivation.parse(a.string(OUTPUT_ACTIVATION, d.output().flagName)),
                Positivity.parse(a.string(POSITIVITY, d.positivity().flagName)),
                a.bool(POSITIVE_INPUTS, d.positiveInputs()), a.bool(DALE_READOUT, d.daleReadout()),
                AlphaMode.parse(a.string(ALPHA, d.alpha().flagName)), a.bool(TRAIN_X0, d.trainX0()),
                a.bool(TRAIN_BREC, d.trainBRec()), a.bool(TRAIN_BOUT, d.trainBOut()), a.bool(TRAIN_WIN, d.trainWIn()),
                Regularisers.of(lambda).withOmega(a.nonNegative(LAMBDA_OMEGA, d.regularisers().omega())));
    }

    /** --noise-sd and --x0-sd with the preset's defaults, and the family's noise flags. */
    static RateNoise noise(Args a, Preset p) {
        RateNoise d = p.noise();
        return new RateNoise(a.nonNegative(NoiseOptions.NOISE_SD, d.noiseSd()),
                a.nonNegative(NoiseOptions.X0_SD, d.x0Sd()), NoiseForm.parse(a.string(NOISE_FORM, d.form().flagName)),
                a.nonNegative(POST_NOISE_SD, d.postSd()), a.nonNegative(INPUT_NOISE_SD, d.inputSd()),
                a.number(INPUT_BASELINE, d.inputBaseline()), a.bool(RECTIFY_INPUTS, d.rectifyInputs()));
    }

    /**
     * The noise a model file was trained with (its eirnn_ settings; spikeRNN's for files without them), with
     * --noise-sd and --x0-sd overriding: what eval and gradcheck run a file with.
     */
    static RateNoise noiseOf(Args a, java.util.Map<String, Object> extras) {
        java.util.Map<String, Object> e = extras == null ? java.util.Map.of() : extras;
        NoiseForm form = e.get("noise_form") instanceof String s ? NoiseForm.parse(s) : NoiseForm.SPIKERNN;
        return new RateNoise(a.nonNegative(NoiseOptions.NOISE_SD, number(e, "noise_sd", NoiseOptions.DEFAULT_NOISE_SD)),
                a.nonNegative(NoiseOptions.X0_SD, number(e, "x0_sd", RateNoise.SPIKERNN.x0Sd())), form,
                number(e, "post_noise_sd", 0), number(e, "input_noise_sd", 0), number(e, "input_baseline", 0),
                number(e, "rectify_inputs", 0) != 0);
    }

    private static double number(java.util.Map<String, Object> e, String key, double fallback) {
        return e.get(key) instanceof Number x ? x.doubleValue() : fallback;
    }

    static LossFunction loss(Args a, Preset p) {
        return LossFunction.parse(a.string(RateOptions.LOSS, p.loss().spikeRnnName));
    }

    /** --optimizer, --lr and --clip-norm with the preset's defaults. */
    static Optimizer optimizer(Args a, Preset p, Flag lr) {
        double rate = a.positive(lr, p.learningRate());
        String name = a.string(OPTIMIZER, p.optimizer()).toLowerCase(java.util.Locale.ROOT);
        return switch (name) {
            case "adam" -> AdamConfig.SPIKERNN.withLearningRate(rate);
            case "sgd" -> new SgdConfig(rate, a.nonNegative(CLIP_NORM, p.clipNorm()));
            default -> throw Args.invalid(OPTIMIZER, name, "adam or sgd");
        };
    }
}
