package org.eirnn.train;

import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trajectories;
import org.eirnn.io.ModelRecord;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.TaskScore;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link Trainer}'s pycog schedule (spec peers §1.5, {@link ValidationSchedule}). Update u trains every active
 * network on B gradient trials, ids u·B … u·B+B−1 of the gradient seed's TASK stream (purpose GRADIENT), their noise
 * keyed by the gradient seed. After every checkEvery-th update, and after the last, a validation: V trials of the validation seed, ids
 * 0 … V−1 (purpose VALIDATION, so trial id mod conditions enumerates the conditions; the same trials and noise at
 * every check, so successive validation losses compare the parameters alone), giving per network the validation loss
 * (Σ M e² / Σ M over the V trials for the masked losses, the mean per-trial loss otherwise), its RMSE and the task's
 * score. The lowest validation loss so far marks the best parameters; a network stops when its task's target is met,
 * when its RMSE is at most min_error, after patience updates without a new best, or at n_trials updates, and its
 * model file then holds the best parameters (pycog saves those), with one validation trial (condition 1) re-run on
 * them without noise as the file's u, x, r, o, so that the file's weights reproduce the file's trajectory.
 */
final class ValidatedTraining {
    private final Trainer t;
    private final ValidationSchedule schedule;
    /** The networks before training (the run's state's). */
    private List<RateNetwork> initial;

    ValidatedTraining(Trainer trainer) {
        this.t = trainer;
        this.schedule = trainer.cfg.validation();
    }

    /** One network's result of one validation. */
    record Check(double loss, double rmse, TaskScore score) {
    }

    /** Where a run stands between updates (mutable, owned by one run). */
    private static final class Progress {
        final boolean[] active;
        final long[] lastTrial;
        final double[][] losses;
        final ValidationState val;
        final Check[] last;

        Progress(TrainState s) {
            active = s.active().clone();
            lastTrial = s.lastTrial().clone();
            losses = Trainer.copy(s.losses());
            val = s.validation() != null ? s.validation().copy() : ValidationState.fresh(s.initial());
            last = new Check[s.networks()];
        }
    }

    TrainState run(TrainState state, Trainer.CheckpointSink checkpoints, Trainer.ModelSink models)
            throws IOException {
        int k = t.cfg.networks();
        int b = t.cfg.batch();
        Progress p = new Progress(state);
        initial = state.initial();
        int steps = t.task.steps();
        try (RateSession train = t.engine.openRate(t.spec, k, b, steps, t.lossFunction);
             RateSession check = t.engine.openRate(t.spec, k, schedule.validationTrials(), steps, t.lossFunction)) {
            train.upload(state.current());
            train.setAdamState(state.adam());
            TrialBatch validation = batch(schedule.validationSeed(), 0, schedule.validationTrials(),
                    TrialPurpose.VALIDATION);
            long u = state.nextTrial();
            long start = u;
            long startNanos = System.nanoTime();
            while (u < t.cfg.nTrials() && Trainer.anyTrue(p.active)) {
                TrialBatch batch = batch(schedule.gradientSeed(), TrialIds.training(u, b), b, TrialPurpose.GRADIENT);
                double[] trialLosses = train.trainStep(batch, t.cfg.noise(), schedule.gradientSeed(),
                        t.cfg.optimizer(), p.active);
                recordLosses(u, trialLosses, p);
                List<Integer> finishing = new ArrayList<>();
                boolean checks = schedule.checksAfter(u) || u == t.cfg.nTrials() - 1;
                if (checks) {
                    validate(u, train, check, validation, p, finishing);
                    progress(u, start, startNanos, p, finishing);
                }
                for (int net = 0; u == t.cfg.nTrials() - 1 && net < k; net++) {
                    if (p.active[net] && !finishing.contains(net)) {
                        finishing.add(net);
                        p.val.stopReason()[net] = "n_trials updates reached";
                    }
                }
                finish(train, finishing, u, p, models);
                u++;
                if (checks || u == t.cfg.nTrials()) {
                    checkpoints.write(snapshot(state, u, train, p));
                }
            }
            return snapshot(state, u, train, p);
        }
    }

    private TrainState snapshot(TrainState s, long next, RateSession train, Progress p) {
        return new TrainState(s.stamp(), next, train.download(), s.initial(), train.adamState(),
                Trainer.copy(p.losses), p.active.clone(), p.lastTrial.clone(), new Evaluation[s.networks()],
                p.val.copy());
    }

    /** Trials {@code first …} of every network's TASK stream under {@code seed}, padded to the task's length. */
    private TrialBatch batch(long seed, long first, int count, TrialPurpose purpose) {
        List<TrialBatch> parts = new ArrayList<>();
        for (int net = 0; net < t.cfg.networks(); net++) {
            TrialBatch part = t.task.generate(new RandomKey(seed, net, RandomStream.TASK), first, count, purpose);
            parts.add(part.steps() < t.task.steps() ? part.padTo(t.task.steps()) : part);
        }
        return TrialBatch.concat(parts);
    }

    private void recordLosses(long u, double[] trialLosses, Progress p) {
        for (int net = 0; net < t.cfg.networks(); net++) {
            if (p.active[net]) {
                p.losses[net][(int) u] = Trainer.mean(trialLosses, net * t.cfg.batch(), t.cfg.batch());
                if (!Double.isFinite(p.losses[net][(int) u])) {
                    throw new Trainer.DivergedException("network " + net + " diverged at update " + u + " (loss "
                            + p.losses[net][(int) u] + ")");
                }
            }
        }
    }

    /** The validation after update u: loss, RMSE and score per active network, the best kept, the stop rules. */
    private void validate(long u, RateSession train, RateSession check, TrialBatch validation, Progress p,
                          List<Integer> finishing) {
        List<RateNetwork> now = train.download();
        check.upload(now);
        int v = schedule.validationTrials();
        Trajectories traj = check.forward(validation, t.cfg.noise(), schedule.validationSeed(), false);
        for (int net = 0; net < t.cfg.networks(); net++) {
            if (!p.active[net]) {
                continue;
            }
            double loss = validationLoss(traj.loss(), validation, net * v, v);
            Trainer.requireBounded(net, u, loss, p.losses[net][0]);
            Check c = new Check(loss, Math.sqrt(loss), t.task.score(validation, traj.o(), net * v, v));
            p.last[net] = c;
            List<Double> history = p.val.scores().get(net);
            history.add(c.score().value());
            if (loss < p.val.bestLoss()[net]) {
                p.val.best().set(net, now.get(net).copy());
                p.val.bestLoss()[net] = loss;
                p.val.bestUpdate()[net] = u;
            }
            String reason = t.task.meetsTarget(history) ? "target met"
                    : c.rmse() <= schedule.minError() ? "validation RMSE at most --min-error"
                    : u - p.val.bestUpdate()[net] >= schedule.patience() ? "patience: no new best for "
                    + schedule.patience() + " updates" : null;
            if (reason != null) {
                finishing.add(net);
                p.val.stopReason()[net] = reason;
            }
        }
    }

    /** Σ_b ℓ_b M_b / Σ_b M_b for the masked losses (ℓ_b = S_b / M_b per trial), the mean of ℓ_b otherwise. */
    private double validationLoss(double[] trialLoss, TrialBatch batch, int first, int count) {
        if (!t.lossFunction.maskNormalised()) {
            return Trainer.mean(trialLoss, first, count);
        }
        double sum = 0;
        double maskSum = 0;
        for (int b = first; b < first + count; b++) {
            double m = 0;
            for (int c = 0; c < batch.outputs(); c++) {
                for (int t = 0; t < batch.steps() - 1; t++) {
                    m += batch.mask(b, c, t);
                }
            }
            sum += trialLoss[b] * m;
            maskSum += m;
        }
        return maskSum > 0 ? sum / maskSum : 0.0;
    }

    /** Saves the stopping networks' best parameters and marks them stopped. */
    private void finish(RateSession train, List<Integer> networks, long u, Progress p, Trainer.ModelSink models)
            throws IOException {
        if (networks.isEmpty()) {
            return;
        }
        List<RateNetwork> restore = train.download();
        TrialBatch trial = batch(schedule.validationSeed(), 1, t.cfg.batch(), TrialPurpose.VALIDATION);
        train.upload(p.val.best());
        Trajectories run = train.forward(trial, noiseless(t.cfg.noise()), schedule.validationSeed(), true);
        TrialBatch initialBatch = TrialIds.ensembleBatch(t.task, t.cfg.seed(), t.cfg.networks(), TrialIds.INITIAL,
                t.cfg.batch()).padTo(t.task.steps());
        train.upload(initial);
        Trajectories initialRun = train.forward(initialBatch, t.cfg.noise(), t.cfg.seed(), true);
        train.upload(restore);
        for (int net : networks) {
            models.write(net, record(net, u, p, trial, run, initialRun));
            p.active[net] = false;
            p.lastTrial[net] = u;
        }
    }

    /** The file's record of network {@code net}: its best parameters and the trial run on them. */
    private ModelRecord record(int net, long u, Progress p, TrialBatch trial, Trajectories run,
                               Trajectories initialRun) {
        int steps = t.task.steps();
        int n = t.spec.n();
        int nOut = t.spec.outputs();
        int at = net * t.cfg.batch();
        int len = steps - 1;
        int best = (int) ((p.val.bestUpdate()[net] + 1) / schedule.checkEvery()) - 1;
        List<Double> history = p.val.scores().get(net);
        Map<String, Object> ex = new LinkedHashMap<>(t.extras);
        ex.put("network", net);
        ex.put("stop_reason", p.val.stopReason()[net]);
        ex.put("updates", u + 1);
        ex.put("best_update", p.val.bestUpdate()[net]);
        ex.put("best_validation_loss", p.val.bestLoss()[net]);
        ex.put("validation_measure", p.last[net] == null ? "" : p.last[net].score().measure());
        ex.put("best_validation_score", best >= 0 && best < history.size() ? history.get(best) : Double.NaN);
        ex.put("validation_scores", history.stream().mapToDouble(Double::doubleValue).toArray());
        ex.put("gradient_seed", schedule.gradientSeed());
        ex.put("validation_seed", schedule.validationSeed());
        ex.put("record_trial", "validation trial 1 of the validation seed, run on the best parameters without noise");
        return new ModelRecord(t.task.name(), p.val.best().get(net), initial.get(net), steps,
                Trainer.slice(initialRun.x(), at * steps * n, steps * n),
                Trainer.slice(initialRun.r(), at * steps * n, steps * n),
                Trainer.slice(trial.u(), at * t.spec.inputs() * steps, t.spec.inputs() * steps),
                Trainer.slice(run.o(), at * nOut * len, len),
                Trainer.slice(run.x(), at * steps * n, steps * n),
                Trainer.slice(run.r(), at * steps * n, steps * n),
                Trainer.slice(trial.target(), at * nOut * steps, steps),
                p.losses[net].clone(), best >= 0 && best < history.size() ? history.get(best) : Double.NaN,
                p.val.bestLoss()[net], new double[0], new int[0], t.task.textLabels(), u, null, ex);
    }

    /** The run's noise with every random source off; the input baseline and rectification stay. */
    static RateNoise noiseless(RateNoise noise) {
        return new RateNoise(0, 0, noise.form(), 0, 0, noise.inputBaseline(), noise.rectifyInputs());
    }

    private void progress(long u, long start, long startNanos, Progress p, List<Integer> finishing) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double updatesPerSecond = (u + 1 - start) / Math.max(seconds, 1e-9);
        double trialsPerSecond = updatesPerSecond * t.cfg.batch() * Trainer.count(p.active);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "eirnn train: update %d/%d (%d trials)",
                u + 1, t.cfg.nTrials(), (u + 1) * t.cfg.batch()));
        for (int net = 0; net < t.cfg.networks(); net++) {
            Check c = p.last[net];
            if (p.active[net] && c != null) {
                line.append(String.format(Locale.ROOT, "%s validation loss %.4f rmse %.4f %s %.2f best %.4f",
                        t.cfg.networks() == 1 ? " " : "  [" + net + "]", c.loss(), c.rmse(), c.score().measure(),
                        c.score().value(), p.val.bestLoss()[net]));
            }
        }
        line.append(String.format(Locale.ROOT, "  %.1f trials/s  ETA %s (at most)", trialsPerSecond,
                Trainer.duration((t.cfg.nTrials() - u - 1) / updatesPerSecond)));
        for (int net : finishing) {
            line.append("  network ").append(net).append(": ").append(p.val.stopReason()[net]);
        }
        t.log.println(line);
        t.log.flush();
    }
}
