package org.eirnn.spiking;

import org.eirnn.model.DecayTaus;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.GoNogoTask;
import org.eirnn.task.Task;

import java.util.ArrayList;
import java.util.List;

/** Batches of go-nogo LIF trials on freshly drawn spikeRNN networks, shared by the LIF tests. */
public final class LifTestNetworks {
    private LifTestNetworks() {
    }

    public static RateNetwork goNogo(int n, long seed) {
        return NetworkInit.draw(NetworkSpec.defaults(n, 1, DecayTaus.range(4, 20)), seed, 0);
    }

    /**
     * {@code trialsPerFactor} go-nogo trials (stimuli of spec §5) per scaling factor, v0 from LIF_V0; stimuli cut
     * to {@code columns} columns when shorter than the task's 201.
     */
    public static LifBatch batch(RateNetwork net, double[] factors, int trialsPerFactor, int columns,
                                 LifParams params, long seed) {
        Task task = new GoNogoTask();
        RandomKey taskKey = new RandomKey(seed, 0, RandomStream.TASK);
        List<LifNetwork> nets = new ArrayList<>();
        List<LifTrial> trials = new ArrayList<>();
        for (int f = 0; f < factors.length; f++) {
            nets.add(LifNetwork.map(net, null, factors[f], false, 0));
            for (int t = 0; t < trialsPerFactor; t++) {
                long id = (long) f * trialsPerFactor + t;
                SpikingTrials.Stimulus s = SpikingTrials.stimulus(task, taskKey, id);
                double[] u = java.util.Arrays.copyOf(s.u(), columns);
                trials.add(new LifTrial(f, id, u,
                        SpikingTrials.initialVoltages(params, taskKey.with(RandomStream.LIF_V0), id, net.n())));
            }
        }
        return new LifBatch(params, nets, columns, trials, seed, Stimulation.NONE);
    }
}
