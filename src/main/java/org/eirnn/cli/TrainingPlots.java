package org.eirnn.cli;

import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trajectories;
import org.eirnn.engine.cpu.CpuEngine;
import org.eirnn.model.LossFunction;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.plot.TrainingFigures;
import org.eirnn.task.Task;
import org.eirnn.task.TrialBatch;
import org.eirnn.train.Evaluation;
import org.eirnn.train.EvaluationListener;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * train's figures (issue #11): one PNG per network in {@code <model folder>/plots/}, named like the model, with its
 * losses, accuracies, an evaluation trial's output against its target and a few units' rates in that trial, redrawn
 * after evaluations; when training ends the last state of every network and a summary. The training thread only
 * copies the numbers; the drawing (and the one-trial CPU pass that records the rates) runs on a background thread at
 * the lowest priority, and only while it has used at most {@value #BUDGET} of the run's time so far (an evaluation
 * whose figure would exceed it, or that comes while one is being drawn, is drawn later), so that plotting does not
 * slow training on a machine whose cores the device shares. {@code --no-plots} turns it off.
 */
final class TrainingPlots implements EvaluationListener, AutoCloseable {
    static final Flag NO_PLOTS = Flag.toggle("no-plots", "write no training figures (plots/ next to the models)");
    /** Units whose rates a figure shows: the first few excitatory and inhibitory ones. */
    static final int UNITS_PER_KIND = 3;

    private final Task task;
    private final Path dir;
    private final String base;
    private final double dtMs;
    private final PrintStream err;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "eirnn-plots");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    /** The most of the run's wall time that drawing may take while training runs. */
    static final double BUDGET = 0.02;

    /** The trainer's evaluation history, as the last evaluation handed it over. */
    private Map<Integer, List<double[]>> history = Map.of();
    /** Per network, its newest figure not yet drawn. */
    private final Map<Integer, Runnable> latest = new TreeMap<>();
    private final long startNanos = System.nanoTime();
    private final java.util.concurrent.atomic.AtomicLong drawingNanos = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();
    /** What the next drawing is expected to cost: the last one's time, at first a second (class loading, JIT). */
    private final java.util.concurrent.atomic.AtomicLong nextCost = new java.util.concurrent.atomic.AtomicLong(
            1_000_000_000L);
    private volatile boolean failed;

    TrainingPlots(Task task, Path modelDir, String base, double dtMs, PrintStream err) {
        this.task = task;
        this.dir = modelDir.resolve("plots");
        this.base = base;
        this.dtMs = dtMs;
        this.err = err;
    }

    @Override
    public void evaluated(long tr, List<RateNetwork> networks, boolean[] active, double[][] losses,
                          List<Evaluation> results, TrialBatch evalBatch, Map<Integer, List<double[]>> history) {
        this.history = history;
        int perNet = evalBatch.trials() / networks.size();
        for (int k = 0; k < networks.size() && !failed; k++) {
            if (!active[k]) {
                continue;
            }
            Evaluation e = results.get(k);
            int net = k;
            RateNetwork params = networks.get(k).copy();
            double[] lossUpTo = java.util.Arrays.copyOf(losses[k], (int) tr + 1);
            double[][] h = columns(history.get(k));
            TrialBatch example = one(evalBatch, k * perNet);
            double[] output = java.util.Arrays.copyOf(e.outputs(), evalBatch.steps() - 1);
            latest.put(net, () -> draw(net, tr, params, lossUpTo, h, example, output));
        }
        boolean withinBudget = drawingNanos.get() + nextCost.get() <= BUDGET * (System.nanoTime() - startNanos);
        if (withinBudget && busy.compareAndSet(false, true)) {
            List<Runnable> jobs = new ArrayList<>(latest.values());
            latest.clear();
            worker.submit(() -> timed(jobs));
        }
    }

    private void timed(List<Runnable> jobs) {
        long t0 = System.nanoTime();
        try {
            jobs.forEach(Runnable::run);
        } finally {
            long took = System.nanoTime() - t0;
            drawingNanos.addAndGet(took);
            nextCost.set(took);
            busy.set(false);
        }
    }

    private void draw(int k, long tr, RateNetwork params, double[] losses, double[][] h, TrialBatch example,
                      double[] output) {
        if (failed) {
            return;
        }
        try {
            Trajectories t;
            try (RateSession s = new CpuEngine().openRate(params.spec, 1, 1, example.steps(), LossFunction.L2)) {
                s.upload(List.of(params));
                t = s.forward(example, new RateNoise(0, 0), 0, true);
            }
            int[] units = shownUnits(params);
            double[][] rates = new double[units.length][example.steps()];
            boolean[] inh = new boolean[units.length];
            for (int u = 0; u < units.length; u++) {
                inh[u] = params.inh[units[u]];
                for (int step = 0; step < example.steps(); step++) {
                    rates[u][step] = t.r(0, step, units[u]);
                }
            }
            double[] target = new double[example.steps()];
            for (int step = 0; step < target.length; step++) {
                target[step] = example.target(0, step);
            }
            String title = task.name() + ", network " + k + ", trial " + tr;
            TrainingFigures.write(new TrainingFigures.Snapshot(title, losses, h[0], h[1], h[2], output, target, rates,
                    inh, dtMs), dir.resolve(base + "_net" + k + ".png"));
        } catch (Exception | LinkageError e) {
            failPlots(e);
        }
    }

    private void failPlots(Throwable e) {
        if (!failed) {
            failed = true;
            err.println("eirnn train: note: training figures are off (" + e + "); training goes on");
        }
    }

    /** The first {@value #UNITS_PER_KIND} excitatory and inhibitory units. */
    static int[] shownUnits(RateNetwork net) {
        List<Integer> e = new ArrayList<>();
        List<Integer> i = new ArrayList<>();
        for (int u = 0; u < net.n(); u++) {
            List<Integer> kind = net.inh[u] ? i : e;
            if (kind.size() < UNITS_PER_KIND) {
                kind.add(u);
            }
        }
        e.addAll(i);
        return e.stream().mapToInt(Integer::intValue).toArray();
    }

    private static TrialBatch one(TrialBatch b, int trial) {
        int in = b.inputs() * b.steps();
        int out = b.outputs() * b.steps();
        return new TrialBatch(1, b.inputs(), b.outputs(), b.steps(),
                java.util.Arrays.copyOfRange(b.u(), trial * in, (trial + 1) * in),
                java.util.Arrays.copyOfRange(b.target(), trial * out, (trial + 1) * out),
                java.util.Arrays.copyOfRange(b.mask(), trial * out, (trial + 1) * out),
                new int[] {b.labels()[trial]}, new long[] {b.trialIds()[trial]});
    }

    private static double[][] columns(List<double[]> rows) {
        double[][] c = new double[3][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < 3; j++) {
                c[j][i] = rows.get(i)[j];
            }
        }
        return c;
    }

    /** Waits for the figures in flight and draws the summary. */
    @Override
    public void close() throws InterruptedException {
        List<Runnable> last = new ArrayList<>(latest.values());
        latest.clear();
        worker.submit(() -> last.forEach(Runnable::run));
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.MINUTES);
        if (failed || history.isEmpty()) {
            return;
        }
        List<double[][]> all = new ArrayList<>();
        history.values().forEach(rows -> all.add(columns(rows)));
        try {
            TrainingFigures.writeSummary(task.name(), all, dir.resolve(base + "_summary.png"));
            err.println("eirnn train: figures in " + dir);
        } catch (Exception | LinkageError e) {
            failPlots(e);
        }
    }
}
