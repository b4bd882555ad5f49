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
        try (OpenClEngine opencl = new OpenClEngine(OpenClTestDevice.require())) {
            assertOmegaAsCpu(opencl, c, trialsPerNetwork, networks);
        }
    }

    /**
     * The same in the GPU shape ({@code --kernel-shape gpu}): W_rec tiled through local memory and several tiles per
     * work-group, each with its own Ω slots and coefficient.
     */
    @ParameterizedTest(name = "gpu shape {0} B={1} K={2}")
    @MethodSource("casesBatchesNetworks")
    void omegaGradientsEqualTheCpuReferenceInTheGpuShape(FamilyKernelsTest.Case c, int trialsPerNetwork,
                                                         int networks) {
        try (OpenClEngine opencl = new OpenClEngine(OpenClTestDevice.require(), KernelShape.Choice.GPU)) {
            assertOmegaAsCpu(opencl, c, trialsPerNetwork, networks);
        }
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
     * The kernel's Ω gradient is the central difference of the kernel's Ω (float, h = {@value #H}), every unmasked
     * entry of W⁺ of both networks at once. Ω takes only the immediate derivative (g and x held fixed), so the check
     * runs where the engine's g and x do not depend on W_rec: T = 2 steps from x0 = −0.3 under rectify, so r_0 = 0,
     * x_1 and g_1 = δx_1 do not see W_rec, and ∂L/∂w is exactly 0 (asserted): what the kernels return for w is then
     * λ_Ω ∂Ω/∂w alone. The criterion rejects the negated gradient, so the check can fail.
     */
    @Test
    void omegaGradientIsTheCentralDifferenceOfTheKernelsOmega() {
        FamilyKernelsTest.Case c = song2016Cases().get(0);
        int trials = 3;
        List<RateNetwork> nets = networks(c, 2);
        for (RateNetwork net : nets) {
            Arrays.fill(net.x0, -0.3);
        }
        NetworkSpec spec = withOmega(c.spec().apply(FamilyKernelsTest.base()), 1.0);
        nets = withSpec(nets, spec);
        TrialBatch batch = twoStepBatch(2 * trials);
        try (OpenClEngine opencl = new OpenClEngine(OpenClTestDevice.require());
             OpenClRateSession s = (OpenClRateSession) opencl.openRate(spec, 2, trials, 2, c.loss())) {
            s.upload(nets);
            List<Gradients> g = s.gradients(batch, c.noise(), SEED);
            double[] omega = s.omegaValues();
            try (OpenClRateSession without = (OpenClRateSession) opencl.openRate(withOmega(spec, 0), 2, trials, 2,
                    c.loss())) {
                without.upload(withSpec(nets, withOmega(spec, 0)));
                for (Gradients g0 : without.gradients(batch, c.noise(), SEED)) {
                    assertTrue(Arrays.stream(g0.w()).allMatch(v -> v == 0), "∂L/∂w is not 0: x_1 sees W_rec");
                }
            }
            for (int k = 0; k < 2; k++) {
                assertTrue(omega[k] > 0, "Ω of network " + k + " is " + omega[k]);
                RateNetwork net = nets.get(k);
                double[] analytic = g.get(k).w();
                double[] numeric = new double[analytic.length];
                for (int p = 0; p < analytic.length; p++) {
                    if (net.somMask[p] == 0) {
                        assertEquals(0.0, analytic[p], 0.0, "a masked entry gets no Ω gradient");
                    }
                }
                for (int p = 0; p < analytic.length; p++) {
                    numeric[p] = Math.abs(net.w[p]) > 3 * H && net.somMask[p] != 0 ? Double.NaN : 0;
                }
                centralDifferences(s, nets, k, batch, c.noise(), numeric);
                double[] used = analytic.clone();
                for (int p = 0; p < used.length; p++) {
                    used[p] = numeric[p] == 0 && (Math.abs(net.w[p]) <= 3 * H || net.somMask[p] == 0) ? 0 : used[p];
                }
                double error = relativeError(used, numeric);
                assertTrue(error < 2e-2, "network " + k + ": relative error " + error);
                assertTrue(relativeError(minus(new double[used.length], used), numeric) > 1,
                        "the check cannot fail");
            }
        }
    }

    private static final double H = 2e-3;

    /** numeric[p] := (Ω(w_p + h) − Ω(w_p − h))/2h of network k, for the entries marked NaN. */
    private static void centralDifferences(OpenClRateSession s, List<RateNetwork> nets, int k, TrialBatch batch,
                                           RateNoise noise, double[] numeric) {
        double[] w = nets.get(k).w;
        for (int p = 0; p < numeric.length; p++) {
            if (!Double.isNaN(numeric[p])) {
                continue;
            }
            double keep = w[p];
            double[] at = new double[2];
            for (int side = 0; side < 2; side++) {
                w[p] = keep + (side == 0 ? H : -H);
                s.upload(nets);
                s.gradients(batch, noise, SEED);
                at[side] = s.omegaValues()[k];
            }
            w[p] = keep;
            numeric[p] = (at[0] - at[1]) / (2 * H);
        }
        s.upload(nets);
    }

    /** ‖a − b‖ / ‖b‖. */
    static double relativeError(double[] a, double[] b) {
        return RateTrainingTest.norm(minus(a, b)) / RateTrainingTest.norm(b);
    }

    /**
     * Two steps: the inputs of step 0 (channel 0 at 1 + 0.1·b, channel 1 at 0.5) drive x_1, whose output is compared
     * with a ±1 target.
     */
    static TrialBatch twoStepBatch(int trials) {
        double[] u = new double[trials * 2 * 2];
        double[] z = new double[trials * 2];
        int[] labels = new int[trials];
        long[] ids = new long[trials];
        for (int b = 0; b < trials; b++) {
            u[(b * 2) * 2] = 1 + 0.1 * b;
            u[(b * 2 + 1) * 2] = 0.5;
            labels[b] = b % 2 == 0 ? 1 : -1;
            z[b * 2] = labels[b];
            ids[b] = b;
        }
        return new TrialBatch(trials, 2, 2, u, z, labels, ids);
    }

    /**
     * With a readout 1e-12 its size every ‖g_t‖² is below the bound 1e-20: Ω = 0 and the gradients are exactly those
     * without Ω, on both engines (the CPU's to rounding: it shares BPTT's product with Ω); the same networks with a
     * readout 1e-3 its size have steps above the bound and Ω &gt; 0, so the bound is what decides.
     */
    @ParameterizedTest(name = "B={0} K={1}")
    @MethodSource("batchesNetworks")
    void noStepAboveTheBoundGivesNoOmega(int trialsPerNetwork, int networks) {
        FamilyKernelsTest.Case c = song2016Cases().get(0);
        TrialBatch batch = c.batch(networks * trialsPerNetwork, 1000);
        for (double scale : new double[] {1e-12, 1e-3}) {
            List<RateNetwork> nets = networks(c, networks);
            for (RateNetwork net : nets) {
                scaleReadout(net, scale);
            }
            try (CpuEngine cpu = new CpuEngine(); OpenClEngine opencl = new OpenClEngine(OpenClTestDevice.require())) {
                Pass dev = Pass.of(opencl, c, nets, trialsPerNetwork, LAMBDA, batch);
                if (scale > 1e-6) {
                    for (double o : dev.omega()) {
                        assertTrue(o > 0, "Ω " + o + " with steps above the bound");
                    }
                    continue;
                }
                Pass dev0 = Pass.of(opencl, c, nets, trialsPerNetwork, 0, batch);
                Pass ref = Pass.of(cpu, c, nets, trialsPerNetwork, LAMBDA, batch);
                Pass ref0 = Pass.of(cpu, c, nets, trialsPerNetwork, 0, batch);
                for (int k = 0; k < networks; k++) {
                    assertEquals(0.0, dev.omega()[k], 0.0, "Ω of network " + k);
                    double[] a = Trainables.pack(dev.gradients().get(k));
                    double[] a0 = Trainables.pack(dev0.gradients().get(k));
                    assertTrue(Arrays.stream(dev.gradients().get(k).w()).anyMatch(v -> v != 0), "∂L/∂w is all 0");
                    for (int p = 0; p < a.length; p++) {
                        assertEquals(a0[p], a[p], 0.0, "OpenCL θ[" + p + "] of network " + k);
                    }
                    double[] e = Trainables.pack(ref.gradients().get(k));
                    double[] e0 = Trainables.pack(ref0.gradients().get(k));
                    for (int p = 0; p < e.length; p++) {
                        assertEquals(e0[p], e[p], 1e-12 * RateTrainingTest.norm(e0), "CPU θ[" + p + "]");
                    }
                }
            }
        }
    }

    /** W_out's trained and fixed entries times {@code scale}. */
    static void scaleReadout(RateNetwork net, double scale) {
        for (int p = 0; p < net.wOut.length; p++) {
            net.wOut[p] *= scale;
            net.wOutFixed[p] *= scale;
        }
    }

    static Stream<Arguments> batchesNetworks() {
        return Stream.of(Arguments.of(1, 2), Arguments.of(3, 2), Arguments.of(20, 3));
    }

    /**
     * Three SGD updates with global-norm clipping (pycog's optimiser) and Ω land on the CPU's parameters
     * (FamilyKernelsTest's tolerance), and Ω moved them by more than five times that tolerance (a readout a tenth
     * of the size gives Ω's share of the clipped step that weight).
     */
    @ParameterizedTest(name = "B={0} K={1}")
    @MethodSource("batchesNetworks")
    void sgdStepsWithOmegaEqualTheCpuReference(int trialsPerNetwork, int networks) {
        FamilyKernelsTest.Case c = song2016Cases().get(0);
        List<RateNetwork> nets = networks(c, networks);
        nets.forEach(net -> scaleReadout(net, 0.1));
        SgdConfig sgd = new SgdConfig(0.5, 1.0);
        boolean[] active = new boolean[networks];
        Arrays.fill(active, true);
        try (CpuEngine cpu = new CpuEngine(); OpenClEngine opencl = new OpenClEngine(OpenClTestDevice.require())) {
            Pass first = Pass.of(cpu, c, nets, trialsPerNetwork, LAMBDA, c.batch(networks * trialsPerNetwork, 0));
            assertTrue(first.gradients().stream().anyMatch(g -> RateTrainingTest.norm(Trainables.pack(g)) > 1.0),
                    "the first update is not clipped");
            List<RateNetwork> ref = train(cpu, c, nets, trialsPerNetwork, LAMBDA, sgd, active);
            List<RateNetwork> ref0 = train(cpu, c, nets, trialsPerNetwork, 0, sgd, active);
            List<RateNetwork> dev = train(opencl, c, nets, trialsPerNetwork, LAMBDA, sgd, active);
            for (int k = 0; k < networks; k++) {
                double[] e = Trainables.pack(ref.get(k));
                double[] e0 = Trainables.pack(ref0.get(k));
                double[] a = Trainables.pack(dev.get(k));
                double byOmega = 0;
                for (int p = 0; p < e.length; p++) {
                    assertEquals(e[p], a[p], 2e-4 + 1e-5 * Math.abs(e[p]), "network " + k + " θ[" + p + "]");
                    byOmega = Math.max(byOmega, Math.abs(e[p] - e0[p]));
                }
                assertTrue(byOmega > 1e-3, "Ω moved the parameters by only " + byOmega);
            }
        }
    }

    private static List<RateNetwork> train(Engine engine, FamilyKernelsTest.Case c, List<RateNetwork> nets,
                                           int trialsPerNetwork, double lambda, SgdConfig sgd, boolean[] active) {
        NetworkSpec spec = withOmega(c.spec().apply(FamilyKernelsTest.base()), lambda);
        try (RateSession s = engine.openRate(spec, nets.size(), trialsPerNetwork, T, c.loss())) {
            s.upload(withSpec(nets, spec));
            for (int step = 0; step < 3; step++) {
                s.trainStep(c.batch(nets.size() * trialsPerNetwork, 100L * step), c.noise(), SEED + step, sgd,
                        active);
            }
            return s.download();
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
