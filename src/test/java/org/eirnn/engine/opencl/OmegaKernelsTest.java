package org.eirnn.engine.opencl;

import org.eirnn.engine.Engine;
import org.eirnn.engine.Gradients;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.SgdConfig;
import org.eirnn.engine.Trainables;
import org.eirnn.engine.cpu.CpuEngine;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.task.TrialBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pycog's Ω regulariser (spec peers §1.4) in the OpenCL kernels (rate_train.cl's OMEGA): λ_Ω ∂Ω/∂W_rec in the
 * gradients equals the CPU reference's ({@code engine/cpu/OmegaRegulariser}) on song2016's model (Dale, rectify, abs
 * W⁺, masks and fixed entries, trained x0 and w_in) over B ∈ {1, 3, 20} and K ∈ {1, 2, 3}, also when the tiles run
 * in chunks; the kernel's gradient is the central difference of the kernel's own Ω; no step above the bound gives
 * Ω = 0 and exactly Ω-free gradients; and SGD with clipping and Ω lands on the CPU's weights. Tolerances are
 * FamilyKernelsTest's.
 */
class OmegaKernelsTest {
    private static final int T = 40;
    private static final double LAMBDA = 2.0;
    private static final long SEED = 20160707L;
    private static OpenClEngine opencl;

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

    /** FamilyKernelsTest's song2016 cases (rectify, abs W⁺, Dale, masks, trained x0 and w_in; one with penalties). */
    static List<FamilyKernelsTest.Case> song2016Cases() {
        return FamilyKernelsTest.cases().stream().filter(c -> c.name().startsWith("song2016")).toList();
    }

    static NetworkSpec withOmega(NetworkSpec spec, double lambda) {
        return spec.withOptions(spec.options().withRegularisers(spec.options().regularisers().withOmega(lambda)));
    }

    static Stream<Arguments> casesBatchesNetworks() {
        List<Arguments> out = new ArrayList<>();
        for (FamilyKernelsTest.Case c : song2016Cases()) {
            for (int b : new int[] {1, 3, 20}) {
                for (int k : new int[] {1, 2, 3}) {
                    out.add(Arguments.of(c, b, k));
                }
            }
        }
        return out.stream();
    }

    /** The gradients of {@code nets} under λ_Ω on {@code engine}, and (OpenCL) each network's Ω. */
    record Pass(List<Gradients> gradients, double[] omega) {
        static Pass of(Engine engine, FamilyKernelsTest.Case c, List<RateNetwork> nets, int trialsPerNetwork,
                       double lambda, TrialBatch batch) {
            NetworkSpec spec = withOmega(c.spec().apply(FamilyKernelsTest.base()), lambda);
            try (RateSession s = engine.openRate(spec, nets.size(), trialsPerNetwork, T, c.loss())) {
                s.upload(withSpec(nets, spec));
                List<Gradients> g = s.gradients(batch, c.noise(), SEED);
                return new Pass(g, s instanceof OpenClRateSession d && lambda != 0 ? d.omegaValues() : null);
            }
        }
    }

    static List<RateNetwork> withSpec(List<RateNetwork> nets, NetworkSpec spec) {
        return nets.stream().map(n -> n.withSpec(spec)).toList();
    }

    /**
     * With Ω the gradients equal the CPU's, and so does Ω's share alone (the gradient with λ_Ω = 2 minus the one
     * without), which is far above the tolerance (the check would otherwise prove nothing); Ω itself is positive and
     * finite on every network.
     */
    @ParameterizedTest(name = "{0} B={1} K={2}")
    @MethodSource("casesBatchesNetworks")
    void omegaGradientsEqualTheCpuReference(FamilyKernelsTest.Case c, int trialsPerNetwork, int networks) {
        assertOmegaAsCpu(opencl, c, trialsPerNetwork, networks);
    }

    /** The same on a device that holds the states of one tile at a time: Ω's sums and count span the chunks. */
    @Test
    void omegaSpansChunksOfTiles() {
        ClDevice real = OpenClTestDevice.require();
        KernelShape shape = new KernelShape(4, 1, 40);
        long tileStates = (long) T * 28 * shape.trialsPerTile() * Float.BYTES;
        ClDevice small = new ClDevice(real.platform(), real.id(), real.platformIndex(), real.deviceIndex(),
                real.platformName(), real.name(), real.vendor(), real.type(), real.computeUnits(),
                real.globalMemBytes(), real.localMemBytes(), tileStates + tileStates / 2, real.maxWorkGroup(),
                real.fp64(), real.version());
        try (OpenClEngine engine = new OpenClEngine(small, shape)) {
            assertOmegaAsCpu(engine, song2016Cases().get(0), 10, 2);
        }
    }

    private static void assertOmegaAsCpu(OpenClEngine device, FamilyKernelsTest.Case c, int trialsPerNetwork,
                                         int networks) {
        List<RateNetwork> nets = networks(c, networks);
        TrialBatch batch = c.batch(networks * trialsPerNetwork, 1000);
        try (CpuEngine cpu = new CpuEngine()) {
            Pass ref = Pass.of(cpu, c, nets, trialsPerNetwork, LAMBDA, batch);
            Pass ref0 = Pass.of(cpu, c, nets, trialsPerNetwork, 0, batch);
            Pass dev = Pass.of(device, c, nets, trialsPerNetwork, LAMBDA, batch);
            Pass dev0 = Pass.of(device, c, nets, trialsPerNetwork, 0, batch);
            for (int k = 0; k < networks; k++) {
                Gradients e = ref.gradients().get(k);
                Gradients a = dev.gradients().get(k);
                assertEquals(e.loss(), a.loss(), 1e-4 * Math.abs(e.loss()), "loss (without Ω) of network " + k);
                assertEquals(ref0.gradients().get(k).loss(), e.loss(), 0.0, "Ω is not part of the objective");
                RateTrainingTest.assertClose(Trainables.pack(e), Trainables.pack(a), "θ of network " + k);
                RateTrainingTest.assertClose(e.w(), a.w(), "dL/dw of network " + k);
                double[] shareCpu = minus(e.w(), ref0.gradients().get(k).w());
                double[] shareDev = minus(a.w(), dev0.gradients().get(k).w());
                assertTrue(RateTrainingTest.norm(shareCpu) > 0.01 * RateTrainingTest.norm(e.w()),
                        "Ω's share is too small to be seen: " + RateTrainingTest.norm(shareCpu) + " of " + RateTrainingTest.norm(e.w()) + " dev " + RateTrainingTest.norm(shareDev) + " omega " + dev.omega()[k]);
                RateTrainingTest.assertClose(shareCpu, shareDev, "λ_Ω ∂Ω/∂w of network " + k);
                for (int p = 0; p < e.w().length; p++) {
                    if (e.w()[p] == 0) {
                        assertEquals(0.0, a.w()[p], 0.0, "a masked or pruned entry gets nothing: " + p);
                    }
                }
                double[] otherCpu = Trainables.pack(e);
                double[] otherDev = Trainables.pack(a);
                double[] otherDev0 = Trainables.pack(dev0.gradients().get(k));
                for (int p = e.w().length; p < otherCpu.length; p++) {
                    assertEquals(otherDev0[p], otherDev[p], 1e-6 * (1 + Math.abs(otherDev0[p])),
                            "Ω changes W_rec's gradient only, θ[" + p + "]");
                }
                assertTrue(Double.isFinite(dev.omega()[k]) && dev.omega()[k] > 0, "Ω " + dev.omega()[k]);
            }
        }
    }

    /**
     * FamilyKernelsTest's networks with W⁺ scaled by {@value #W_SCALE} and the readout back to its drawn size: its
     * rectify networks grow over the 40 steps until ∂L/∂w is some 1e7 and Ω's share (order 1) vanishes in float.
     */
    static List<RateNetwork> networks(FamilyKernelsTest.Case c, int count) {
        List<RateNetwork> nets = FamilyKernelsTest.networks(c, count);
        for (RateNetwork net : nets) {
            for (int p = 0; p < net.w.length; p++) {
                net.w[p] *= W_SCALE;
                net.wFixed[p] *= W_SCALE;
            }
            for (int p = 0; p < net.wOut.length; p++) {
                net.wOut[p] /= 30;
            }
        }
        return nets;
    }

    private static final double W_SCALE = 0.5;

    static double[] minus(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int p = 0; p < a.length; p++) {
            d[p] = a[p] - b[p];
        }
        return d;
    }
}
