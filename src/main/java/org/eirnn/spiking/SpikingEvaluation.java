package org.eirnn.spiking;

import org.eirnn.model.RateNetwork;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.Stream;
import org.eirnn.task.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Accuracy of a rate network converted to LIF at one or more scaling factors, on fresh task trials scored as
 * lambda_grid_search.m scores them (spec §5). Factor f's trial t has id {@code firstTrial + f·trials + t}; its
 * stimulus comes from the TASK stream and its v0 from LIF_V0, both keyed (seed, rngNetwork), so every factor sees
 * independent trials, as in MATLAB, and the whole evaluation is reproducible from the seed on any engine.
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
     */
    public record Setup(Task task, LifParams params, int trials, long seed, long firstTrial,
                        boolean useInitialWeights, int rngNetwork, int factorsPerLaunch) {
    }

    /**
     * @param factors    the scaling factors
     * @param accuracy   fraction of correct trials per factor
     * @param meanRateHz mean all_fr over units and trials per factor
     */
    public record Outcome(double[] factors, double[] accuracy, double[] meanRateHz) {
    }

    /**
     * Simulates {@code trials} trials per factor; {@code progress} receives the number of factors done after each
     * launch.
     */
    public static Outcome evaluate(LifSimulator sim, RateNetwork trained, RateNetwork initial, double[] factors,
                                   Setup s, IntConsumer progress) {
        SpikingCriterion criterion = SpikingCriterion.forTask(s.task().name());
        RandomKey taskKey = new RandomKey(s.seed(), s.rngNetwork(), Stream.TASK);
        RandomKey v0Key = taskKey.with(Stream.LIF_V0);
        int[] correct = new int[factors.length];
        double[] rate = new double[factors.length];
        int per = Math.max(1, s.factorsPerLaunch());
        for (int first = 0; first < factors.length; first += per) {
            int last = Math.min(factors.length, first + per);
            List<LifNetwork> nets = new ArrayList<>();
            List<LifTrial> trials = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            int columns = 0;
            for (int f = first; f < last; f++) {
                nets.add(LifNetwork.map(trained, initial, factors[f], s.useInitialWeights(), s.rngNetwork()));
                for (int t = 0; t < s.trials(); t++) {
                    long id = s.firstTrial() + (long) f * s.trials() + t;
                    SpikingTrials.Stimulus stim = SpikingTrials.stimulus(s.task(), taskKey, id);
                    columns = stim.columns();
                    trials.add(new LifTrial(f - first, id, stim.u(),
                            SpikingTrials.initialVoltages(s.params(), v0Key, id, trained.n())));
                    labels.add(stim.label());
                }
            }
            LifBatch batch = new LifBatch(s.params(), nets, columns, trials, s.seed(), Stimulation.NONE);
            LifResult res = sim.simulate(batch, LifRecording.scores(criterion.windowFrom()));
            double seconds = s.params().duration(columns);
            for (int b = 0; b < trials.size(); b++) {
                int f = first + trials.get(b).config();
                if (criterion.correct(labels.get(b), res.windowMax()[b], res.windowMin()[b])) {
                    correct[f]++;
                }
                rate[f] += res.spikeTotal(b) / seconds / trained.n() / s.trials();
            }
            progress.accept(last);
        }
        double[] accuracy = new double[factors.length];
        for (int f = 0; f < factors.length; f++) {
            accuracy[f] = (double) correct[f] / s.trials();
        }
        return new Outcome(factors.clone(), accuracy, rate);
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
