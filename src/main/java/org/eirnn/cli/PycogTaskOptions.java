package org.eirnn.cli;

import org.eirnn.model.DecayTaus;
import org.eirnn.model.ModelOptions;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNoise;
import org.eirnn.task.Task;
import org.eirnn.task.pycog.PycogSetup;
import org.eirnn.task.pycog.PycogTask;

/**
 * A pycog task's own settings ({@link PycogSetup}, spec peers §1.6–1.7) as the defaults of train's flags under
 * {@code --model song2016}: N, τ/Δt (--decay_taus), Dale's principle, trained b_rec/b_out and x0 (continuous mode),
 * σ_rec (--noise-sd), the per-step input noise √(2τ_in/Δt)·σ_in and the input baseline. A flag given on the command
 * line wins. Other tasks pass through unchanged.
 */
final class PycogTaskOptions {
    private PycogTaskOptions() {
    }

    /** {@code spec} with the task's settings where no flag was given. */
    static NetworkSpec spec(Args a, Task task, NetworkSpec spec) {
        if (!(task instanceof PycogTask p)) {
            return spec;
        }
        PycogSetup s = p.setup();
        NetworkSpec out = spec;
        if (!a.has(NetworkOptions.N)) {
            out = out.withN(s.n());
        }
        if (!a.has(NetworkOptions.DECAY_TAUS)) {
            out = out.withTaus(DecayTaus.single(s.tauSteps()));
        }
        if (!a.has(NetworkOptions.APPLY_DALE)) {
            out = out.withDale(s.dale());
        }
        ModelOptions o = out.options();
        return out.withOptions(o.withTrainable(a.bool(ModelFamilyOptions.TRAIN_X0, o.trainX0() && !s.continuous()),
                a.bool(ModelFamilyOptions.TRAIN_BREC, o.trainBRec() || s.trainBRec()),
                a.bool(ModelFamilyOptions.TRAIN_BOUT, o.trainBOut() || s.trainBOut()), o.trainWIn()));
    }

    /**
     * pycog's run settings a file's reader needs beside the matrices (spec peers §1.8): Δt and τ in ms, σ_rec, pycog's
     * σ_in (the per-step input noise divided by √(2τ_in/Δt)), τ_in and the input baseline; nothing for other tasks.
     */
    static void extras(Task task, RateNoise noise, java.util.Map<String, Object> into) {
        if (!(task instanceof PycogTask p)) {
            return;
        }
        PycogSetup s = p.setup();
        into.put("dt_ms", p.dtMs());
        into.put("tau_ms", p.tauMs());
        into.put("sigma_rec", noise.noiseSd());
        into.put("sigma_in", noise.inputSd() / Math.sqrt(2 * s.tauInMs() / p.dtMs()));
        into.put("tau_in_ms", s.tauInMs());
        into.put("baseline_in", noise.inputBaseline());
    }

    /** {@code noise} with the task's σ_rec, input noise and baseline where no flag was given. */
    static RateNoise noise(Args a, Task task, RateNoise noise) {
        if (!(task instanceof PycogTask p)) {
            return noise;
        }
        PycogSetup s = p.setup();
        RateNoise out = a.has(NoiseOptions.NOISE_SD) ? noise : noise.withRecurrent(s.sigmaRec(), noise.form());
        return out.withInputs(a.has(ModelFamilyOptions.INPUT_NOISE_SD) ? noise.inputSd() : s.inputNoisePerStep(),
                a.has(ModelFamilyOptions.INPUT_BASELINE) ? noise.inputBaseline() : s.baselineIn(),
                noise.rectifyInputs());
    }
}
