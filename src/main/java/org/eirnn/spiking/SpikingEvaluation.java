package org.eirnn.spiking;

import org.eirnn.model.RateNetwork;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Accuracy of a rate network converted to LIF at one or more scaling factors, on fresh task trials scored as
 * lambda_grid_search.m scores them (spec §5). Factor f's trial t has id {@code firstTrial + f·trials + t}; its
 * stimulus comes from the SPIKE_TASK stream (so never from a training trial) and its v0 from LIF_V0, both keyed
 * (seed, {@link #modelKey}), so every factor and every model sees independent trials, as in MATLAB, and the whole
 * evaluation is reproducible from the seed on any engine.
 */
public final class SpikingEvaluation {
    private SpikingEvaluation() {
    }

    /**
     * @param task              the task (stimuli and criterion)
     * @param params            LIF constants (noise SD included)
     * @param trials            trials per factor
     * @param seed              run seed
     * @param firstTrial        trial id of the first trial
     * @param useInitialWeights map w0 instead of w
     * @param rngNetwork        key word 1 of every stream
     * @param factorsPerLaunch  factors simulated per simulator call (progress is reported between calls)
     * @param trialsPerLaunch   at most this many trials (models × factors × trials) per simulator call: a factor's
     *                          trials are split over calls beyond it, which bounds host memory and spaces progress
     */
    public record Setup(Task task, LifParams params, int trials, long seed, long firstTrial,
                        boolean useInitialWeights, int rngNetwork, int factorsPerLaunch, int trialsPerLaunch) {
    }

    /**
     * @param factors    the scaling factors
     * @param accuracy   fraction of correct trials per factor
     * @param meanRateHz mean all_fr over units and trials per factor
     */
    public record Outcome(double[] factors, double[] accuracy, double[] meanRateHz) {
    }

    /** A model to evaluate: the trained network and, when known, its initial one (w0, taus_gaus0). */
    public record Model(RateNetwork trained, RateNetwork initial) {
    }

    /** One model; see {@link #evaluate(LifSimulator, List, double[], Setup, LongConsumer)}. */
    public static Outcome evaluate(LifSimulator sim, RateNetwork trained, RateNetwork initial, double[] factors,
                                   Setup s, LongConsumer progress) {
        return evaluate(sim, List.of(new Model(trained, initial)), factors, s, progress).get(0);
    }

    /**
     * Simulates {@code trials} trials per factor for every model (all of the same N and task), all models and
     * {@code factorsPerLaunch} factors in one simulator call (their trials split over several calls where they
     * exceed {@code trialsPerLaunch}); {@code progress} receives the number of trials done (of models × factors ×
     * trials) after each call. Each model draws its own trials ({@link #modelKey}), so a model's outcome does not
     * depend on its company, nor on how the trials are split into calls.
     */
    /**
     * The key of the spiking evaluations' task draws: the SPIKE_TASK stream, so grid-search and spike-eval never
     * simulate a training trial's stimulus (issue 12 item 11: with TASK, mante's 1 200 grid-search stimuli were
     * training trials 0–1 199).
     */
    public static RandomKey stimulusKey(long seed, int rngNetwork) {
        return new RandomKey(seed, rngNetwork, RandomStream.SPIKE_TASK);
    }

    /**
     * Key word 1 of a model's stimuli, v0 and LIF noise in an evaluation: {@code rngNetwork} mixed with a hash of the
     * model's trained weights, so every model of a folder grid search draws its own trials, as lambda_grid_search.m
     * draws fresh ones per model (issue 12 item 11), while a model's outcome still depends only on itself and the seed,
     * not on which other models share the folder or in what order.
     */
    public static int modelKey(int rngNetwork, Model m) {
        RateNetwork net = m.trained();
        int h = java.util.Arrays.hashCode(net.w);
        h = 31 * h + java.util.Arrays.hashCode(net.wOut);
        h = 31 * h + java.util.Arrays.hashCode(net.tausGaus);
        return rngNetwork ^ h;
    }

    public static List<Outcome> evaluate(LifSimulator sim, List<Model> models, double[] factors, Setup s,
                                         LongConsumer progress) {
        SpikingCriterion criterion = SpikingCriterion.forTask(s.task().name());
        int n = models.get(0).trained().n();
        int[][] correct = new int[models.size()][factors.length];
        double[][] rate = new double[models.size()][factors.length];
        int per = Math.max(1, s.factorsPerLaunch());
        long done = 0;
        for (int first = 0; first < factors.length; first += per) {
            int last = Math.min(factors.length, first + per);
            int width = last - first;
            List<LifNetwork> nets = new ArrayList<>();
            for (Model m : models) {
                for (int f = first; f < last; f++) {
                    nets.add(LifNetwork.map(m.trained(), m.initial(), factors[f], s.useInitialWeights(),
                            modelKey(s.rngNetwork(), m)));
                }
            }
            int part = Math.max(1, s.trialsPerLaunch() / nets.size());
            for (int from = 0; from < s.trials(); from += part) {
                int to = Math.min(s.trials(), from + part);
                List<SpikingTrials.Stimulus> stimuli = new ArrayList<>();
                List<LifTrial> trials = new ArrayList<>();
                for (int config = 0; config < nets.size(); config++) {
                    int f = first + config % width;
                    RandomKey taskKey = stimulusKey(s.seed(), nets.get(config).rngNetwork());
                    RandomKey v0Key = taskKey.with(RandomStream.LIF_V0);
                    for (int t = from; t < to; t++) {
                        long id = s.firstTrial() + (long) f * s.trials() + t;
                        SpikingTrials.Stimulus stim = SpikingTrials.stimulus(s.task(), taskKey, id);
                        stimuli.add(stim);
                        trials.add(new LifTrial(config, id, stim.u(),
                                SpikingTrials.initialVoltages(s.params(), v0Key, id, n)));
                    }
                }
                int columns = stimuli.get(0).columns();
                LifBatch batch = new LifBatch(s.params(), nets, columns, trials, s.seed(), Stimulation.NONE);
                LifResult res = sim.simulate(batch, LifRecording.scores(criterion.windowFrom()));
                double seconds = s.params().duration(columns);
                for (int b = 0; b < trials.size(); b++) {
                    int k = trials.get(b).config() / width;
                    int f = first + trials.get(b).config() % width;
                    if (criterion.correct(stimuli.get(b).label(), res.windowMax()[b], res.windowMin()[b])) {
                        correct[k][f]++;
                    }
                    rate[k][f] += res.spikeTotal(b) / seconds / n / s.trials();
                }
                done += trials.size();
                progress.accept(done);
            }
        }
        List<Outcome> out = new ArrayList<>();
        for (int k = 0; k < models.size(); k++) {
            double[] accuracy = new double[factors.length];
            for (int f = 0; f < factors.length; f++) {
                accuracy[f] = (double) correct[k][f] / s.trials();
            }
            out.add(new Outcome(factors.clone(), accuracy, rate[k]));
        }
        return out;
    }

    /** The first maximum of the accuracies (MATLAB's [v, ind] = max(all_perfs)): the smallest factor among ties. */
    public static int bestIndex(double[] accuracy) {
        int best = 0;
        for (int f = 1; f < accuracy.length; f++) {
            if (accuracy[f] > accuracy[best]) {
                best = f;
            }
        }
        return best;
    }
}
