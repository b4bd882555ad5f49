package org.eirnn.engine.opencl;

import org.eirnn.engine.Engine;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trajectories;
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
import org.eirnn.task.XorTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenCL-specific behaviour: kernel shapes, model variants and memory chunking all give the CPU reference's
 * trajectories. Tolerance 3e-5 as justified in {@code RateForwardTest.tolerance}.
 */
class OpenClRateSessionTest {
    private static final double TOL = 3e-5;
    private static final long SEED = 77;

    /**
     * Gain 1.5 (spikeRNN's) with Dale; 0.8 without. The float-vs-double tolerance assumes contracting dynamics:
     * without Dale a slope-1 activation makes the gain-1.5 network chaotic, and chaos amplifies rounding
     * differences exponentially whatever the engine (measured: 3e-5 after 300 steps with clipped_relu).
     */
    static NetworkSpec spec(int n, int inputs, int somN, boolean dale, Activation act, DecayTaus taus) {
        return new NetworkSpec(n, inputs, 0.25, 0.3, somN, dale ? 1.5 : 0.8, WeightDistribution.GAUS, dale, act,
                taus);
    }

    private static List<RateNetwork> networks(NetworkSpec spec, int k) {
        List<RateNetwork> nets = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            RateNetwork net = NetworkInit.draw(spec, SEED, i);
            for (int ij = 3; ij < net.w.length; ij += 5) {
                net.w[ij] -= 0.3; // some raw weights negative: relu with Dale, negative drive without
            }
            for (int j = 0; j < net.wOut.length; j++) {
                net.wOut[j] *= 30;
            }
            nets.add(net);
        }
        return nets;
    }

    /** Runs the same forward on the CPU reference and on {@code engine}; asserts equal trajectories. */
    static void assertSameForward(Engine engine, NetworkSpec spec, int k, int b, TrialBatch batch,
                                          LossFunction loss) {
        List<RateNetwork> nets = networks(spec, k);
        Trajectories want, got;
        try (CpuEngine cpu = new CpuEngine();
             RateSession ref = cpu.openRate(spec, k, b, batch.steps(), loss);
             RateSession dev = engine.openRate(spec, k, b, batch.steps(), loss)) {
            ref.upload(nets);
            dev.upload(nets);
            want = ref.forward(batch, RateNoise.SPIKERNN, SEED, true);
            got = dev.forward(batch, RateNoise.SPIKERNN, SEED, true);
        }
        for (int q = 0; q < want.x().length; q++) {
            assertEquals(want.x()[q], got.x()[q], TOL, "x at flat index " + q);
            assertEquals(want.r()[q], got.r()[q], TOL, "r at flat index " + q);
        }
        for (int q = 0; q < want.o().length; q++) {
            assertEquals(want.o()[q], got.o()[q], TOL, "o at flat index " + q);
        }
        for (int q = 0; q < want.loss().length; q++) {
            assertEquals(want.loss()[q], got.loss()[q], TOL * batch.steps(), "loss of trial " + q);
        }
    }

    static TrialBatch xorTrials(int count) {
        return XorTask.spikeRnn().generate(new RandomKey(SEED, 0, RandomStream.TASK), 0, count);
    }

    static List<KernelShape> shapes() {
        // one work-item per network, and several work-items per group (barrier and output partials) at each width
        return List.of(new KernelShape(16, 1, 40), new KernelShape(16, 2, 40), new KernelShape(16, 4, 40),
                new KernelShape(4, 1, 4), new KernelShape(8, 3, 8), new KernelShape(1, 1, 4), new KernelShape(2, 2, 12),
                // the GPU shape's tiled product and trial slices: N = 37 leaves a partial W_rec tile of 12 columns
                // and a partial last work-item; 5 trials do not fill the 8 or 16 lanes of a tile
                new KernelShape(4, 1, 4, 2, 8), new KernelShape(4, 1, 8, 4, 4), new KernelShape(2, 2, 4, 2, 12),
                new KernelShape(16, 1, 40, 1, 16));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void everyKernelShapeGivesTheReference(KernelShape shape) {
        NetworkSpec spec = spec(37, 2, 2, true, Activation.SIGMOID, DecayTaus.range(4, 20));
        try (OpenClEngine engine = new OpenClEngine(OpenClTestDevice.require(), shape)) {
            assertSameForward(engine, spec, 2, 5, xorTrials(10), LossFunction.L2);
        }
    }

    static java.util.stream.Stream<Arguments> variants() {
        return java.util.stream.Stream.of(
                Arguments.of(Activation.CLIPPED_RELU, true, DecayTaus.single(5), LossFunction.L1),
                Arguments.of(Activation.SOFTPLUS, true, DecayTaus.range(2, 10), LossFunction.L2),
                Arguments.of(Activation.SIGMOID, false, DecayTaus.single(10), LossFunction.L1),
                Arguments.of(Activation.CLIPPED_RELU, false, DecayTaus.range(4, 20), LossFunction.L2));
    }

    @ParameterizedTest(name = "{0} dale={1} {2} {3}")
    @MethodSource("variants")
    void modelVariantsGiveTheReference(Activation act, boolean dale, DecayTaus taus, LossFunction loss) {
        NetworkSpec spec = spec(29, 2, dale ? 1 : 0, dale, act, taus);
        try (OpenClEngine engine = new OpenClEngine(OpenClTestDevice.require())) {
            assertSameForward(engine, spec, 3, 3, xorTrials(9), loss);
        }
    }

    /** A device that can allocate only two tiles of states at once runs the 6 tiles in 3 chunks, same results. */
    @Test
    void batchesLargerThanTheAllocationLimitRunInChunks() {
        ClDevice real = OpenClTestDevice.require();
        NetworkSpec spec = spec(37, 2, 0, true, Activation.SIGMOID, DecayTaus.range(4, 20));
        KernelShape shape = new KernelShape(16, 1, 40);
        long tileStates = (long) XorTask.spikeRnn().steps() * spec.n() * shape.trialsPerTile() * Float.BYTES;
        ClDevice small = new ClDevice(real.platform(), real.id(), real.platformIndex(), real.deviceIndex(),
                real.platformName(), real.name(), real.vendor(), real.type(), real.computeUnits(),
                real.globalMemBytes(), real.localMemBytes(), 2 * tileStates + tileStates / 2, real.maxWorkGroup(),
                real.fp64(), real.version());
        try (OpenClEngine engine = new OpenClEngine(small, shape)) {
            assertSameForward(engine, spec, 3, 20, xorTrials(60), LossFunction.L2);
        }
    }

    /** The device's W_rec (built by rate_prepare from raw w, m and som_m): Dale signs, SOM zeros, relu. */
    @Test
    void deviceRecurrentMatrixKeepsDaleSignsAndSomZeros() {
        NetworkSpec spec = spec(60, 1, 5, true, Activation.SIGMOID, DecayTaus.single(10));
        List<RateNetwork> nets = networks(spec, 2);
        try (OpenClEngine engine = new OpenClEngine(OpenClTestDevice.require());
             OpenClRateSession session = (OpenClRateSession) engine.openRate(spec, 2, 1, 10, LossFunction.L2)) {
            session.upload(nets);
            for (int k = 0; k < 2; k++) {
                RateNetwork net = nets.get(k);
                double[] device = session.effectiveRecurrent(k);
                double[] reference = net.effectiveRecurrent();
                int n = spec.n();
                int somRows = 0, negatives = 0;
                for (int i = 0; i < n; i++) {
                    boolean somRow = net.somMask[i * n + firstInhibitory(net)] == 0;
                    somRows += somRow ? 1 : 0;
                    for (int j = 0; j < n; j++) {
                        double v = device[i * n + j];
                        assertEquals((float) reference[i * n + j], v, 0.0, "W_rec[" + i + "][" + j + "]");
                        if (net.inh[j]) {
                            assertTrue(v <= 0, "inhibitory column " + j + " must be <= 0");
                            negatives += v < 0 ? 1 : 0;
                            if (somRow) {
                                assertEquals(0.0, v, 0.0, "SOM row " + i + " gets no inhibitory input");
                            }
                        } else {
                            assertTrue(v >= 0, "excitatory column " + j + " must be >= 0");
                        }
                        if (net.w[i * n + j] < 0) {
                            assertEquals(0.0, v, 0.0, "relu zeroes negative raw weight " + i + "," + j);
                        }
                    }
                }
                assertEquals(5, somRows, "SOM units");
                assertTrue(negatives > 0, "some inhibitory weights are nonzero");
            }
        }
    }

    private static int firstInhibitory(RateNetwork net) {
        for (int j = 0; j < net.n(); j++) {
            if (net.inh[j]) {
                return j;
            }
        }
        throw new AssertionError("no inhibitory unit");
    }

    @Test
    void downloadReturnsTheUploadedParametersInFloat() {
        NetworkSpec spec = spec(20, 1, 0, true, Activation.SIGMOID, DecayTaus.range(4, 20));
        List<RateNetwork> nets = networks(spec, 2);
        try (OpenClEngine engine = new OpenClEngine(OpenClTestDevice.require());
             RateSession session = engine.openRate(spec, 2, 3, 10, LossFunction.L2)) {
            session.upload(nets);
            List<RateNetwork> back = session.download();
            for (int k = 0; k < 2; k++) {
                for (int q = 0; q < nets.get(k).w.length; q++) {
                    assertEquals((float) nets.get(k).w[q], back.get(k).w[q], 0.0);
                }
                for (int i = 0; i < spec.n(); i++) {
                    assertEquals((float) nets.get(k).wOut[i], back.get(k).wOut[i], 0.0);
                    assertEquals((float) nets.get(k).tausGaus[i], back.get(k).tausGaus[i], 0.0);
                }
                assertEquals((float) nets.get(k).bOut[0], back.get(k).bOut[0], 0.0);
            }
        }
    }
}
