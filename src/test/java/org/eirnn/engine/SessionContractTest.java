package org.eirnn.engine;

import org.eirnn.InvalidInputException;
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
import org.eirnn.task.TrialBatch;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rate-session contract ({@link SessionContract}) on every engine and several batch sizes (B = 1 rides in
 * network lanes on OpenCL, B = 20 fills more than one tile): each rule is refused with the same exception and a
 * message naming what did not fit, and a refused call leaves the session as it was.
 */
class SessionContractTest {
    private static final int K = 2;
    private static final int T = 8;
    private static final NetworkSpec SPEC = new NetworkSpec(12, 1, 0.2, 0.5, 0, 1.5, WeightDistribution.GAUS, true,
            Activation.SIGMOID, DecayTaus.range(4, 20));
    private static final boolean[] ALL = {true, true};

    static java.util.stream.Stream<Arguments> enginesAndBatches() {
        List<Arguments> out = new ArrayList<>();
        for (String engine : TestEngines.names()) {
            for (int b : new int[] {1, 5, 20}) {
                out.add(Arguments.of(engine, b));
            }
        }
        return out.stream();
    }

    private static List<RateNetwork> networks(NetworkSpec spec, int count) {
        List<RateNetwork> nets = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            nets.add(NetworkInit.draw(spec, 7, k));
        }
        return nets;
    }

    /** {@code trials} trials of {@code steps} steps and {@code inputs} channels, a pulse and a ramp target. */
    private static TrialBatch batch(int trials, int steps, int inputs) {
        RandomKey key = new RandomKey(3, 0, RandomStream.TASK);
        double[] u = new double[trials * inputs * steps];
        double[] z = new double[trials * steps];
        for (int i = 0; i < u.length; i++) {
            u[i] = key.normal(1, 0, i);
        }
        for (int i = 0; i < z.length; i++) {
            z[i] = (i % steps) / (double) steps;
        }
        long[] ids = new long[trials];
        for (int b = 0; b < trials; b++) {
            ids[b] = 100 + b;
        }
        return new TrialBatch(trials, inputs, steps, u, z, new int[trials], ids);
    }

    /** A session of K networks × b trials of T steps with the networks uploaded. */
    private static RateSession uploaded(Engine engine, int b) {
        RateSession s = engine.openRate(SPEC, K, b, T, LossFunction.L2);
        s.upload(networks(SPEC, K));
        return s;
    }

    private static void refused(Class<? extends RuntimeException> type, Executable call, String... words) {
        RuntimeException e = assertThrows(type, call);
        for (String word : words) {
            assertTrue(e.getMessage().contains(word), "'" + e.getMessage() + "' should name " + word);
        }
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @ParameterizedTest(name = "{0} B={1}")
    @MethodSource("enginesAndBatches")
    void everyCallThatNeedsTheNetworksIsRefusedBeforeUpload(String engineName, int b) {
        TrialBatch batch = batch(K * b, T, 1);
        try (Engine engine = TestEngines.open(engineName);
             RateSession s = engine.openRate(SPEC, K, b, T, LossFunction.L2)) {
            refused(IllegalStateException.class, s::download, "download", "upload");
            refused(IllegalStateException.class, () -> s.forward(batch, RateNoise.SPIKERNN, 1, false), "forward",
                    "upload");
            refused(IllegalStateException.class, () -> s.gradients(batch, RateNoise.SPIKERNN, 1), "gradients",
                    "upload");
            refused(IllegalStateException.class,
                    () -> s.trainStep(batch, RateNoise.SPIKERNN, 1, AdamConfig.SPIKERNN, ALL), "trainStep", "upload");
            s.upload(networks(SPEC, K));
            assertEquals(K * b, s.forward(batch, RateNoise.SPIKERNN, 1, false).loss().length);
        }
    }

    @ParameterizedTest(name = "{0} B={1}")
    @MethodSource("enginesAndBatches")
    void batchesOfOtherShapesAreRefusedAndChangeNothing(String engineName, int b) {
        TrialBatch good = batch(K * b, T, 1);
        try (Engine engine = TestEngines.open(engineName);
             RateSession s = uploaded(engine, b)) {
            double[] before = s.forward(good, RateNoise.SPIKERNN, 1, false).o();
            List<TrialBatch> wrong = new ArrayList<>(List.of(batch(K * b + 1, T, 1), batch(b, T, 1),
                    batch(K * b, T + 1, 1), batch(K * b, T - 1, 1), batch(K * b, T, 2)));
            String[] named = {"K·B", "K·B", "steps", "steps", "inputs"};
            for (int i = 0; i < wrong.size(); i++) {
                TrialBatch w = wrong.get(i);
                refused(InvalidInputException.class, () -> s.forward(w, RateNoise.SPIKERNN, 1, true), named[i]);
                refused(InvalidInputException.class, () -> s.gradients(w, RateNoise.SPIKERNN, 1), named[i]);
                refused(InvalidInputException.class,
                        () -> s.trainStep(w, RateNoise.SPIKERNN, 1, AdamConfig.SPIKERNN, ALL), named[i]);
            }
            assertArrayEquals(before, s.forward(good, RateNoise.SPIKERNN, 1, false).o(),
                    "a refused batch changed the session");
            assertArrayEquals(new long[K], s.adamState().steps(), "a refused trainStep counted an Adam step");
        }
    }

    @ParameterizedTest(name = "{0} B={1}")
    @MethodSource("enginesAndBatches")
    void sessionsWithoutTrialsOrShorterThanTwoStepsAreRefused(String engineName, int b) {
        try (Engine engine = TestEngines.open(engineName)) {
            refused(InvalidInputException.class, () -> engine.openRate(SPEC, K, b, 1, LossFunction.L2), "1 steps",
                    "at least 2");
            refused(InvalidInputException.class, () -> engine.openRate(SPEC, K, b, 0, LossFunction.L2), "0 steps");
            refused(InvalidInputException.class, () -> engine.openRate(SPEC, 0, b, T, LossFunction.L2),
                    "0 networks");
            refused(InvalidInputException.class, () -> engine.openRate(SPEC, K, 0, T, LossFunction.L2),
                    "0 trials per network");
            try (RateSession s = engine.openRate(SPEC, K, b, 2, LossFunction.L2)) {
                s.upload(networks(SPEC, K));
                assertEquals(K * b, s.forward(batch(K * b, 2, 1), RateNoise.SPIKERNN, 1, false).o().length,
                        "2 steps is the shortest trial: one output per trial");
            }
        }
    }

    @ParameterizedTest(name = "{0} B={1}")
    @MethodSource("enginesAndBatches")
    void uploadsOfOtherCountsOrSizesAreRefusedAndChangeNothing(String engineName, int b) {
        NetworkSpec larger = new NetworkSpec(16, 1, 0.2, 0.5, 0, 1.5, WeightDistribution.GAUS, true,
                Activation.SIGMOID, DecayTaus.range(4, 20));
        try (Engine engine = TestEngines.open(engineName);
             RateSession s = uploaded(engine, b)) {
            double[] w0 = s.download().get(0).w;
            refused(InvalidInputException.class, () -> s.upload(networks(SPEC, K + 1)), "3 networks", "expected 2");
            refused(InvalidInputException.class, () -> s.upload(networks(SPEC, K - 1)), "1 networks", "expected 2");
            List<RateNetwork> mixed = List.of(networks(SPEC, 1).get(0), NetworkInit.draw(larger, 7, 1));
            refused(InvalidInputException.class, () -> s.upload(mixed), "network 1", "N=16", "N=12");
            assertArrayEquals(w0, s.download().get(0).w, "a refused upload changed the parameters");
        }
    }

    @ParameterizedTest(name = "{0} B={1}")
    @MethodSource("enginesAndBatches")
    void activeFlagsAndAdamStatesMustFitTheNetworks(String engineName, int b) {
        TrialBatch batch = batch(K * b, T, 1);
        try (Engine engine = TestEngines.open(engineName);
             RateSession s = uploaded(engine, b)) {
            refused(InvalidInputException.class,
                    () -> s.trainStep(batch, RateNoise.SPIKERNN, 1, AdamConfig.SPIKERNN, new boolean[K + 1]),
                    "3 active flags", "expected 2");
            refused(InvalidInputException.class, () -> s.setAdamState(AdamState.zeros(K + 1, SPEC.n())),
                    "Adam state of 3 networks");
            refused(InvalidInputException.class, () -> s.setAdamState(AdamState.zeros(K, SPEC.n() + 1)),
                    "Adam state", "N=12");
            AdamState restored = AdamState.zeros(K, SPEC.n());
            Arrays.fill(restored.steps(), 4);
            s.setAdamState(restored);
            s.trainStep(batch, RateNoise.SPIKERNN, 1, AdamConfig.SPIKERNN, new boolean[] {true, false});
            assertArrayEquals(new long[] {5, 4}, s.adamState().steps(), "the restored state took the step");
        }
    }
}
