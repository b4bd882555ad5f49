package org.eirnn.cli;

import org.eirnn.io.ModelRecord;
import org.eirnn.spiking.SpikingEvaluation;
import org.eirnn.task.Task;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code eirnn spike-eval}: the accuracy of a model's spiking network at one scaling factor on fresh trials, scored
 * as the grid search scores them (spec §5), beside the rate model's last evaluation accuracy.
 */
final class SpikeEvalCommand implements Command {
    /** Trial ids of the evaluation start here, away from the grid search's 0 … factors·trials. */
    static final long FIRST_TRIAL = 1_000_000_000L;

    @Override
    public String name() {
        return "spike-eval";
    }

    @Override
    public String summary() {
        return "accuracy of a model's LIF network at a scaling factor on fresh trials";
    }

    @Override
    public CliOptions options() {
        return LifOptions.of(name(), "eirnn spike-eval --model FILE [--scaling-factor F] [--trials 100]", "auto",
                ModelLoader.REQUIRED, TrialsOption.described("default 100"), () -> List.of(LifOptions.SCALING_FACTOR));
    }

    @Override
    public int run(String[] args) throws Exception {
        Args a = options().parse(args);
        if (a == null) {
            return Main.EXIT_OK;
        }
        int trials = TrialsOption.read(a, 100);
        double given = LifOptions.givenScalingFactor(a);
        ModelLoader.Loaded loaded = ModelLoader.load(a);
        Path file = loaded.path();
        ModelRecord model = loaded.record();
        Task task = loaded.task();
        double factor = LifOptions.scalingFactor(given, model, file);
        SpikingEvaluation.Setup setup = new SpikingEvaluation.Setup(task, LifOptions.params(a, 1), trials,
                SeedOption.read(a), FIRST_TRIAL, a.has(LifOptions.INITIAL_WEIGHTS), 0, 1, LifOptions.TRIALS_PER_LAUNCH);
        long start = System.nanoTime();
        SpikingEvaluation.Outcome r;
        try (LifOptions.LifEngine engine = LifOptions.open(a, "auto")) {
            r = SpikingEvaluation.evaluate(engine.simulator(), model.network(), model.initial(), new double[] {factor},
                    setup, done -> {
                        if (done < trials) {    // the summary line below reports the end
                            LifOptions.progress(name(), file.getFileName().toString(), done, trials, start);
                        }
                    });
        }
        System.out.printf(Locale.ROOT, "%s: task %s, scaling factor %s: spiking accuracy %.3f over %d trials "
                        + "(mean rate %.2f Hz, %.1f s); rate model eval_perf_mean %.3f%n", file, task.name(), factor,
                r.accuracy()[0], trials, r.meanRateHz()[0], (System.nanoTime() - start) / 1e9, model.evalPerfMean());
        return Main.EXIT_OK;
    }
}
