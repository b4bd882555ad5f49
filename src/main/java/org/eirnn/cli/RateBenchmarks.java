package org.eirnn.cli;

import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.Engine;
import org.eirnn.engine.RateSession;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.GoNogoTask;
import org.eirnn.task.Task;
import org.eirnn.task.TrialBatch;

import java.util.List;

/**
 * The rate-model benchmarks: go-nogo (T = 200), spikeRNN's defaults, noise on, one network with all trials in
 * flight. The task batch is generated once; the engine's work (and, for training, the Adam step) is timed.
 */
final class RateBenchmarks {
    private static final long SEED = 1;

    private RateBenchmarks() {
    }

    static Benchmark forward() {
        return new RateBenchmark("forward", false);
    }

    static Benchmark train() {
        return new RateBenchmark("train", true);
    }

    private record RateBenchmark(String work, boolean training) implements Benchmark {

        @Override
        public Run prepare(Engine engine, int n, int inFlight) {
            Task task = new GoNogoTask();
            NetworkSpec spec = NetworkSpec.defaults(n, task.inputs(), DecayTaus.range(4, 20));
            RateSession session = engine.openRate(spec, 1, inFlight, task.steps(), LossFunction.L2);
            RateNetwork net = NetworkInit.draw(spec, SEED, 0);
            session.upload(List.of(net));
            TrialBatch batch = task.generate(new RandomKey(SEED, 0, RandomStream.TASK), 0, inFlight);
            boolean[] active = {true};
            return new Run() {
                @Override
                public void once() {
                    if (training) {
                        session.trainStep(batch, RateNoise.SPIKERNN, SEED, AdamConfig.SPIKERNN, active);
                    } else {
                        session.forward(batch, RateNoise.SPIKERNN, SEED, false);
                    }
                }

                @Override
                public void close() {
                    session.close();
                }
            };
        }

        /** About 2·N² per step forward (the recurrent mat-vec), 6·N² with BPTT and the weight gradient. */
        @Override
        public double flopsPerTrial(int n) {
            return (training ? 6.0 : 2.0) * n * (double) n * (GoNogoTask.T - 1);
        }
    }
}
