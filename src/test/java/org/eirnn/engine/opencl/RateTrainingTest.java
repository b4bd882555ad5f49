package org.eirnn.engine.opencl;

import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.AdamState;
import org.eirnn.engine.Engine;
import org.eirnn.engine.Gradients;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trainables;
import org.eirnn.engine.cpu.CpuEngine;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenCL training (kernels/rate_train.cl behind OpenClRateSession) against the CPU reference engine, the referee: gradients
 * with noise on (both engines draw the same Philox numbers), one Adam step, a few training steps, and inactive
 * networks left untouched. Dale and SOM are on and the taus are a trainable range, so every chain rule is used;
 * N = 26 is not a multiple of 4, so unit padding is exercised too.
 */
class RateTrainingTest {
    private static final int N = 26;
    private static final int T = 40;
    private static final long SEED = 20190521L;
    static OpenClEngine opencl;

    @BeforeAll
    static void openDevice() {
        opencl = new OpenClEngine(OpenClTestDevice.require());
    }

    @AfterAll
    static void closeDevice() {
        if (opencl != null) {
            opencl.close();
        }
    }

    static NetworkSpec spec(Activation activation) {
        return new NetworkSpec(N, 2, 0.3, 0.5, 2, 1.5, WeightDistribution.GAUS, true, activation,
                DecayTaus.range(4, 20));
    }

    static List<RateNetwork> networks(NetworkSpec spec, int count) {
        List<RateNetwork> nets = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            RateNetwork net = NetworkInit.draw(spec, SEED, k);
            // A larger readout than spikeRNN's N(0,1)/100 so the recurrent gradients are far from float noise.
            for (int i = 0; i < N; i++) {
                net.wOut[i] *= 30;
            }
            net.bOut[0] = 0.1;
            nets.add(net);
        }
        return nets;
    }

    /**
     * Trials with a ±1 stimulus on each channel in a window, and a ±1 target from step 25 (a small XOR-like task of
     * T steps); drawn from the TASK stream so the test is reproducible.
     */
    static TrialBatch batch(int trials, long firstTrial) {
        RandomKey key = new RandomKey(SEED, 0, RandomStream.TASK);
        double[] u = new double[trials * 2 * T];
        double[] z = new double[trials * T];
        int[] labels = new int[trials];
        long[] ids = new long[trials];
        for (int b = 0; b < trials; b++) {
            long trial = firstTrial + b;
            ids[b] = trial;
            double s0 = key.uniform(trial, 0, 0) < 0.5 ? 1 : -1;
            double s1 = key.uniform(trial, 0, 1) < 0.5 ? 1 : -1;
            for (int t = 5; t < 15; t++) {
                u[(b * 2) * T + t] = s0;
                u[(b * 2 + 1) * T + t + 5] = s1;
            }
            labels[b] = s0 * s1 > 0 ? 1 : -1;
            for (int t = 25; t < T; t++) {
                z[b * T + t] = labels[b];
            }
        }
        return new TrialBatch(trials, 2, T, u, z, labels, ids);
    }

    /** Every (B, K) of the brief with every activation; the loss alternates so both meet every activation. */
    static java.util.stream.Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        int index = 0;
        for (int b : new int[] {1, 7, 64}) {
            for (int k : new int[] {1, 2}) {
                for (Activation a : new Activation[] {Activation.SIGMOID, Activation.CLIPPED_RELU, Activation.SOFTPLUS}) {
                    LossFunction loss = index++ % 2 == 0 ? LossFunction.L2 : LossFunction.L1;
                    out.add(Arguments.of(b, k, a, loss));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "B={0} K={1} {2} {3}")
    @MethodSource("cases")
    void gradientsEqualTheCpuReference(int trialsPerNetwork, int networks, Activation activation,
                                       LossFunction loss) {
        assertGradientsEqualCpu(spec(activation), trialsPerNetwork, networks, loss);
    }

    /**
     * Without Dale (W_rec = w ⊙ som_m, every entry trains, negative weights allowed) and with one fixed τ (no
     * ∂L/∂taus_gaus: zeros on both engines). Gain 0.8 keeps the network out of chaos, where float and double would
     * part whatever the engine.
     */
    @ParameterizedTest(name = "B={0} K={1}")
    @MethodSource("trainCases")
    void gradientsWithoutDaleAndWithAFixedTauEqualTheCpuReference(int trialsPerNetwork, int networks) {
        NetworkSpec spec = new NetworkSpec(N, 2, 0.3, 0.5, 0, 0.8, WeightDistribution.GAUS, false, Activation.SOFTPLUS,
                DecayTaus.single(6));
        assertGradientsEqualCpu(spec, trialsPerNetwork, networks, LossFunction.L2);
    }

    /**
     * A device that can allocate the states of only three tiles at once (of 2 networks × 4 tiles of 16 trials) runs
     * the step in chunks of 3, 3 and 2 tiles, two of them holding tiles of both networks: same gradients, and the
     * same parameters after training steps.
     */
    @Test
    void batchesWhoseStatesDoNotFitRunInChunks() {
        ClDevice real = OpenClTestDevice.require();
        long tileStates = (long) T * 28 * 16 * Float.BYTES; // T steps × N padded to 28 units × 16 lanes
        ClDevice small = new ClDevice(real.platform(), real.id(), real.platformIndex(), real.deviceIndex(),
                real.platformName(), real.name(), real.vendor(), real.type(), real.computeUnits(),
                real.globalMemBytes(), real.localMemBytes(), 3 * tileStates + tileStates / 2, real.maxWorkGroup(),
                real.fp64(), real.version());
        try (OpenClEngine engine = new OpenClEngine(small, new KernelShape(16, 1, 28))) {
            assertGradientsEqualCpu(engine, spec(Activation.SIGMOID), 64, 2, LossFunction.L2);
            try (OpenClRateSession session = (OpenClRateSession) engine.openRate(spec(Activation.SIGMOID), 2, 64, T,
                    LossFunction.L2)) {
                session.upload(networks(spec(Activation.SIGMOID), 2));
                assertEquals(3, session.training().chunkTiles(), "tiles per chunk");
            }
        }
    }

    /**
     * spikeRNN's one-trial updates for an ensemble put the networks in the lanes (each lane its own weights, noise
     * key and gradient): 5 networks × 3 trials fill one tile of 16 lanes, one padded, with trials of a network
     * next to another network's.
     */
    @Test
    void ensemblesOfSmallBatchesShareTilesAcrossNetworks() {
        NetworkSpec spec = spec(Activation.SOFTPLUS);
        assertGradientsEqualCpu(spec, 3, 5, LossFunction.L1);
        try (OpenClRateSession session = (OpenClRateSession) opencl.openRate(spec, 5, 3, T, LossFunction.L1)) {
            session.upload(networks(spec, 5));
            assertTrue(session.training().networkLanes(), "network lanes");
            int lanes = opencl.shapeFor(spec.n(), 5, 3).vectorWidth();  // 16 in the CPU shape: all 15 in one tile
            assertEquals((15 + lanes - 1) / lanes, session.training().tiles(), "tiles");
        }
    }

    /** Narrower lane vectors (4 trials, the GPU default) give the same gradients: B = 7 fills two tiles, one padded. */
    @Test
    void gradientsWithFourLaneVectorsEqualTheCpuReference() {
        try (OpenClEngine engine = new OpenClEngine(OpenClTestDevice.require(), new KernelShape(4, 1, 4))) {
            assertGradientsEqualCpu(engine, spec(Activation.CLIPPED_RELU), 7, 2, LossFunction.L2);
        }
    }

    private static void assertGradientsEqualCpu(NetworkSpec spec, int trialsPerNetwork, int networks,
                                                LossFunction loss) {
        assertGradientsEqualCpu(opencl, spec, trialsPerNetwork, networks, loss);
    }

    static void assertGradientsEqualCpu(Engine engine, NetworkSpec spec, int trialsPerNetwork, int networks,
                                                LossFunction loss) {
        List<RateNetwork> nets = networks(spec, networks);
        TrialBatch batch = batch(networks * trialsPerNetwork, 1000);
        List<Gradients> expected;
        try (CpuEngine cpu = new CpuEngine();
             RateSession session = cpu.openRate(spec, networks, trialsPerNetwork, T, loss)) {
            session.upload(nets);
            expected = session.gradients(batch, RateNoise.SPIKERNN, SEED);
        }
        List<Gradients> actual;
        try (RateSession training = engine.openRate(spec, networks, trialsPerNetwork, T, loss)) {
            training.upload(nets);
            actual = training.gradients(batch, RateNoise.SPIKERNN, SEED);
        }
        for (int k = 0; k < networks; k++) {
            Gradients e = expected.get(k);
            Gradients a = actual.get(k);
            assertEquals(e.loss(), a.loss(), 1e-4 * Math.abs(e.loss()), "loss of network " + k);
            assertClose(Trainables.pack(e), Trainables.pack(a), "all gradients of network " + k);
            assertClose(e.w(), a.w(), "dL/dw of network " + k);
            assertClose(e.wOut(), a.wOut(), "dL/dw_out of network " + k);
            if (spec.taus().trainable()) {
                assertClose(e.tausGaus(), a.tausGaus(), "dL/dtaus_gaus of network " + k);
            } else {
                assertArrayEquals(new double[N], a.tausGaus(), "dL/dtaus_gaus of network " + k + " (fixed τ)");
            }
            assertEquals(e.bOut()[0], a.bOut()[0], 1e-3 * norm(Trainables.pack(e)), "dL/db_out of network " + k);
            if (spec.applyDale()) {
                assertZeroWherePruned(nets.get(k), a);
            }
        }
    }

    /** Entries of w at or below 0 get exactly zero gradient (relu' = 0), so they stay pruned (spec §2.3). */
    private static void assertZeroWherePruned(RateNetwork net, Gradients g) {
        for (int ij = 0; ij < net.w.length; ij++) {
            if (net.w[ij] <= 0) {
                assertEquals(0.0, g.w()[ij], "gradient of pruned w[" + ij + "]");
            }
        }
    }

    /** Cosine ≥ 0.9999 and norms within 1e-3 relative. */
    static void assertClose(double[] expected, double[] actual, String what) {
        double ne = norm(expected);
        double na = norm(actual);
        assertTrue(ne > 0, what + ": reference gradient is zero, the test would prove nothing");
        double dot = 0;
        for (int i = 0; i < expected.length; i++) {
            dot += expected[i] * actual[i];
        }
        double cosine = dot / (ne * na);
        assertTrue(cosine >= 0.9999, what + ": cosine " + cosine);
        assertEquals(ne, na, 1e-3 * ne, what + ": norm");
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** A few training steps on both engines land on the same parameters, Adam state included. */
    @ParameterizedTest(name = "B={0} K={1}")
    @MethodSource("trainCases")
    void trainStepsEqualTheCpuReference(int trialsPerNetwork, int networks) {
        assertTrainStepsEqualCpu(opencl, trialsPerNetwork, networks);
    }

    /** Three Adam steps of the sigmoid spec on {@code engine} and on the CPU reference land on the same state. */
    static void assertTrainStepsEqualCpu(Engine engine, int trialsPerNetwork, int networks) {
        NetworkSpec spec = spec(Activation.SIGMOID);
        List<RateNetwork> nets = networks(spec, networks);
        boolean[] active = new boolean[networks];
        java.util.Arrays.fill(active, true);
        int steps = 3;
        List<RateNetwork> expected;
        AdamState expectedAdam;
        double[][] expectedLoss = new double[steps][];
        try (CpuEngine cpu = new CpuEngine();
             RateSession session = cpu.openRate(spec, networks, trialsPerNetwork, T, LossFunction.L2)) {
            session.upload(nets);
            for (int s = 0; s < steps; s++) {
                expectedLoss[s] = session.trainStep(batch(networks * trialsPerNetwork, 100L * s),
                        RateNoise.SPIKERNN, SEED + s, AdamConfig.SPIKERNN, active);
            }
            expected = session.download();
            expectedAdam = session.adamState();
        }
        try (RateSession training = engine.openRate(spec, networks, trialsPerNetwork, T, LossFunction.L2)) {
            training.upload(nets);
            for (int s = 0; s < steps; s++) {
                double[] loss = training.trainStep(batch(networks * trialsPerNetwork, 100L * s), RateNoise.SPIKERNN,
                        SEED + s, AdamConfig.SPIKERNN, active);
                for (int b = 0; b < loss.length; b++) {
                    assertEquals(expectedLoss[s][b], loss[b], 1e-4 * expectedLoss[s][b], "loss of trial " + b);
                }
            }
            List<RateNetwork> actual = training.download();
            AdamState adam = training.adamState();
            assertArrayEquals(expectedAdam.steps(), adam.steps());
            for (int k = 0; k < networks; k++) {
                assertParametersClose(expected.get(k), actual.get(k), nets.get(k), "network " + k);
                assertClose(expectedAdam.m()[k], adam.m()[k], "Adam m of network " + k);
                assertClose(expectedAdam.v()[k], adam.v()[k], "Adam v of network " + k);
            }
        }
    }

    /**
     * The forward pass after training steps runs on the trained parameters: the session re-derives its sparse W_rec
     * and α from the buffers Adam updated, so its outputs equal the CPU session's after the same steps.
     */
    @Test
    void forwardAfterTrainingUsesTheTrainedParameters() {
        int networks = 2;
        int trialsPerNetwork = 5;
        NetworkSpec spec = spec(Activation.SIGMOID);
        List<RateNetwork> nets = networks(spec, networks);
        boolean[] active = {true, true};
        TrialBatch evalBatch = batch(networks * trialsPerNetwork, 5000);
        double[][] outputs = new double[2][];
        try (CpuEngine cpu = new CpuEngine()) {
            Engine[] engines = {cpu, opencl};
            for (int e = 0; e < 2; e++) {
                try (RateSession session = engines[e].openRate(spec, networks, trialsPerNetwork, T, LossFunction.L2)) {
                    session.upload(nets);
                    double before = session.forward(evalBatch, RateNoise.SPIKERNN, SEED, false).o()[T / 2];
                    for (int s = 0; s < 3; s++) {
                        session.trainStep(batch(networks * trialsPerNetwork, 10L * s), RateNoise.SPIKERNN, SEED + s,
                                AdamConfig.SPIKERNN, active);
                    }
                    outputs[e] = session.forward(evalBatch, RateNoise.SPIKERNN, SEED, false).o();
                    assertTrue(Math.abs(outputs[e][T / 2] - before) > 1e-3, engines[e].kind()
                            + ": training did not change the outputs");
                }
            }
        }
        for (int i = 0; i < outputs[0].length; i++) {
            assertEquals(outputs[0][i], outputs[1][i], 2e-4 * (1 + Math.abs(outputs[0][i])), "output " + i);
        }
    }

    static java.util.stream.Stream<Arguments> trainCases() {
        return java.util.stream.Stream.of(Arguments.of(1, 1), Arguments.of(7, 2), Arguments.of(64, 1));
    }

    /**
     * After a few Adam steps of size ≈ lr = 0.01 each, every θ entry agrees within float tolerance: the update
     * m/(√v + ε) is ±1-sized and insensitive to small gradient differences except where a gradient is ~0.
     */
    private static void assertParametersClose(RateNetwork expected, RateNetwork actual, RateNetwork start,
                                              String what) {
        double[] e = Trainables.pack(expected);
        double[] a = Trainables.pack(actual);
        double[] s = Trainables.pack(start);
        double moved = 0;
        for (int p = 0; p < e.length; p++) {
            assertEquals(e[p], a[p], 2e-4 + 1e-5 * Math.abs(e[p]), what + ": θ[" + p + "]");
            moved = Math.max(moved, Math.abs(e[p] - s[p]));
        }
        assertTrue(moved > 0.01, what + ": training did not move the parameters");
    }

    /** One Adam step from a restored (non-zero) state equals the CPU step, and inactive networks stay as they were. */
    @Test
    void adamStepFromRestoredStateEqualsCpuAndSkipsInactiveNetworks() {
        int networks = 3;
        int trialsPerNetwork = 4;
        NetworkSpec spec = spec(Activation.SOFTPLUS);
        List<RateNetwork> nets = networks(spec, networks);
        AdamState restored = AdamState.zeros(networks, N);
        RandomKey key = new RandomKey(SEED, 9, RandomStream.TASK);
        for (int k = 0; k < networks; k++) {
            restored.steps()[k] = 5 + k;
            for (int p = 0; p < restored.m()[k].length; p++) {
                restored.m()[k][p] = 1e-3 * key.normal(k, 1, p);
                restored.v()[k][p] = 1e-6 * Math.abs(key.normal(k, 2, p));
            }
        }
        boolean[] active = {true, false, true};
        TrialBatch batch = batch(networks * trialsPerNetwork, 7);
        List<RateNetwork> expected;
        AdamState expectedAdam;
        try (CpuEngine cpu = new CpuEngine();
             RateSession session = cpu.openRate(spec, networks, trialsPerNetwork, T, LossFunction.L1)) {
            session.upload(nets);
            session.setAdamState(restored.copy());
            session.trainStep(batch, RateNoise.SPIKERNN, SEED, AdamConfig.SPIKERNN, active);
            expected = session.download();
            expectedAdam = session.adamState();
        }
        try (RateSession training = opencl.openRate(spec, networks, trialsPerNetwork, T, LossFunction.L1)) {
            training.upload(nets);
            training.setAdamState(restored.copy());
            training.trainStep(batch, RateNoise.SPIKERNN, SEED, AdamConfig.SPIKERNN, active);
            List<RateNetwork> actual = training.download();
            AdamState adam = training.adamState();
            assertArrayEquals(new long[] {6, 6, 8}, adam.steps());
            assertArrayEquals(expectedAdam.steps(), adam.steps());
            for (int k = 0; k < networks; k++) {
                double[] before = Trainables.pack(nets.get(k));
                double[] after = Trainables.pack(actual.get(k));
                if (active[k]) {
                    assertParametersClose(expected.get(k), actual.get(k), nets.get(k), "network " + k);
                    assertClose(expectedAdam.m()[k], adam.m()[k], "Adam m of network " + k);
                    assertClose(expectedAdam.v()[k], adam.v()[k], "Adam v of network " + k);
                } else {
                    for (int p = 0; p < before.length; p++) {
                        assertEquals((float) before[p], after[p], "inactive network " + k + " θ[" + p + "]");
                        assertEquals((float) restored.m()[k][p], adam.m()[k][p], "inactive m[" + p + "]");
                        assertEquals((float) restored.v()[k][p], adam.v()[k][p], "inactive v[" + p + "]");
                    }
                }
            }
        }
    }
}
