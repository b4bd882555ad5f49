package org.eirnn.cli;

import org.eirnn.engine.Gradients;
import org.eirnn.engine.Trainables;
import org.eirnn.io.MatResults;
import org.eirnn.io.MatResults.Variable;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.task.Task;
import org.eirnn.task.TrialBatch;
import org.eirnn.train.GradientCheck;
import org.eirnn.train.TrialIds;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code eirnn gradcheck --model FILE}: the loss gradients of seeded trials on the chosen engine against central finite
 * differences on the CPU reference in double (spec §2.3; derivation in validation/bptt-derivation.md). Exit 1 when a
 * variable's relative error exceeds the tolerance.
 */
final class GradcheckCommand implements Command {

    @Override
    public String name() {
        return "gradcheck";
    }

    @Override
    public String summary() {
        return "compare an engine's loss gradients with finite differences on a model file";
    }

    static final Flag SAMPLES = Flag.value("samples", "n",
            "entries checked per variable, evenly spread (0 = all, slow for large N)").detail("default 200");
    static final Flag STEP = Flag.value("step", "h", "finite-difference step").detail("default 1e-5");
    static final Flag TOLERANCE = Flag.value("tolerance", "rel", "largest accepted relative error")
            .detail("default 1e-6 on cpu, 1e-3 on opencl, which computes in float");

    @Override
    public CliOptions options() {
        return RateOptions.ofModelFile(name(), "eirnn gradcheck --model FILE [options]",
                TrialsOption.described("trials in the minibatch, default 1"), () -> List.of(SAMPLES, STEP, TOLERANCE),
                OutputOption.described("the analytic and finite-difference gradients"));
    }

    @Override
    public int run(String[] args) throws Exception {
        Args a = options().parse(args);
        if (a == null) {
            return Main.EXIT_OK;
        }
        int samples = a.integer(SAMPLES, 200, 0);
        double h = a.positive(STEP, 1e-5);
        double givenTolerance = a.positive(TOLERANCE, Double.NaN);
        Path out = OutputOption.path(a);
        RateOptions.ModelRun run = RateOptions.modelRun(a, mt -> "l2", 1);
        RateNetwork net = run.model().network();
        Task task = run.model().task();
        RateNoise noise = run.noise();
        long seed = run.seed();
        int trials = run.trials();

        TrialBatch batch = TrialIds.ensembleBatch(task, seed, 1, TrialIds.training(0, trials), trials);
        record OnEngine(Gradients gradients, String kind) {
        }
        OnEngine result = RateOptions.withSession(a, System.err, run,
                (engine, session) -> new OnEngine(session.gradients(batch, noise, seed).get(0), engine.kind()));
        Gradients analytic = result.gradients();
        double tolerance = a.has(TOLERANCE) ? givenTolerance : result.kind().equals("cpu") ? 1e-6 : 1e-3;
        long start = System.nanoTime();
        double[] numeric = GradientCheck.finiteDifferences(net, run.loss(), batch, noise, seed, h,
                sampleIndices(net, samples));
        System.out.printf(Locale.ROOT, "%s: %s, %d trial(s), seed %d, loss %.6f; finite differences (h=%s) in "
                + "%.1f s%n", run.model().path(), task.name(), trials, seed, analytic.loss(), h,
                (System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "  %-10s %8s %14s %14s %14s%n", "variable", "checked", "rel. error",
                "max abs err", "|grad|");
        boolean ok = true;
        for (GradientCheck.VariableError e : GradientCheck.compare(analytic, numeric)) {
            boolean pass = e.relativeError() <= tolerance;
            ok &= pass;
            System.out.printf(Locale.ROOT, "  %-10s %8d %14.3e %14.3e %14.3e %s%n", e.name(), e.checked(),
                    e.relativeError(), e.maxAbsError(), e.norm(), pass ? "ok" : "ABOVE TOLERANCE " + tolerance);
        }
        if (out != null) {
            int n = net.n();
            Gradients fd = Trainables.unpackGradients(analytic.loss(), numeric, n);
            MatResults.write(out, List.of(
                    Variable.scalar("loss", analytic.loss()),
                    new Variable("dL_dw", new int[] {n, n}, analytic.w()),
                    new Variable("dL_dw_out", new int[] {1, n}, analytic.wOut()),
                    Variable.scalar("dL_db_out", analytic.bOut()[0]),
                    new Variable("dL_dtaus_gaus", new int[] {n, 1}, analytic.tausGaus()),
                    new Variable("fd_w", new int[] {n, n}, fd.w()),
                    new Variable("fd_w_out", new int[] {1, n}, fd.wOut()),
                    Variable.scalar("fd_b_out", fd.bOut()[0]),
                    new Variable("fd_taus_gaus", new int[] {n, 1}, fd.tausGaus())));
            System.err.println("eirnn gradcheck: wrote " + out + " (fd_* is NaN where not checked)");
        }
        return ok ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    /**
     * Up to {@code samples} evenly spread entries of each variable (all when 0 or when the variable is smaller); for w
     * with Dale only the non-zero weights, since pruned ones sit on relu's kink and are not differentiated.
     */
    static int[] sampleIndices(RateNetwork net, int samples) {
        int n = net.n();
        int[] starts = Trainables.starts(n);
        List<Integer> out = new ArrayList<>();
        for (int v = 0; v < 4; v++) {
            List<Integer> candidates = new ArrayList<>();
            for (int p = starts[v]; p < starts[v + 1]; p++) {
                if (v > 0 || !net.spec.applyDale() || net.w[p] != 0) {
                    candidates.add(p);
                }
            }
            int size = candidates.size();
            int count = samples == 0 ? size : Math.min(size, samples);
            for (int s = 0; s < count; s++) {
                out.add(candidates.get((int) ((long) s * size / count)));
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
