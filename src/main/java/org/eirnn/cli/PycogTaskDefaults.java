package org.eirnn.cli;

import org.eirnn.InvalidInputException;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.ModelOptions;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.PycogConnectivity;
import org.eirnn.model.RateNoise;
import org.eirnn.task.Task;
import org.eirnn.task.pycog.PycogSetup;
import org.eirnn.task.pycog.PycogTask;

/**
 * train's defaults for pycog's tasks (spec peers §1.7): the task's N, τ/Δt, Dale's principle, trained biases,
 * continuous mode (x0 not trained), recurrent and input noise, and its connection structure. A flag given on the
 * command line still wins; an N other than the task's is refused for a task with its own structure.
 */
final class PycogTaskDefaults {
    private PycogTaskDefaults() {
    }

    /** The task's gradient minibatch (pycog's n_gradient: 20, mante 50, 1 in continuous mode), else 1. */
    static int batch(Task task) {
        return task instanceof PycogTask p ? p.setup().nGradient() : 1;
    }

    static NetworkSpec spec(Args a, Task task, NetworkSpec spec) {
        if (!(task instanceof PycogTask p)) {
            return spec;
        }
        PycogSetup s = p.setup();
        boolean structured = s.connectivity().cIn() != null || s.connectivity().cRec() != null
                || s.connectivity().cOut() != null;
        InvalidInputException.require(!structured || !a.has(NetworkOptions.N) || spec.n() == s.n(),
                () -> "--N " + spec.n() + " does not fit task " + task.name() + ": its connection structure is for N = "
                        + s.n());
        NetworkSpec out = a.has(NetworkOptions.N) ? spec : spec.withN(s.n());
        out = a.has(NetworkOptions.DECAY_TAUS) ? out : out.withTaus(DecayTaus.single(s.tauSteps()));
        out = a.has(NetworkOptions.APPLY_DALE) ? out : out.withDale(s.dale());
        ModelOptions o = out.options();
        return out.withOptions(o.withTrainable(a.has(ModelFamilyOptions.TRAIN_X0) ? o.trainX0() : !s.continuous(),
                a.has(ModelFamilyOptions.TRAIN_BREC) ? o.trainBRec() : s.trainBRec(),
                a.has(ModelFamilyOptions.TRAIN_BOUT) ? o.trainBOut() : s.trainBOut(), o.trainWIn()));
    }

    static RateNoise noise(Args a, Task task, RateNoise noise) {
        if (!(task instanceof PycogTask p)) {
            return noise;
        }
        PycogSetup s = p.setup();
        return new RateNoise(a.has(NoiseOptions.NOISE_SD) ? noise.noiseSd() : s.sigmaRec(), noise.x0Sd(),
                noise.form(), noise.postSd(),
                a.has(ModelFamilyOptions.INPUT_NOISE_SD) ? noise.inputSd() : s.inputNoisePerStep(),
                a.has(ModelFamilyOptions.INPUT_BASELINE) ? noise.inputBaseline() : s.baselineIn(),
                noise.rectifyInputs());
    }

    /** The task's C_in/C_rec/C_out for a network of its own size (pycog's defaults otherwise). */
    static PycogConnectivity structure(Task task, NetworkSpec spec) {
        return task instanceof PycogTask p && spec.n() == p.setup().n() ? p.setup().connectivity()
                : PycogConnectivity.DEFAULT;
    }
}
