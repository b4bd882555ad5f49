package org.eirnn.cli;

import org.eirnn.engine.Engine;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.spiking.LifBatch;
import org.eirnn.spiking.LifNetwork;
import org.eirnn.spiking.LifParams;
import org.eirnn.spiking.LifRecording;
import org.eirnn.spiking.LifSimulator;
import org.eirnn.spiking.LifTrial;
import org.eirnn.spiking.SpikingCriterion;
import org.eirnn.spiking.SpikingTrials;
import org.eirnn.spiking.Stimulation;
import org.eirnn.task.GoNogoTask;

import java.util.ArrayList;
import java.util.List;

/**
 * The LIF benchmark: go-nogo trials as the grid search runs them (spec §5: 201 columns, nt = 20 000, voltage noise
 * on, readout scored over the window), one network at scaling factor 25, all trials in one launch.
 */
final class LifBenchmark implements Benchmark {
    private static final long SEED = 1;
    private static final int COLUMNS = GoNogoTask.T + 1;

    @Override
    public String work() {
        return "lif";
    }

    @Override
    public Run prepare(Engine engine, int n, int inFlight) {
        RateNetwork rate = NetworkInit.draw(NetworkSpec.defaults(n, 1, DecayTaus.range(4, 20)), SEED, 0);
        LifParams params = LifParams.spikeRnn(1);
        RandomKey taskKey = new RandomKey(SEED, 0, RandomStream.TASK);
        List<LifTrial> trials = new ArrayList<>();
        for (int t = 0; t < inFlight; t++) {
            SpikingTrials.Stimulus s = SpikingTrials.stimulus(new GoNogoTask(), taskKey, t);
            trials.add(new LifTrial(0, t, s.u(),
                    SpikingTrials.initialVoltages(params, taskKey.with(RandomStream.LIF_V0), t, n)));
        }
        LifBatch batch = new LifBatch(params, List.of(LifNetwork.map(rate, null, 25, false, 0)), COLUMNS, trials,
                SEED, Stimulation.NONE);
        LifRecording scores = LifRecording.scores(SpikingCriterion.forTask("go-nogo").windowFrom());
        LifSimulator sim = engine.openLif(false);
        return new Run() {
            @Override
            public void once() {
                sim.simulate(batch, scores);
            }

            @Override
            public void close() {
                sim.close();
            }
        };
    }

    /** Spikes are sparse events, so floating-point rate is not the measure; neuron-steps are. */
    @Override
    public double flopsPerTrial(int n) {
        return 0;
    }

    @Override
    public double neuronStepsPerTrial(int n) {
        return (double) n * LifParams.steps(COLUMNS);
    }
}
