package org.eirnn.cli;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.Engine;
import org.eirnn.engine.opencl.OpenClEngine;
import org.eirnn.io.AtomicFiles;
import org.eirnn.local.CpuLocalRule;
import org.eirnn.local.ForecastModelFile;
import org.eirnn.local.ForecastTraining;
import org.eirnn.local.LocalEngine;
import org.eirnn.local.LocalEnsemble;
import org.eirnn.local.LocalNoise;
import org.eirnn.local.NgcSpec;
import org.eirnn.local.OpenClLocalRule;
import org.eirnn.local.PassMetrics;
import org.eirnn.model.Preset;
import org.eirnn.task.ForecastTask;
import org.eirnn.task.ForecastTaskFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code eirnn train --model ngc-eirnn --task forecast}: ngc-learn's EI-RNN exhibit (spec peers §2): next-step
 * prediction of a series (the sine, or {@code --series FILE}), evaluated with learning off before and after
 * {@code --passes} passes of the local rule ({@code --learning local}) or of BPTT ({@code --learning bptt}), for
 * {@code --networks K} independent networks. Prints MAE, RMSE and log-likelihood before and after on stdout, progress
 * on stderr, and writes the model file.
 */
final class ForecastTrain {
    static final String TASK = "forecast";
    static final Flag LEARNING = Flag.value("learning", "rule", "how --model ngc-eirnn learns: local (eligibility "
            + "traces, online) or bptt (the family's BPTT, one update per pass)").detail("default local");
    static final Flag PASSES = Flag.value("passes", "P", "--task forecast: passes through the series")
            .detail("default 40");
    static final Flag SERIES = Flag.value("series", "file", "--task forecast: the series, CSV (rows = time points, "
            + "columns = channels) or .mat").detail("default: sin(t) + 0.025 noise, 1000 points on [0, 10]");
    static final Flag SERIES_VAR = Flag.value("series-var", "name", "--task forecast: the variable of a .mat series, "
            + "points x channels").detail("default series");
    static final Flag TAU_ELG = Flag.value("tau-elg", "steps", "the local rule's eligibility trace time constant")
            .detail("default 40");
    static final List<Flag> FLAGS = List.of(LEARNING, PASSES, SERIES, SERIES_VAR, TAU_ELG);

    private ForecastTrain() {
    }

    /** True when the command line asks for the forecast task. */
    static boolean applies(Args a) {
        return TASK.equals(a.string(TaskOption.TASK, ""));
    }

    /** The other tasks: --learning bptt is what they do anyway, the forecast flags mean nothing there. */
    static void requireNotGiven(Args a) {
        for (Flag f : List.of(PASSES, SERIES, SERIES_VAR, TAU_ELG)) {
            InvalidInputException.require(!a.has(f), () -> f.spelled() + " is only for --task forecast");
        }
        InvalidInputException.require(!a.has(LEARNING) || a.string(LEARNING, "").equals("bptt"),
                () -> "--learning " + a.string(LEARNING, "") + " is not valid with --task " + a.string(TaskOption.TASK,
                        "") + ": the local rule needs a target at every step (--task forecast); expected bptt");
    }

    /** What the run needs, read and checked before any work. */
    private record Plan(NgcSpec spec, ForecastTask task, boolean local, int networks, int passes, long seed,
                        LocalNoise form, Path out) {
    }

    static int run(Args a, PrintStream err) throws IOException {
        Plan plan = plan(a);
        err.printf(Locale.ROOT, "eirnn train: forecast %s (%d points x %d channel(s)), ngc-eirnn N=%d (%d E + %d I), "
                        + "%d network(s), %d passes, --learning %s, seed %d%s%n", plan.task().name(),
                plan.task().points(), plan.task().channels(), plan.spec().n(),
                plan.spec().n() - plan.spec().inhibitory(), plan.spec().inhibitory(), plan.networks(), plan.passes(),
                plan.local() ? "local" : "bptt", plan.seed(), SeedOption.given(a) ? "" : " (the default)");
        try (Engine family = DeviceOption.open(a, plan.local() ? RateOptions.DEFAULT_DEVICE : bpttDevice(a, err), err);
             LocalEngine rule = family instanceof OpenClEngine cl ? new OpenClLocalRule(cl.device(), false)
                     : new CpuLocalRule()) {
            LocalEnsemble ensemble = LocalEnsemble.initial(plan.spec(), plan.networks(), plan.seed());
            Progress progress = new Progress(err);
            ForecastTraining.Result r = plan.local()
                    ? ForecastTraining.local(rule, ensemble, plan.task(), plan.seed(), plan.passes(), 1, progress)
                    : ForecastTraining.bptt(family, rule, ensemble, plan.task(), plan.seed(), plan.passes(), progress);
            report(r, plan, System.out);
            ForecastModelFile.write(plan.out(), ensemble, r, plan.task(), plan.local(), plan.seed(), plan.form(),
                    family.description());
            err.println("eirnn train: saved " + plan.out());
        }
        return Main.EXIT_OK;
    }

    /** BPTT runs where the family's kernels implement the model (post-activation noise: the CPU engine today). */
    private static String bpttDevice(Args a, PrintStream err) {
        if (a.has(DeviceOption.DEVICE)) {
            return RateOptions.DEFAULT_DEVICE;
        }
        err.println("eirnn train: note: BPTT of --model ngc-eirnn (post-activation noise) runs on the CPU engine");
        return "cpu";
    }

    /** Flags of train that the forecast task has no use for: refused rather than silently ignored. */
    private static List<Flag> unused() {
        List<Flag> flags = new java.util.ArrayList<>(List.of(NetworkOptions.GAIN, NetworkOptions.P_REC,
                NetworkOptions.SOM_N, NetworkOptions.APPLY_DALE, NetworkOptions.ACT, RateOptions.LOSS,
                NoiseOptions.X0_SD, TrainCommand.GPU, TrainCommand.GPU_FRAC));
        flags.addAll(ModelFamilyOptions.GROUP.flags());
        flags.addAll(StructureOptions.GROUP.flags());
        flags.removeAll(List.of(ModelFamilyOptions.NOISE_FORM, ModelFamilyOptions.POST_NOISE_SD));
        return flags;
    }

    private static Plan plan(Args a) throws IOException {
        InvalidInputException.require(!a.has(TrainCommand.BATCH) && !a.has(TrainCommand.N_TRIALS)
                && !a.has(TrainCommand.RESUME), () -> "--batch, --n_trials and --resume are not used by --task "
                + "forecast (--passes counts passes through the series)");
        for (Flag f : unused()) {
            InvalidInputException.require(!a.has(f), () -> f.spelled() + " is not an option of --model ngc-eirnn "
                    + "--task forecast (relu units, Dale with the last round(P_inh N) units inhibitory, Adam)");
        }
        Preset preset = Preset.parse(a.string(ModelLoader.MODEL, Preset.NGC_EIRNN.flagName));
        InvalidInputException.require(preset == Preset.NGC_EIRNN, () -> "--task forecast runs --model ngc-eirnn, not "
                + preset.flagName);
        String learning = a.string(LEARNING, "local").toLowerCase(Locale.ROOT);
        InvalidInputException.require(learning.equals("local") || learning.equals("bptt"),
                () -> "--learning '" + a.string(LEARNING, "") + "' is not valid: expected local or bptt");
        long seed = SeedOption.read(a);
        int networks = a.integer(TrainCommand.NETWORKS, 1, 1);
        int passes = a.integer(PASSES, 40, 1);
        int n = a.integer(NetworkOptions.N, 10, 1);
        double pInh = a.number(NetworkOptions.P_INH, 0.2, p -> p >= 0 && p <= 1, "a probability in [0, 1]");
        double[] tau = NetworkOptions.taus(a, Preset.NGC_EIRNN.taus()).asArray();
        InvalidInputException.require(tau.length == 1 && tau[0] >= 1, () -> "--decay_taus for --model ngc-eirnn is "
                + "one fixed tau >= 1 step (default 10: tau_x 100 ms at dt 10 ms)");
        LocalNoise form = LocalNoise.parse(a.string(ModelFamilyOptions.NOISE_FORM, LocalNoise.CONTINUOUS.flagName));
        Path seriesFile = a.inputFile(SERIES, "a CSV or .mat series");
        ForecastTask task = seriesFile == null ? ForecastTask.sine()
                : ForecastTaskFiles.read(seriesFile, a.string(SERIES_VAR, "series"));
        InvalidInputException.require((long) passes * task.steps() < Integer.MAX_VALUE, () -> "--passes " + passes
                + " of " + task.steps() + " steps is more than 2^31 Adam steps: expected fewer passes");
        NgcSpec spec = NgcSpec.of(n, (int) Math.round(pInh * n), task.channels(), 1 / tau[0],
                a.nonNegative(NoiseOptions.NOISE_SD, 0.1), form, a.nonNegative(ModelFamilyOptions.POST_NOISE_SD, 0.1),
                a.number(TAU_ELG, 40, t -> t >= 1, "a number of steps >= 1"),
                a.positive(TrainCommand.LR, Preset.NGC_EIRNN.learningRate()));
        Path out = a.has(OutputOption.OUT) ? Path.of(a.string(OutputOption.OUT, null))
                : Path.of(a.string(TrainCommand.OUTPUT_DIR, "."), "models", TASK, String.format(Locale.ROOT,
                "ngc-eirnn_%s_N_%d_seed_%d.mat", learning, n, seed));
        AtomicFiles.requireWritable(out, a.has(OutputOption.OUT) ? "--out" : "--output_dir");
        return new Plan(spec, task, learning.equals("local"), networks, passes, seed, form, out);
    }

    /** MAE, RMSE and log-likelihood before and after, per network (all networks summarised when there are many). */
    private static void report(ForecastTraining.Result r, Plan plan, PrintStream out) {
        out.printf(Locale.ROOT, "%-8s %10s %10s %10s %14s %14s %12s%n", "network", "MAE before", "MAE after",
                "RMSE before", "RMSE after", "loglik before", "loglik after");
        int shown = Math.min(plan.networks(), 8);
        for (int k = 0; k < shown; k++) {
            PassMetrics b = r.before()[k];
            PassMetrics f = r.after()[k];
            out.printf(Locale.ROOT, "%-8d %10.4f %10.4f %10.4f %14.4f %14.2f %12.2f%n", k, b.mae(), f.mae(), b.rmse(),
                    f.rmse(), b.logLikelihood(), f.logLikelihood());
        }
        if (plan.networks() > shown) {
            out.printf(Locale.ROOT, "(%d more networks; the model file holds every one)%n", plan.networks() - shown);
        }
        double[] after = java.util.Arrays.stream(r.after()).mapToDouble(PassMetrics::rmse).sorted().toArray();
        out.printf(Locale.ROOT, "RMSE after over %d network(s): median %.4f, min %.4f, max %.4f; training %.2f s "
                + "(%s, %d passes)%n", after.length, after[after.length / 2], after[0], after[after.length - 1],
                r.seconds(), plan.local() ? "local rule" : "BPTT", plan.passes());
    }

    /** Passes done, rate and time left on stderr, at most every 2 s and at the end. */
    private static final class Progress implements ForecastTraining.Progress {
        private final PrintStream err;
        private long start = System.nanoTime();
        private long last = start;

        Progress(PrintStream err) {
            this.err = err;
        }

        @Override
        public void pass(int done, int total) {
            long now = System.nanoTime();
            if (done == 0) {
                start = now;
                last = now;
                return;
            }
            if (now - last < 2_000_000_000L && done < total) {
                return;
            }
            last = now;
            double s = (now - start) / 1e9;
            double rate = done / s;
            err.printf(Locale.ROOT, "eirnn train: pass %d/%d, %.1f passes/s, %.0f s left%n", done, total, rate,
                    (total - done) / rate);
        }
    }
}
