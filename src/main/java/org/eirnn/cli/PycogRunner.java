package org.eirnn.cli;

import org.eirnn.InvalidInputException;
import org.eirnn.io.MatModelFile.ImportedModel;
import org.eirnn.io.ModelRecord;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.NoiseForm;
import org.eirnn.model.Preset;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.task.pycog.PycogSetup;
import org.eirnn.task.pycog.PycogTask;
import org.eirnn.task.pycog.PycogTasks;

import java.util.Map;

/**
 * {@code eval --dt MS}: pycog's runner (spec peers §1.8) — a trained song2016 network of a pycog task run at another
 * step Δt, to check that its behaviour holds as the step shrinks. The task is regenerated at Δt (pycog's tasks take
 * Δt, and keep their epochs in ms); α = Δt/τ; the recurrent noise stays √(2α)·σ_rec (continuous form, so it follows
 * α); the per-step input noise becomes √(2τ_in/Δt)·σ_in. τ, σ_rec, σ_in and τ_in are the file's (eirnn_tau_ms,
 * --noise-sd or eirnn_sigma_rec, eirnn_sigma_in, eirnn_tau_in_ms), else pycog's defaults for the task. Models of
 * other presets have no step of their own to change and are refused.
 */
final class PycogRunner {
    static final Flag DT = Flag.value("dt", "ms", "song2016 models of pycog's tasks: run at this step in ms "
            + "(pycog's runner: trials regenerated, alpha = dt/tau, noise rescaled), e.g. 0.5");

    private PycogRunner() {
    }

    /** {@code run} at the step --dt, or {@code run} itself without the flag. */
    static RateOptions.ModelRun atStep(Args a, RateOptions.ModelRun run) {
        if (!a.has(DT)) {
            return run;
        }
        double dt = a.positive(DT, Double.NaN);
        ModelRecord record = run.model().record();
        RateNetwork net = record.network();
        String name = run.model().task().name();
        InvalidInputException.require(net.spec.options().preset() == Preset.SONG2016 && PycogTasks.isPycog(name)
                && run.model().task() instanceof PycogTask, () -> "--dt " + dt + " applies to song2016 models of "
                + "pycog's tasks (pycog's runner); " + run.model().path() + " is a " + net.spec.options().preset()
                .flagName + " model of task " + name + ", whose step is fixed by its trials");
        Map<String, Object> e = record.extras() == null ? Map.of() : record.extras();
        PycogTask trained = (PycogTask) run.model().task();
        double tau = number(e, "tau_ms", trained.tauMs());
        PycogTask task = PycogTasks.byName(name, dt, tau);
        PycogSetup s = task.setup();
        double sigmaIn = number(e, "sigma_in", s.sigmaIn());
        double tauIn = number(e, "tau_in_ms", s.tauInMs());
        RateNoise old = run.noise();
        RateNoise noise = new RateNoise(old.noiseSd(), old.x0Sd(), NoiseForm.CONTINUOUS, old.postSd(),  // √(2α)σ_rec
                Math.sqrt(2 * tauIn / dt) * sigmaIn, old.inputBaseline(), old.rectifyInputs());
        RateNetwork atDt = net.withSpec(net.spec.withTaus(DecayTaus.single(tau / dt)));
        ModelRecord moved = new ModelRecord(record.task(), atDt, record.initial(), task.steps(), null, null, null,
                null, null, null, null, record.losses(), record.evalPerfMean(), record.evalLossMean(), null, null,
                record.textLabels(), record.lastTrial(), record.grid(), e);
        ImportedModel imported = new ImportedModel(moved, run.model().imported().flavour(),
                run.model().imported().notes());
        org.eirnn.engine.SessionContract.requireHostMemory(atDt.spec, 1, run.trials(), task.steps());
        if (dt > tau / 10) {
            System.err.println("eirnn eval: note: --dt " + dt + " ms is above tau/10 = " + tau / 10 + " ms (pycog's "
                    + "runner warns there too)");
        }
        return new RateOptions.ModelRun(new ModelLoader.Loaded(run.model().path(), imported, task), run.loss(),
                noise, run.seed(), run.trials());
    }

    private static double number(Map<String, Object> e, String key, double fallback) {
        return e.get(key) instanceof Number x ? x.doubleValue() : fallback;
    }
}
