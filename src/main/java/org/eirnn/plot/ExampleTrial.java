package org.eirnn.plot;

import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trajectories;
import org.eirnn.engine.cpu.CpuEngine;
import org.eirnn.io.ModelRecord;
import org.eirnn.model.LossFunction;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.rng.RandomKey;
import org.eirnn.spiking.LifBatch;
import org.eirnn.spiking.LifNetwork;
import org.eirnn.spiking.LifParams;
import org.eirnn.spiking.LifRecording;
import org.eirnn.spiking.LifResult;
import org.eirnn.spiking.LifSimulator;
import org.eirnn.spiking.LifTrial;
import org.eirnn.spiking.SpikingCriterion;
import org.eirnn.spiking.SpikingTrials;
import org.eirnn.spiking.Stimulation;
import org.eirnn.task.Task;
import org.eirnn.task.TrialBatch;

import java.util.List;

/**
 * One task trial run through both networks of a model, for the spiking figures: the LIF network at a scaling factor
 * (as {@code eirnn lif --trial KIND} runs it: the same stimulus, v0 and noise for the same seed) and the rate network
 * on the same stimulus without noise.
 *
 * @param task       the task
 * @param factor     the scaling factor
 * @param chosen     the trial (id, stimulus, kind)
 * @param params     the LIF constants
 * @param lif        the LIF result of the one trial: out, spikes and per-unit counts
 * @param rateOutput the rate model's output o, T−1 values; entry i is at time (i+1)·5 ms
 * @param target     the task's target for the trial, T values; entry t at time t·5 ms
 * @param inh        inhibitory flags of the units
 * @param windowFrom first LIF step of the scoring window (spec §5)
 */
public record ExampleTrial(Task task, double factor, SpikingTrials.Chosen chosen, LifParams params, LifResult lif,
                           double[] rateOutput, double[] target, boolean[] inh, int windowFrom) {

    /**
     * Runs trial {@code kind} (go/nogo, same/diff, plus/minus or random: the first such trial from id 0 of the
     * seed's TASK stream) through the model's LIF network on {@code sim} and through its rate network.
     */
    public static ExampleTrial run(ModelRecord model, Task task, LifParams params, double factor,
                                   boolean initialWeights, long seed, String kind, LifSimulator sim) {
        RateNetwork net = model.network();
        RandomKey taskKey = org.eirnn.spiking.SpikingEvaluation.stimulusKey(seed, 0);
        SpikingTrials.Chosen c = SpikingTrials.chooseTrial(task, taskKey, 0, kind, params, net.n());
        LifNetwork lifNet = LifNetwork.map(net, model.initial(), factor, initialWeights, 0);
        int columns = c.stimulus().columns();
        LifBatch batch = new LifBatch(params, List.of(lifNet), columns,
                List.of(new LifTrial(0, c.trialId(), c.stimulus().u(), c.v0())), seed, Stimulation.NONE);
        int window = Math.min(SpikingCriterion.forTask(task.name()).windowFrom(), batch.steps());
        LifResult r = sim.simulate(batch, new LifRecording(true, true, false, window));
        TrialBatch rateTrial = task.generate(taskKey, c.trialId(), 1);
        Trajectories t;
        try (CpuEngine engine = new CpuEngine();
             RateSession s = engine.openRate(net.spec, 1, 1, rateTrial.steps(), LossFunction.L2)) {
            s.upload(List.of(initialWeights ? model.initial() : net));
            t = s.forward(rateTrial, RateNoise.NONE, seed, false);
        }
        return new ExampleTrial(task, factor, c, params, r, t.o(), rateTrial.target(), net.inh.clone(), window);
    }

    /** Trial duration T in seconds, as all_fr divides by it. */
    public double durationSeconds() {
        return params.duration(chosen.stimulus().columns());
    }

    /** all_fr of the trial: spikes from step 10 on per unit over T, Hz (spec §4.5). */
    public double[] firingRatesHz() {
        return lif.firingRates(0, durationSeconds());
    }

    /** Time of LIF step i (1-based) in ms. */
    public double stepMs(int step) {
        return params.spikeTime(step) * 1000;
    }
}
