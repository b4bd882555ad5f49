package org.eirnn.cli;

import org.eirnn.engine.RateSession;
import org.eirnn.engine.cpu.CpuEngine;
import org.eirnn.io.MatResults;
import org.eirnn.io.MatResults.Variable;
import org.eirnn.io.ModelRecord;
import org.eirnn.model.LossFunction;
import org.eirnn.model.RateNoise;
import org.eirnn.spiking.LifParams;
import org.eirnn.spiking.SpikingCriterion;
import org.eirnn.spiking.SpikingEvaluation;
import org.eirnn.spiking.SpikingEvaluation.TrialOutcome;
import org.eirnn.spiking.SpikingReport;
import org.eirnn.task.Task;
import org.eirnn.task.TrialBatch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code eirnn spike-eval}: the accuracy of a model's spiking network at one scaling factor on fresh trials, scored
 * as the grid search scores them (spec §5) or by the strict rule, beside the rate model's last evaluation accuracy:
 * per condition with 95 % Wilson intervals, the spiking readout's amplitude against the rate model's on the same
 * stimuli, and with {@code --out} every trial's label, correctness and readout.
 */
final class SpikeEvalCommand implements Command {
    /** Trial ids of the evaluation start here, away from the grid search's 0 … factors·trials. */
    static final long FIRST_TRIAL = 1_000_000_000L;
    /** The most readout bytes --out keeps (every trial's out at every LIF step). */
    static final long OUT_LIMIT = 2_000_000_000L;

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
                ModelLoader.REQUIRED, TrialsOption.described("default 100"), () -> List.of(LifOptions.SCALING_FACTOR,
                        LifOptions.CRITERION), OutputOption.described("each trial's id, label, correct, window max/min "
                        + "and readout out (trials x steps), beside the rate model's output on the same stimuli"));
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
        Path out = OutputOption.path(a);
        long bytes = (long) trials * (task.steps() + 1) * LifParams.STEPS_PER_COLUMN * Double.BYTES;
        org.eirnn.InvalidInputException.require(out == null || bytes <= OUT_LIMIT, () -> String.format(Locale.ROOT,
                "--out with --trials %d would hold %.1f GB of readout traces (limit %.0f GB): use fewer --trials",
                trials, bytes / 1e9, OUT_LIMIT / 1e9));
        SpikingEvaluation.Setup setup = new SpikingEvaluation.Setup(task, LifOptions.params(a, 1), trials,
                SeedOption.read(a), FIRST_TRIAL, a.has(LifOptions.INITIAL_WEIGHTS), 0, 1, LifOptions.TRIALS_PER_LAUNCH,
                LifOptions.strict(a), out != null);
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
        TrialOutcome[] done = r.trials()[0];
        int correct = (int) Math.round(r.accuracy()[0] * trials);
        double[] ci = SpikingReport.wilson(correct, trials);
        System.out.printf(Locale.ROOT, "%s: task %s, scaling factor %s, %s criterion: spiking accuracy %.3f [%.3f, "
                        + "%.3f] over %d trials (mean rate %.2f Hz, %.1f s); rate model eval_perf_mean %.3f%n", file,
                task.name(), factor, setup.strict() ? "strict" : "reference", r.accuracy()[0], ci[0], ci[1], trials,
                r.meanRateHz()[0], (System.nanoTime() - start) / 1e9, model.evalPerfMean());
        List<String> parts = new ArrayList<>();
        SpikingReport.byCondition(task, done).forEach(c -> parts.add(SpikingReport.format(c)));
        System.out.println("  per condition (95% Wilson intervals): " + String.join("; ", parts));
        RateRun rate = rateRun(model, task, setup, done);
        System.out.printf(Locale.ROOT, "  output amplitude (mean peak toward the target in the window): spiking %.3f,"
                + " rate model %.3f on the same stimuli without noise (ratio %.2f)%n", rate.spikingAmplitude(),
                rate.rateAmplitude(), rate.spikingAmplitude() / rate.rateAmplitude());
        if (out != null) {
            write(out, done, rate);
            System.err.println("eirnn spike-eval: wrote " + out);
        }
        return Main.EXIT_OK;
    }

    /** The rate model on the spiking trials' stimuli (noise off) and both amplitudes. */
    record RateRun(double[] o, int steps, double spikingAmplitude, double rateAmplitude) {
    }

    static RateRun rateRun(ModelRecord model, Task task, SpikingEvaluation.Setup setup, TrialOutcome[] done) {
        int key = SpikingEvaluation.modelKey(setup.rngNetwork(), new SpikingEvaluation.Model(model.network(),
                model.initial()));
        List<TrialBatch> parts = new ArrayList<>();
        for (TrialOutcome t : done) {
            parts.add(task.generate(SpikingEvaluation.stimulusKey(setup.seed(), key), t.id(), 1));
        }
        TrialBatch batch = TrialBatch.concat(parts);
        double[] o;
        try (RateSession s = new CpuEngine().openRate(model.network().spec, 1, done.length, batch.steps(),
                LossFunction.L2)) {
            s.upload(List.of(model.network()));
            o = s.forward(batch, new RateNoise(0, 0), setup.seed(), false).o();
        }
        int len = batch.steps() - 1;
        int from = Math.max(0, SpikingCriterion.forTask(task.name()).windowFrom() / LifParams.STEPS_PER_COLUMN - 1);
        double[] spiking = new double[done.length];
        double[] rate = new double[done.length];
        for (int b = 0; b < done.length; b++) {
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            for (int i = from; i < len; i++) {
                max = Math.max(max, o[b * len + i]);
                min = Math.min(min, o[b * len + i]);
            }
            spiking[b] = SpikingReport.peakTowardTarget(task, done[b].label(), done[b].windowMax(), done[b].windowMin());
            rate[b] = SpikingReport.peakTowardTarget(task, done[b].label(), max, min);
        }
        return new RateRun(o, batch.steps(), SpikingReport.meanOfFinite(spiking), SpikingReport.meanOfFinite(rate));
    }

    private static void write(Path out, TrialOutcome[] done, RateRun rate) throws IOException {
        int n = done.length;
        int nt = done[0].out().length;
        double[] ids = new double[n];
        double[] labels = new double[n];
        double[] correct = new double[n];
        double[] max = new double[n];
        double[] min = new double[n];
        double[] trace = new double[n * nt];
        for (int b = 0; b < n; b++) {
            ids[b] = done[b].id();
            labels[b] = done[b].label();
            correct[b] = done[b].correct() ? 1 : 0;
            max[b] = done[b].windowMax();
            min[b] = done[b].windowMin();
            System.arraycopy(done[b].out(), 0, trace, b * nt, nt);
        }
        MatResults.write(out, List.of(new Variable("trial_ids", new int[] {n, 1}, ids),
                new Variable("labels", new int[] {n, 1}, labels), new Variable("correct", new int[] {n, 1}, correct),
                new Variable("window_max", new int[] {n, 1}, max), new Variable("window_min", new int[] {n, 1}, min),
                new Variable("out", new int[] {n, nt}, trace),
                new Variable("rate_o", new int[] {n, rate.steps() - 1}, rate.o())));
    }
}
