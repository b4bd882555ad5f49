package org.eirnn.cli;

import org.eirnn.model.RateNoise;
import org.eirnn.task.Task;
import org.eirnn.task.pycog.PycogSetup;
import org.eirnn.task.pycog.PycogTask;

/**
 * What a song2016 model file of a pycog task records of its run beside the matrices (spec peers §1.8), so that
 * pycog's runner can be re-typed from the file alone; train's defaults for pycog's tasks are
 * {@link PycogTaskDefaults}'.
 */
final class PycogRunExtras {
    private PycogRunExtras() {
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
}
