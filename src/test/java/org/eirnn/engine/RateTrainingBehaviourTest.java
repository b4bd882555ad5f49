package org.eirnn.engine;

import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.model.WeightDistribution;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.GoNogoTask;
import org.eirnn.task.TrialBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training behaviour (spec §2.3) on every engine and several batch sizes: the minibatch gradient is the mean of the
 * trials' own gradients (so lanes, tiles and padding never mix trials), and repeated Adam steps on one batch lower
 * its loss.
 */
class RateTrainingBehaviourTest {
    private static final long SEED = 31;
    private static final int T = 60;

    static java.util.stream.Stream<Arguments> enginesAndBatches() {
        List<Arguments> out = new ArrayList<>();
        for (String engine : TestEngines.names()) {
            for (int b : new int[] {7, 64}) {
                out.add(Arguments.of(engine, b));
            }
        }
        return out.stream();
    }

    /** A go-nogo-like network of 30 units, Dale and SOM on, trainable taus. */
    static NetworkSpec spec() {
        return new NetworkSpec(30, 1, 0.2, 0.3, 2, 1.5, WeightDistribution.GAUS, true, Activation.SIGMOID,
                DecayTaus.range(4, 20));
    }

    static RateNetwork network(NetworkSpec spec, int k) {
        RateNetwork net = NetworkInit.draw(spec, SEED, k);
        for (int i = 0; i < net.wOut.length; i++) {
            net.wOut[i] *= 30; // outputs of order 1, so every gradient is well above float rounding
        }
        return net;
    }

    /** Go-nogo trials cut to T steps: Go stimulus at 10–20, target 1 from step 20. */
    static TrialBatch trials(long first, int count) {
        TrialBatch full = new GoNogoTask().generate(new RandomKey(SEED, 0, RandomStream.TASK), first, count);
        double[] u = new double[count * T];
        double[] z = new double[count * T];
        for (int b = 0; b < count; b++) {
            for (int t = 0; t < T; t++) {
                u[b * T + t] = full.u(b, 0, t + 40);
                z[b * T + t] = full.target(b, Math.min(t + 55, GoNogoTask.T - 1));
            }
        }
        return new TrialBatch(count, 1, T, u, z, full.labels(), full.trialIds());
    }

    /**
     * Network 0 of a 2-network session with B trials each gets the mean of the gradients that B one-trial sessions
     * give for the same trials (same ids, so the same noise). CPU: equal to rounding; OpenCL: float tolerance.
     */
    @ParameterizedTest(name = "{0} B={1}")
    @MethodSource("enginesAndBatches")
    void batchGradientIsTheMeanOfTheTrialsGradients(String engineName, int trialsPerNetwork) {
        NetworkSpec spec = spec();
        List<RateNetwork> nets = List.of(network(spec, 0), network(spec, 1));
        TrialBatch both = TrialBatch.concat(List.of(trials(100, trialsPerNetwork), trials(500, trialsPerNetwork)));
        try (Engine engine = TestEngines.open(engineName)) {
            double[] batch;
            try (RateSession session = engine.openRate(spec, 2, trialsPerNetwork, T, LossFunction.L2)) {
                session.upload(nets);
                batch = Trainables.pack(session.gradients(both, RateNoise.SPIKERNN, SEED).get(0));
            }
            double[] mean = new double[batch.length];
            try (RateSession single = engine.openRate(spec, 1, 1, T, LossFunction.L2)) {
                single.upload(List.of(nets.get(0)));
                for (int b = 0; b < trialsPerNetwork; b++) {
                    double[] g = Trainables.pack(single.gradients(trials(100 + b, 1), RateNoise.SPIKERNN, SEED).get(0));
                    for (int p = 0; p < g.length; p++) {
                        mean[p] += g[p] / trialsPerNetwork;
                    }
                }
            }
            double tolerance = engineName.equals("cpu") ? 1e-9 : 1e-3;
            double scale = 0;
            for (double v : mean) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertTrue(scale > 0, "the reference gradient is zero");
            for (int p = 0; p < mean.length; p++) {
                assertEquals(mean[p], batch[p], tolerance * scale, "θ[" + p + "]");
            }
        }
    }

    /** Twenty Adam steps (lr 0.01) on one noise-free batch lower its loss, on every network of the ensemble. */
    @ParameterizedTest(name = "{0} B={1}")
    @MethodSource("enginesAndBatches")
    void adamStepsLowerTheLossOfABatch(String engineName, int trialsPerNetwork) {
        NetworkSpec spec = spec();
        TrialBatch batch = TrialBatch.concat(List.of(trials(0, trialsPerNetwork), trials(0, trialsPerNetwork)));
        try (Engine engine = TestEngines.open(engineName);
             RateSession session = engine.openRate(spec, 2, trialsPerNetwork, T, LossFunction.L2)) {
            session.upload(List.of(network(spec, 0), network(spec, 1)));
            boolean[] active = {true, true};
            double[] first = meanPerNetwork(session.trainStep(batch, RateNoise.NONE, SEED, AdamConfig.SPIKERNN,
                    active), trialsPerNetwork);
            double[] last = first;
            for (int s = 0; s < 20; s++) {
                last = meanPerNetwork(session.trainStep(batch, RateNoise.NONE, SEED, AdamConfig.SPIKERNN, active),
                        trialsPerNetwork);
            }
            for (int k = 0; k < 2; k++) {
                assertTrue(last[k] < 0.8 * first[k], "network " + k + ": loss " + first[k] + " -> " + last[k]);
            }
        }
    }

    private static double[] meanPerNetwork(double[] trialLoss, int trialsPerNetwork) {
        double[] mean = new double[trialLoss.length / trialsPerNetwork];
        for (int b = 0; b < trialLoss.length; b++) {
            mean[b / trialsPerNetwork] += trialLoss[b] / trialsPerNetwork;
        }
        return mean;
    }
}
