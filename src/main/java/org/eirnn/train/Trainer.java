package org.eirnn.train;

import org.eirnn.engine.AdamState;
import org.eirnn.engine.Engine;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trajectories;
import org.eirnn.io.ModelRecord;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.task.Task;
import org.eirnn.task.TrialBatch;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The spikeRNN training loop (spec §2.3, §2.5) over an ensemble of K independent networks, each trained on B trials
 * per update (K = B = 1 is the reference). Per training trial tr: a fresh batch (ids {@link TrialIds#training}),
 * one forward + BPTT + Adam update of every still-active network; when (tr − 1) % 100 == 0 an evaluation on 100
 * fresh trials (noise on), the termination rule per network, a progress line and a checkpoint. A network that meets
 * the criterion stops and its model is handed to the {@link ModelSink}; networks still active at n_trials are saved
 * then. A non-finite training loss stops the run ({@link DivergedException}) without writing a new checkpoint.
 *
 * <p>What the model record holds, per network (spec §2.7): the parameters the last training trial ran with, i.e.
 * from just before its update, as the TF reference stores w (fetched in the same run as x, r, o); so the file's u, x,
 * r, o satisfy the rate equation with the file's own weights. The last evaluation (eval_os, eval_perf_mean, …) saw
 * the parameters one Adam step later, as in the reference; the checkpoint keeps those. x0/r0 come from a forward
 * pass of the initial network on a dedicated trial ({@link TrialIds#INITIAL}); then the loss history.
 *
 * <p>With a {@link ValidationSchedule} in the configuration the run follows pycog's schedule instead
 * ({@link ValidatedTraining}): validation on enumerated conditions, best parameters kept, the task's stop rules.
 */
public final class Trainer {
    /** Receives the finished model of network k. */
    @FunctionalInterface
    public interface ModelSink {
        void write(int network, ModelRecord record) throws IOException;
    }

    /** Draws network k of a fresh run ({@link NetworkInit#draw}, or that draw with a structure laid over it). */
    @FunctionalInterface
    public interface NetworkSource {
        RateNetwork draw(NetworkSpec spec, long seed, int network);
    }

    /** Persists the state after each evaluation. */
    @FunctionalInterface
    public interface CheckpointSink {
        void write(TrainState state) throws IOException;
    }

    /** How far above its first training loss a network's evaluation loss may rise before the run counts as runaway. */
    static final double RUNAWAY_FACTOR = 1e3;

    /**
     * Stops a runaway network ({@link DivergedException}): its evaluation loss is not finite or more than
     * {@value #RUNAWAY_FACTOR} times its first training loss (e.g. {@code --lr 1e14} reaches 1e16 with finite
     * numbers, which a NaN check alone lets through).
     */
    static void requireBounded(int net, long tr, double evalLoss, double firstLoss) {
        if (!Double.isFinite(evalLoss) || evalLoss > RUNAWAY_FACTOR * Math.max(firstLoss, 1e-12)) {
            throw new DivergedException("network " + net + " ran away at trial " + tr + " (evaluation loss "
                    + evalLoss + ", " + RUNAWAY_FACTOR + "× above its first training loss " + firstLoss + ")");
        }
    }

    /** A network's training loss became NaN or infinite, or its evaluation loss ran away. */
    public static final class DivergedException extends RuntimeException {
        public DivergedException(String message) {
            super(message);
        }
    }

    final Engine engine;
    final Task task;
    final NetworkSpec spec;
    final LossFunction lossFunction;
    final TrainConfig cfg;
    final PrintStream log;
    final Map<String, Object> extras;
    private EvaluationListener listener = EvaluationListener.NONE;
    /** Per network, (trial, loss, accuracy) of every scheduled evaluation this run made. */
    private final Map<Integer, List<double[]>> history = new java.util.TreeMap<>();

    /**
     * @param extras eirnn variables added to every model record (seed, device, …); "network" is added per network
     */
    public Trainer(Engine engine, Task task, NetworkSpec spec, LossFunction lossFunction, TrainConfig cfg,
                   PrintStream log, Map<String, Object> extras) {
        this.engine = engine;
        this.task = task;
        this.spec = spec;
        this.lossFunction = lossFunction;
        this.cfg = cfg;
        this.log = log;
        this.extras = extras;
    }

    /** Tells {@code l} of every scheduled evaluation (spikeRNN's loop); returns this trainer. */
    public Trainer onEvaluation(EvaluationListener l) {
        this.listener = l;
        return this;
    }

    /** The state before the first update: networks drawn with NetworkInit.draw(spec, seed, k), zero Adam moments. */
    public static TrainState freshState(NetworkSpec spec, TrainConfig cfg, String stamp) {
        return freshState(spec, cfg, stamp, NetworkInit::draw);
    }

    /** The state before the first update: networks drawn by {@code source}, zero Adam moments. */
    public static TrainState freshState(NetworkSpec spec, TrainConfig cfg, String stamp, NetworkSource source) {
        int k = cfg.networks();
        List<RateNetwork> nets = new ArrayList<>();
        List<RateNetwork> initial = new ArrayList<>();
        for (int net = 0; net < k; net++) {
            RateNetwork drawn = source.draw(spec, cfg.seed(), net);
            nets.add(drawn);
            initial.add(drawn.copy());
        }
        boolean[] active = new boolean[k];
        Arrays.fill(active, true);
        long[] lastTrial = new long[k];
        Arrays.fill(lastTrial, -1);
        return new TrainState(stamp, 0, nets, initial, AdamState.zeros(k, spec),
                new double[k][(int) cfg.nTrials()], active, lastTrial, new Evaluation[k],
                cfg.validation() == null ? null : ValidationState.fresh(initial));
    }

    /** Trains from {@code state} until every network has stopped or n_trials is reached; returns the final state. */
    public TrainState run(TrainState state, CheckpointSink checkpoints, ModelSink models) throws IOException {
        if (cfg.validation() != null) {
            return new ValidatedTraining(this).run(state, checkpoints, models);
        }
        int k = cfg.networks();
        int b = cfg.batch();
        int steps = task.steps();
        boolean[] active = state.active().clone();
        long[] lastTrial = state.lastTrial().clone();
        Evaluation[] lastEval = state.lastEval().clone();
        double[][] losses = new double[k][];
        for (int net = 0; net < k; net++) {
            losses[net] = state.losses()[net].clone();
        }
        try (RateSession train = engine.openRate(spec, k, b, steps, lossFunction);
             RateSession eval = engine.openRate(spec, k, cfg.evalTrials(), steps, lossFunction)) {
            train.upload(state.current());
            train.setAdamState(state.adam());
            long tr = state.nextTrial();
            long startTrial = tr;
            long startNanos = System.nanoTime();
            while (tr < cfg.nTrials() && anyTrue(active)) {
                TrialBatch batch = TrialIds.ensembleBatch(task, cfg.seed(), k, TrialIds.training(tr, b), b);
                boolean evaluates = cfg.evaluatesAt(tr);
                boolean last = tr == cfg.nTrials() - 1;
                List<RateNetwork> before = evaluates || last ? train.download() : null;
                double[] trialLosses = train.trainStep(batch, cfg.noise(), cfg.seed(), cfg.optimizer(), active);
                for (int net = 0; net < k; net++) {
                    if (active[net]) {
                        losses[net][(int) tr] = mean(trialLosses, net * b, b);
                        if (!Double.isFinite(losses[net][(int) tr])) {
                            throw new DivergedException("network " + net + " diverged at training trial " + tr
                                    + " (loss " + losses[net][(int) tr] + ")");
                        }
                    }
                }
                List<Integer> finishing = new ArrayList<>();
                if (evaluates) {
                    List<RateNetwork> now = train.download();
                    eval.upload(now);
                    TrialBatch evalBatch = TrialIds.ensembleBatch(task, cfg.seed(), k,
                            TrialIds.evaluation(cfg.evaluationIndex(tr), cfg.evalTrials()), cfg.evalTrials());
                    List<Evaluation> results = Evaluation.run(eval, task, evalBatch, cfg.noise(), cfg.seed());
                    for (int net = 0; net < k; net++) {
                        if (!active[net]) {
                            continue;
                        }
                        lastEval[net] = results.get(net);
                        history.computeIfAbsent(net, x -> new ArrayList<>()).add(new double[] {tr,
                            results.get(net).meanLoss(), results.get(net).accuracy()});
                        requireBounded(net, tr, results.get(net).meanLoss(), losses[net][0]);
                        if (cfg.meetsCriterion(task.name(), tr, results.get(net).meanLoss(),
                                results.get(net).accuracy())) {
                            finishing.add(net);
                        }
                    }
                    progress(tr, startTrial, startNanos, active, lastEval, finishing);
                    listener.evaluated(tr, now, active, losses, results, evalBatch,
                            java.util.Collections.unmodifiableMap(history));
                }
                if (last) {
                    for (int net = 0; net < k; net++) {
                        if (active[net] && !finishing.contains(net)) {
                            finishing.add(net);
                        }
                    }
                }
                if (!finishing.isEmpty()) {
                    TrainState snapshot = new TrainState(state.stamp(), tr + 1, train.download(), state.initial(),
                            train.adamState(), losses, active, lastTrial, lastEval);
                    finish(train, eval, finishing, tr, before, batch, snapshot, models);
                    for (int net : finishing) {
                        active[net] = false;
                        lastTrial[net] = tr;
                    }
                }
                tr++;
                if (evaluates || last) {
                    checkpoints.write(new TrainState(state.stamp(), tr, train.download(), state.initial(),
                            train.adamState(), copy(losses), active.clone(), lastTrial.clone(), lastEval.clone()));
                }
            }
            return new TrainState(state.stamp(), tr, train.download(), state.initial(), train.adamState(), losses,
                    active, lastTrial, lastEval);
        }
    }

    /**
     * Builds and hands out the records of the networks stopping at trial tr: the parameters the last training trial
     * was trained with ({@code before}) and that trial re-run on them, the initial pass on the initial parameters.
     */
    private void finish(RateSession train, RateSession eval, List<Integer> networks, long tr,
                        List<RateNetwork> before, TrialBatch batch, TrainState s, ModelSink models) throws IOException {
        int b = cfg.batch();
        List<Evaluation> finals = finalEvaluation(eval, before);
        Trajectories lastRun = forwardWith(train, before, batch, s.current());
        TrialBatch initialBatch = TrialIds.ensembleBatch(task, cfg.seed(), cfg.networks(), TrialIds.INITIAL, b);
        Trajectories initialRun = forwardWith(train, s.initial(), initialBatch, s.current());
        int steps = task.steps();
        int n = spec.n();
        for (int net : networks) {
            int trial = net * b;
            Evaluation e = finals.get(net);
            Map<String, Object> ex = new LinkedHashMap<>(extras);
            ex.put("network", net);
            putHistory(ex, history.getOrDefault(net, List.of()));
            ModelRecord record = new ModelRecord(task.name(), before.get(net), s.initial().get(net), steps,
                    slice(initialRun.x(), trial * steps * n, steps * n),
                    slice(initialRun.r(), trial * steps * n, steps * n),
                    slice(batch.u(), trial * spec.inputs() * steps, spec.inputs() * steps),
                    slice(lastRun.o(), trial * (steps - 1), steps - 1),
                    slice(lastRun.x(), trial * steps * n, steps * n),
                    slice(lastRun.r(), trial * steps * n, steps * n),
                    slice(batch.target(), trial * steps, steps),
                    s.losses()[net].clone(),
                    e == null ? Double.NaN : e.accuracy(), e == null ? Double.NaN : e.meanLoss(),
                    e == null ? new double[0] : e.outputs(), e == null ? new int[0] : e.labels(),
                    task.textLabels(), tr, null, ex);
            models.write(net, record);
        }
    }

    /**
     * The scheduled evaluations as three 1×E vectors (issue #11): eval_history_trial, eval_history_loss and
     * eval_history_accuracy, the evaluations this process made (a resumed run's file starts at the resume).
     */
    private static void putHistory(Map<String, Object> ex, List<double[]> rows) {
        String[] names = {"eval_history_trial", "eval_history_loss", "eval_history_accuracy"};
        for (int c = 0; c < 3; c++) {
            double[] v = new double[rows.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = rows.get(i)[c];
            }
            ex.put(names[c], v);
        }
    }

    /**
     * The evaluation of the weights the model files hold ({@code saved}, what each network trained its last trial
     * with) on fresh trials of their own (after every scheduled evaluation's ids): what a file's eval_perf_mean and
     * eval_loss_mean then report, so they describe the saved weights rather than the last scheduled evaluation's.
     */
    private List<Evaluation> finalEvaluation(RateSession eval, List<RateNetwork> saved) {
        eval.upload(saved);
        TrialBatch evalBatch = TrialIds.ensembleBatch(task, cfg.seed(), cfg.networks(),
                TrialIds.evaluation(cfg.finalEvaluationIndex(), cfg.evalTrials()), cfg.evalTrials());
        return Evaluation.run(eval, task, evalBatch, cfg.noise(), cfg.seed());
    }

    /** A forward pass (states kept) on other parameters, then the session's own parameters restored. */
    private Trajectories forwardWith(RateSession session, List<RateNetwork> params, TrialBatch batch,
                                     List<RateNetwork> restore) {
        session.upload(params);
        Trajectories t = session.forward(batch, cfg.noise(), cfg.seed(), true);
        session.upload(restore);
        return t;
    }

    private void progress(long tr, long startTrial, long startNanos, boolean[] active, Evaluation[] evals,
                          List<Integer> finishing) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double updatesPerSecond = (tr + 1 - startTrial) / Math.max(seconds, 1e-9);
        double trialsPerSecond = updatesPerSecond * cfg.batch() * count(active);
        double eta = (cfg.nTrials() - tr - 1) / updatesPerSecond;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "eirnn train: trial %d/%d", tr,
                cfg.nTrials()));
        if (cfg.batch() > 1) {
            // with minibatches spikeRNN's "trial" is an update; say how many trials each network has seen
            line.append(String.format(Locale.ROOT, " (%d trials seen)", (tr + 1) * cfg.batch()));
        }
        if (cfg.networks() == 1) {
            line.append(String.format(Locale.ROOT, "  eval loss %.4f  accuracy %.2f", evals[0].meanLoss(),
                    evals[0].accuracy()));
        } else {
            double bestLoss = Double.POSITIVE_INFINITY;
            double bestAcc = 0;
            for (int net = 0; net < active.length; net++) {
                if (active[net]) {
                    bestLoss = Math.min(bestLoss, evals[net].meanLoss());
                    bestAcc = Math.max(bestAcc, evals[net].accuracy());
                }
            }
            line.append(String.format(Locale.ROOT, "  active %d/%d  best eval loss %.4f  best accuracy %.2f",
                    count(active), active.length, bestLoss, bestAcc));
        }
        line.append(String.format(Locale.ROOT, "  %.1f trials/s  ETA %s", trialsPerSecond, duration(eta)));
        if (!finishing.isEmpty()) {
            line.append(cfg.networks() == 1 ? "  criterion met" : "  criterion met by network(s) " + finishing);
        }
        log.println(line);
        log.flush();
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    static double mean(double[] a, int from, int count) {
        double sum = 0;
        for (int i = from; i < from + count; i++) {
            sum += a[i];
        }
        return sum / count;
    }

    static double[] slice(double[] a, int from, int len) {
        return Arrays.copyOfRange(a, from, from + len);
    }

    static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }

    static boolean anyTrue(boolean[] a) {
        return count(a) > 0;
    }

    static int count(boolean[] a) {
        int c = 0;
        for (boolean x : a) {
            c += x ? 1 : 0;
        }
        return c;
    }
}
