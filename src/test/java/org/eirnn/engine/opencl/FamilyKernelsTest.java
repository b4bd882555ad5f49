package org.eirnn.engine.opencl;

import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.Gradients;
import org.eirnn.engine.Optimizer;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.SgdConfig;
import org.eirnn.engine.Trainables;
import org.eirnn.engine.Trajectories;
import org.eirnn.engine.cpu.CpuEngine;
import org.eirnn.model.Activation;
import org.eirnn.model.AlphaMode;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.NoiseForm;
import org.eirnn.model.OutputActivation;
import org.eirnn.model.Positivity;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.model.Regularisers;
import org.eirnn.model.WeightDistribution;
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
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model family's options in the OpenCL kernels against the CPU reference engine (the referee): forward
 * trajectories and losses, gradients and Adam steps with spikeRNN's noise on, over B ∈ {1, 7, 64} and K ∈ {1, 2},
 * and SGD steps over B ∈ {1, 3, 8} and K ∈ {1, 2}, clipping on and off.
 * The options: the weight parametrisation W = φ(W⁺ ⊙ C + W_fixed)·D (DESIGN "One model family") with masks and
 * fixed entries in W_rec, W_in and W_out (FamilyGradientTest's "masked" case, in every case here), φ = relu, abs or
 * none, positive inputs and a Dale readout; b_rec and x0 fixed or trained, a trained W_in, a fixed b_out; the hidden
 * activations rectify, tanh, rtanh, linear; the continuous and nn4n noise forms; a trained α; loss masks with l1,
 * l2 and the masked MSE (Σ M e² / Σ M over a network's trials); several outputs with masks per output; sigmoid and
 * softmax outputs with the binary and categorical cross-entropy; post-activation noise; pycog's input conditioning;
 * the L1/L2 weight penalties and the rate penalty; song2016's and nn4n's models. Tolerances are RateTrainingTest's
 * (gradients, parameters) and OpenClRateSessionTest's (trajectories, 3e-5, relative above 1); gain 1.0 keeps the abs
 * networks (every entry non-zero) out of chaos.
 */
class FamilyKernelsTest {
    private static final int N = 26;
    private static final int T = 40;
    private static final double TOL = 3e-5;
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

    /**
     * A named model: spec change, loss, whether the networks get non-zero b_rec and x0, the noise, and a change of
     * the networks' α parameter (taus_gaus).
     */
    record Case(String name, UnaryOperator<NetworkSpec> spec, LossFunction loss, boolean offsets, RateNoise noise,
                UnaryOperator<double[]> alphaParameter, boolean lossMask) {
        Case(String name, UnaryOperator<NetworkSpec> spec, LossFunction loss) {
            this(name, spec, loss, false, RateNoise.SPIKERNN, a -> a, false);
        }

        Case(String name, UnaryOperator<NetworkSpec> spec, LossFunction loss, boolean offsets) {
            this(name, spec, loss, offsets, RateNoise.SPIKERNN, a -> a, false);
        }

        /**
         * The test's batch: RateTrainingTest's trials, for several outputs {@link #withOutputs} (one-hot targets for
         * cross-entropy), with a loss mask when the case has one.
         */
        TrialBatch batch(int trials, long firstTrial) {
            TrialBatch b = RateTrainingTest.batch(trials, firstTrial);
            if (spec.apply(base()).inputs() == 0) {
                b = new TrialBatch(b.trials(), 0, b.outputs(), T, new double[0], b.target(), b.mask(), b.labels(),
                        b.trialIds());
            }
            int outputs = spec.apply(base()).outputs();
            if (outputs > 1 || loss == LossFunction.CROSS_ENTROPY) {
                b = withOutputs(b, outputs, loss == LossFunction.CROSS_ENTROPY);
            }
            return lossMask ? withLossMask(b) : b;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static NetworkSpec base() {
        return new NetworkSpec(N, 2, 0.3, 0.5, 2, 1.0, WeightDistribution.GAUS, true, Activation.SOFTPLUS,
                DecayTaus.range(4, 20));
    }

    static UnaryOperator<NetworkSpec> positivity(Positivity phi, boolean inputs, boolean readout) {
        return s -> s.withOptions(s.options().withPositivity(phi, inputs, readout));
    }

    static List<Case> cases() {
        return List.of(new Case("masks and fixed entries, relu", s -> s, LossFunction.L2),
                new Case("abs, positive inputs, dale readout", positivity(Positivity.ABS, true, true), LossFunction.L1),
                new Case("no positivity function under Dale", positivity(Positivity.NONE, false, false),
                        LossFunction.L2),
                new Case("relu, positive inputs, dale readout", positivity(Positivity.RELU, true, true),
                        LossFunction.L2),
                new Case("masks and fixed entries without Dale", s -> s.withDale(false), LossFunction.L1),
                new Case("fixed b_rec and x0", s -> s, LossFunction.L2, true),
                new Case("trained b_rec, x0 and w_in", trainable(true, true, true, true), LossFunction.L2, true),
                new Case("pycog's: abs, positive inputs, dale readout, trained w_in, b_rec, x0, fixed b_out",
                        s -> positivity(Positivity.ABS, true, true).apply(trainable(true, true, false, true).apply(s)),
                        LossFunction.L1, true),
                new Case("rectify", s -> s.withActivation(Activation.RECTIFY), LossFunction.L2),
                new Case("tanh", s -> s.withActivation(Activation.TANH), LossFunction.L1),
                new Case("rtanh", s -> s.withActivation(Activation.RTANH), LossFunction.L2),
                new Case("linear", s -> s.withActivation(Activation.LINEAR), LossFunction.L2),
                new Case("continuous noise, trainable taus", s -> s, LossFunction.L2, false,
                        new RateNoise(0.2, 0.05, NoiseForm.CONTINUOUS, 0, 0, 0, false), a -> a, false),
                new Case("trainable alpha, nn4n noise", s -> s.withOptions(s.options()
                        .withAlpha(AlphaMode.TRAINABLE_ALPHA)), LossFunction.L2, false,
                        new RateNoise(0.2, 0.05, NoiseForm.NN4N, 0, 0, 0, false), FamilyKernelsTest::alphas, false),
                new Case("trainable alpha, continuous noise, fixed tau, tanh", s -> s.withTaus(DecayTaus.single(5))
                        .withActivation(Activation.TANH).withOptions(s.options().withAlpha(AlphaMode.TRAINABLE_ALPHA)),
                        LossFunction.L1, false, new RateNoise(0.2, 0.05, NoiseForm.CONTINUOUS, 0, 0, 0, false),
                        FamilyKernelsTest::alphas, false),
                new Case("masked mse", s -> s, LossFunction.MSE, false, RateNoise.SPIKERNN, a -> a, true),
                new Case("l1 with a loss mask", s -> s, LossFunction.L1, false, RateNoise.SPIKERNN, a -> a, true),
                new Case("l2 with a loss mask, pycog's options", s -> positivity(Positivity.ABS, true, true)
                        .apply(trainable(true, true, false, true).apply(s)), LossFunction.L2, true,
                        RateNoise.SPIKERNN, a -> a, true),
                new Case("masked mse without a mask", s -> s, LossFunction.MSE),
                new Case("three outputs, l2", outputs(3, OutputActivation.LINEAR), LossFunction.L2),
                new Case("two outputs, l1 with a loss mask per output", outputs(2, OutputActivation.LINEAR),
                        LossFunction.L1, false, RateNoise.SPIKERNN, a -> a, true),
                new Case("three outputs, masked mse per output, pycog's options", s -> outputs(3,
                        OutputActivation.LINEAR).apply(positivity(Positivity.ABS, true, true)
                        .apply(trainable(true, true, false, true).apply(s))), LossFunction.MSE, true,
                        RateNoise.SPIKERNN, a -> a, true),
                new Case("sigmoid outputs, binary cross-entropy", outputs(3, OutputActivation.SIGMOID),
                        LossFunction.CROSS_ENTROPY, false, RateNoise.SPIKERNN, a -> a, true),
                new Case("softmax outputs, categorical cross-entropy", outputs(3, OutputActivation.SOFTMAX),
                        LossFunction.CROSS_ENTROPY, false, RateNoise.SPIKERNN, a -> a, true),
                new Case("one sigmoid output, binary cross-entropy without a mask",
                        outputs(1, OutputActivation.SIGMOID), LossFunction.CROSS_ENTROPY),
                new Case("softmax outputs, masked mse", outputs(2, OutputActivation.SOFTMAX), LossFunction.MSE,
                        false, RateNoise.SPIKERNN, a -> a, true),
                new Case("sigmoid output, l2", outputs(1, OutputActivation.SIGMOID), LossFunction.L2),
                new Case("post-activation noise, nn4n noise, trained alpha", s -> s.withOptions(s.options()
                        .withAlpha(AlphaMode.TRAINABLE_ALPHA)), LossFunction.L2, false,
                        new RateNoise(0.2, 0.05, NoiseForm.NN4N, 0.1, 0, 0, false), FamilyKernelsTest::alphas, false),
                new Case("post-activation noise, clipped relu, trained x0", s -> trainable(true, false, true, false)
                        .apply(s.withActivation(Activation.CLIPPED_RELU)), LossFunction.L1, true,
                        RateNoise.SPIKERNN.withPost(0.15), a -> a, false),
                new Case("input conditioning: noise, baseline, rectified; trained w_in", trainable(false, false, true,
                        true), LossFunction.L2, false, RateNoise.SPIKERNN.withInputs(0.3, 0.2, true), a -> a, false),
                new Case("input noise on a negative baseline, not rectified", trainable(false, true, true, true),
                        LossFunction.L1, true, RateNoise.SPIKERNN.withInputs(0.25, -0.1, false), a -> a, false),
                new Case("song2016's model: abs, rectify, continuous and input noise, masked mse", s -> positivity(
                        Positivity.ABS, true, true).apply(trainable(true, false, false, true).apply(s))
                        .withActivation(Activation.RECTIFY).withTaus(DecayTaus.single(5)), LossFunction.MSE, true,
                        new RateNoise(0.15, 0, NoiseForm.CONTINUOUS, 0, 0.0316, 0.2, true), a -> a, true),
                new Case("nn4n's model: no Dale, relu, post noise, two outputs, masked mse", s -> outputs(2,
                        OutputActivation.LINEAR).apply(s.withDale(false).withActivation(Activation.RECTIFY)
                        .withTaus(DecayTaus.single(10)).withOptions(s.options().withAlpha(AlphaMode.TRAINABLE_ALPHA))),
                        LossFunction.MSE, false, new RateNoise(0.1, 0, NoiseForm.NN4N, 0.05, 0, 0, false),
                        FamilyKernelsTest::alphas, true),
                new Case("L1 and L2 on every matrix, trained w_in", s -> penalties(0.01, 0.02, 0.03, 0.04, 0.05,
                        0.06, 0).apply(trainable(false, false, true, true).apply(s)), LossFunction.L2),
                new Case("L2 on the rates, masked mse", penalties(0, 0, 0, 0, 0, 0, 0.2), LossFunction.MSE, false,
                        RateNoise.SPIKERNN, a -> a, true),
                new Case("rate and weight penalties, post noise, three outputs, fixed w_in", s -> penalties(0.03, 0,
                        0.02, 0.05, 0.01, 0, 0.1).apply(outputs(3, OutputActivation.LINEAR).apply(s)),
                        LossFunction.L1, false, RateNoise.SPIKERNN.withPost(0.1), a -> a, false),
                new Case("song2016's model with penalties on W_rec and the rates", s -> penalties(0.01, 0.02, 0,
                        0.01, 0.02, 0, 0.05).apply(positivity(Positivity.ABS, true, true).apply(trainable(true,
                        false, false, true).apply(s)).withActivation(Activation.RECTIFY).withTaus(DecayTaus.single(5))),
                        LossFunction.MSE, true, new RateNoise(0.15, 0, NoiseForm.CONTINUOUS, 0, 0.0316, 0.2, true),
                        a -> a, true),
                new Case("no inputs, trained x0 and w_in option, two outputs", s -> outputs(2,
                        OutputActivation.LINEAR).apply(trainable(true, false, true, true).apply(s.withInputs(0))),
                        LossFunction.L2, true, RateNoise.SPIKERNN.withInputs(0.2, 0.1, true), a -> a, false));
    }

    /**
     * The batch with a loss mask per step and output: the first 20 steps off except every fourth (shifted per
     * output), one late step off per trial and output, and, in batches of 4 trials or more, the second trial with
     * no step on at all (its loss is 0, it adds nothing to its network's Σ M, and l2's 1/L must not turn its zeros
     * into NaN).
     */
    static TrialBatch withLossMask(TrialBatch b) {
        int outputs = b.outputs();
        double[] mask = new double[b.trials() * outputs * T];
        for (int trial = 0; trial < b.trials(); trial++) {
            for (int c = 0; c < outputs; c++) {
                for (int t = 0; t < T; t++) {
                    boolean on = (t >= 20 || (t + c) % 4 == 0) && t != 25 + (trial + 2 * c) % 7;
                    mask[(trial * outputs + c) * T + t] = on && (trial != 1 || b.trials() < 4) ? 1 : 0;
                }
            }
        }
        return new TrialBatch(b.trials(), b.inputs(), outputs, T, b.u(), b.target(), mask, b.labels(),
                b.trialIds());
    }

    /**
     * The one-output batch with {@code outputs} targets: for {@code oneHot}, class 0 (target +1), 1 (−1) or 2 (no
     * target yet) as one-hot probabilities (cross-entropy; one output: 1 for class 0, else 0); otherwise output c gets the target scaled by 1 − c/2 and
     * shifted by c/10.
     */
    static TrialBatch withOutputs(TrialBatch b, int outputs, boolean oneHot) {
        double[] target = new double[b.trials() * outputs * T];
        for (int trial = 0; trial < b.trials(); trial++) {
            for (int t = 0; t < T; t++) {
                double z = b.target(trial, t);
                int cls = z > 0 ? 0 : z < 0 ? 1 : 2;
                for (int c = 0; c < outputs; c++) {
                    boolean on = outputs == 1 ? cls == 0 : c == cls % outputs;
                    target[(trial * outputs + c) * T + t] = oneHot ? (on ? 1 : 0) : z * (1 - 0.5 * c) + 0.1 * c;
                }
            }
        }
        double[] mask = new double[target.length];
        Arrays.fill(mask, 1.0);
        return new TrialBatch(b.trials(), b.inputs(), outputs, T, b.u(), target, mask, b.labels(), b.trialIds());
    }

    /** α per unit in [0.08, 0.33]: a trained α of nn4n's learn_alpha. */
    static double[] alphas(double[] tausGaus) {
        for (int i = 0; i < tausGaus.length; i++) {
            tausGaus[i] = 0.08 + 0.01 * i;
        }
        return tausGaus;
    }

    /** {@code count} outputs with output activation g. */
    static UnaryOperator<NetworkSpec> outputs(int count, OutputActivation g) {
        return s -> s.withOutputs(count).withOptions(s.options().withOutput(g));
    }

    /** The L1/L2 weight penalties and the rate penalty of {@link Regularisers}, in its order. */
    static UnaryOperator<NetworkSpec> penalties(double l1In, double l1Rec, double l1Out, double l2In, double l2Rec,
                                                double l2Out, double l2Rate) {
        return s -> s.withOptions(s.options().withRegularisers(new Regularisers(l1In, l1Rec, l1Out, l2In, l2Rec,
                l2Out, l2Rate)));
    }

    static UnaryOperator<NetworkSpec> trainable(boolean x0, boolean bRec, boolean bOut, boolean wIn) {
        return s -> s.withOptions(s.options().withTrainable(x0, bRec, bOut, wIn));
    }

    static Stream<Arguments> casesBatchesNetworks() {
        List<Arguments> out = new ArrayList<>();
        for (Case c : cases()) {
            for (int b : new int[] {1, 7, 64}) {
                for (int k : new int[] {1, 2}) {
                    out.add(Arguments.of(c, b, k));
                }
            }
        }
        return out.stream();
    }

    /**
     * RateTrainingTest's networks (a readout 30× spikeRNN's), then zeros in C_rec, C_in and C_out with fixed entries
     * there (as FamilyGradientTest's masked case) and some negative raw weights, so relu and abs both meet both sides.
     */
    static List<RateNetwork> networks(Case c, int count) {
        List<RateNetwork> nets = networks(c.spec().apply(base()), count);
        for (RateNetwork net : nets) {
            c.alphaParameter().apply(net.tausGaus);
            // Outputs past the first get RateTrainingTest's larger readout too, and biases of their own.
            for (int p = N; p < net.wOut.length; p++) {
                net.wOut[p] *= 30;
            }
            for (int o = 1; o < net.bOut.length; o++) {
                net.bOut[o] = 0.1 - 0.07 * o;
            }
        }
        for (RateNetwork net : c.offsets() ? nets : List.<RateNetwork>of()) {
            for (int i = 0; i < N; i++) {
                net.bRec[i] = 0.1 * (i % 7 - 3);
                net.x0[i] = 0.2 - 0.02 * i;
            }
        }
        return nets;
    }

    static List<RateNetwork> networks(NetworkSpec spec, int count) {
        List<RateNetwork> nets = RateTrainingTest.networks(spec, count);
        for (int k = 0; k < count; k++) {
            RateNetwork net = nets.get(k);
            for (int ij = 0; ij < N * N; ij += 5) {
                net.somMask[ij] = 0;
                net.wFixed[ij] = ij % 2 == 0 ? 0.1 : -0.05;
            }
            for (int ij = 3; ij < N * N; ij += 7) {
                net.w[ij] = -Math.abs(net.w[ij]) - 0.05;
            }
            if (net.wIn.length > 4) {
                net.cIn[1 + 2 * k] = 0;
                net.wInFixed[1 + 2 * k] = 0.4;
                net.wIn[4] = -Math.abs(net.wIn[4]);
            }
            net.cOut[3 + k] = 0;
            net.wOutFixed[3 + k] = 0.25;
            net.wOut[5] = -Math.abs(net.wOut[5]) - 0.1;
        }
        return nets;
    }

    /** Trajectories, losses and gradients of every network on both engines, the same batch and noise. */
    @ParameterizedTest(name = "{0} B={1} K={2}")
    @MethodSource("casesBatchesNetworks")
    void forwardAndGradientsEqualTheCpuReference(Case c, int trialsPerNetwork, int networks) {
        NetworkSpec spec = c.spec().apply(base());
        List<RateNetwork> nets = networks(c, networks);
        TrialBatch batch = c.batch(networks * trialsPerNetwork, 1000);
        try (CpuEngine cpu = new CpuEngine();
             RateSession ref = cpu.openRate(spec, networks, trialsPerNetwork, T, c.loss());
             OpenClRateSession dev = (OpenClRateSession) opencl.openRate(spec, networks, trialsPerNetwork, T,
                     c.loss())) {
            ref.upload(nets);
            dev.upload(nets);
            assertSameTrajectories(ref.forward(batch, c.noise(), SEED, true),
                    dev.forward(batch, c.noise(), SEED, true));
            for (int k = 0; k < networks; k++) {
                assertWeightsAsCpu(nets.get(k), dev.effectiveRecurrent(k));
            }
            assertSameGradients(ref.gradients(batch, c.noise(), SEED), dev.gradients(batch, c.noise(), SEED),
                    spec.options().regularisers());
        }
    }

    /** The kernel's W_rec is the CPU's φ(w ⊙ C_rec + W_fixed)·D in float, fixed entries included. */
    private static void assertWeightsAsCpu(RateNetwork net, double[] device) {
        double[] reference = net.effectiveRecurrent();
        int fixedSeen = 0;
        for (int ij = 0; ij < reference.length; ij++) {
            assertEquals((float) reference[ij], device[ij], 1e-7 * (1 + Math.abs(reference[ij])), "W_rec " + ij);
            fixedSeen += net.somMask[ij] == 0 && device[ij] != 0 ? 1 : 0;
        }
        assertTrue(fixedSeen > 0, "fixed entries reach the kernel's W_rec");
    }

    /** x, r and o within TOL, the per-trial losses within TOL per step (OpenClRateSessionTest's tolerances). */
    private static void assertSameTrajectories(Trajectories want, Trajectories got) {
        assertWithin(want.x(), got.x(), TOL, "x");
        assertWithin(want.r(), got.r(), TOL, "r");
        assertWithin(want.o(), got.o(), TOL, "o");
        assertWithin(want.loss(), got.loss(), TOL * T, "loss");
    }

    /** Within {@code tolerance}, relative to the value above 1 (float keeps ~7 digits of a large state). */
    private static void assertWithin(double[] want, double[] got, double tolerance, String what) {
        assertEquals(want.length, got.length, what + " length");
        for (int q = 0; q < want.length; q++) {
            assertEquals(want[q], got[q], tolerance * Math.max(1, Math.abs(want[q])), what + " at flat index " + q);
        }
    }

    private static void assertSameGradients(List<Gradients> expected, List<Gradients> actual, Regularisers reg) {
        for (int k = 0; k < expected.size(); k++) {
            Gradients e = expected.get(k);
            Gradients a = actual.get(k);
            assertEquals(e.loss(), a.loss(), 1e-4 * Math.abs(e.loss()), "loss of network " + k);
            RateTrainingTest.assertClose(Trainables.pack(e), Trainables.pack(a), "θ of network " + k);
            double[][] want = {e.w(), e.wOut(), e.tausGaus(), e.wIn(), e.bRec(), e.x0()};
            double[][] got = {a.w(), a.wOut(), a.tausGaus(), a.wIn(), a.bRec(), a.x0()};
            String[] names = {"w", "w_out", "taus_gaus", "w_in", "b_rec", "x0"};
            for (int v = 0; v < names.length; v++) {
                assertEquals(want[v].length, got[v].length, names[v] + " trained on both engines or neither");
                if (Arrays.stream(want[v]).anyMatch(g -> g != 0)) {
                    RateTrainingTest.assertClose(want[v], got[v], "dL/d" + names[v] + " of network " + k);
                } else {
                    // A fixed τ: taus_gaus keeps its place in θ with zeros on both engines.
                    assertTrue(Arrays.stream(got[v]).allMatch(g -> g == 0), "dL/d" + names[v] + " is not zero");
                }
            }
            assertEquals(e.bOut().length, a.bOut().length, "b_out's length");
            for (int o = 0; o < e.bOut().length; o++) {
                assertEquals(e.bOut()[o], a.bOut()[o], 1e-3 * RateTrainingTest.norm(Trainables.pack(e)),
                        "dL/db_out[" + o + "] of network " + k);
            }
            // An L1/L2 penalty moves masked entries too: then the CPU has no exact zero to compare.
            if (reg.l1Rec() == 0 && reg.l2Rec() == 0) {
                assertZeroWhereTheCpuIsExactlyZero(e.w(), a.w(), "dL/dw of network " + k);
            }
            if (reg.l1Out() == 0 && reg.l2Out() == 0) {
                assertZeroWhereTheCpuIsExactlyZero(e.wOut(), a.wOut(), "dL/dw_out of network " + k);
            }
        }
    }

    /** Masked entries and φ' = 0 give exactly zero on the CPU; the kernels must keep them exactly zero too. */
    private static void assertZeroWhereTheCpuIsExactlyZero(double[] expected, double[] actual, String what) {
        int zeros = 0;
        for (int p = 0; p < expected.length; p++) {
            if (expected[p] == 0) {
                assertEquals(0.0, actual[p], 0.0, what + "[" + p + "]");
                zeros++;
            }
        }
        assertTrue(zeros > 0, what + ": no masked entry, the check would prove nothing");
    }

    /** A few Adam steps land on the CPU's parameters, and the fixed parts come back as uploaded. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void trainStepsEqualTheCpuReference(Case c) {
        assertTrainingAsCpu(c, 2, 7, AdamConfig.SPIKERNN, 0.01);
    }

    /**
     * Cases for SGD: some of {@link #cases}, each with B ∈ {1, 3, 8}, K ∈ {1, 2}, clipping on; and off for those
     * whose gradients stay small enough for unclipped steps (song2016's model is trained with clipping only: without,
     * its first steps diverge on both engines).
     */
    static Stream<Arguments> sgdCases() {
        List<Arguments> out = new ArrayList<>();
        List<Case> all = cases();
        for (int index : new int[] {0, 7, 16, 23, 31, 36}) {
            boolean unclipped = !all.get(index).name().startsWith("song2016");
            for (int b : new int[] {1, 3, 8}) {
                for (int k : new int[] {1, 2}) {
                    out.add(Arguments.of(all.get(index), b, k, new SgdConfig(0.2, 0.1)));
                    if (unclipped) {
                        out.add(Arguments.of(all.get(index), b, k, new SgdConfig(0.02, 0)));
                    }
                }
            }
        }
        return out.stream();
    }

    /** SGD steps with global-norm clipping (pycog's optimiser) land on the CPU's parameters. */
    @ParameterizedTest(name = "{0} B={1} K={2} {3}")
    @MethodSource("sgdCases")
    void sgdStepsEqualTheCpuReference(Case c, int trialsPerNetwork, int networks, SgdConfig sgd) {
        assertTrainingAsCpu(c, networks, trialsPerNetwork, sgd, 1e-3);
    }

    /**
     * Three steps of {@code optimizer} on both engines from the same networks: the trained parameters agree, every
     * network moved by more than {@code minMove} somewhere, and the fixed parts come back as uploaded.
     */
    private static void assertTrainingAsCpu(Case c, int networks, int trialsPerNetwork, Optimizer optimizer,
                                            double minMove) {
        NetworkSpec spec = c.spec().apply(base());
        List<RateNetwork> nets = networks(c, networks);
        boolean[] active = new boolean[networks];
        Arrays.fill(active, true);
        List<List<RateNetwork>> after = new ArrayList<>();
        try (CpuEngine cpu = new CpuEngine()) {
            for (org.eirnn.engine.Engine engine : List.of(cpu, opencl)) {
                try (RateSession s = engine.openRate(spec, networks, trialsPerNetwork, T, c.loss())) {
                    s.upload(nets);
                    for (int step = 0; step < 3; step++) {
                        s.trainStep(c.batch(networks * trialsPerNetwork, 100L * step),
                                c.noise(), SEED + step, optimizer, active);
                    }
                    after.add(s.download());
                }
            }
        }
        for (int k = 0; k < networks; k++) {
            double[] e = Trainables.pack(after.get(0).get(k));
            double[] a = Trainables.pack(after.get(1).get(k));
            double[] start = Trainables.pack(nets.get(k));
            double moved = 0;
            for (int p = 0; p < e.length; p++) {
                assertEquals(e[p], a[p], 2e-4 + 1e-5 * Math.abs(e[p]), "network " + k + " θ[" + p + "]");
                moved = Math.max(moved, Math.abs(e[p] - start[p]));
            }
            assertTrue(moved > minMove, "training did not move the parameters");
            RateNetwork back = after.get(1).get(k);
            RateNetwork up = nets.get(k);
            assertTrue(Arrays.equals(up.wFixed, back.wFixed) && Arrays.equals(up.cIn, back.cIn)
                    && Arrays.equals(up.cOut, back.cOut) && Arrays.equals(up.wInFixed, back.wInFixed)
                    && Arrays.equals(up.wOutFixed, back.wOutFixed), "fixed parts of network " + k);
        }
    }

    /**
     * A session built for spikeRNN's weight form rebuilds its kernels when an upload brings masks and fixed entries
     * (and back), or a call another noise form, so each pass equals the CPU's on the networks just uploaded.
     */
    @Test
    void anUploadOfAnotherKernelFormRebuildsTheKernels() {
        NetworkSpec spec = base();
        List<RateNetwork> plain = RateTrainingTest.networks(spec, 2);
        List<RateNetwork> masked = networks(spec, 2);
        assertFalse(KernelModel.KernelForm.of(plain, NoiseForm.SPIKERNN, false).family(), "spikeRNN's data keeps spikeRNN's expressions");
        assertTrue(KernelModel.KernelForm.of(masked, NoiseForm.SPIKERNN, false).family(), "fixed entries need the family's");
        TrialBatch batch = RateTrainingTest.batch(6, 50);
        try (CpuEngine cpu = new CpuEngine();
             RateSession ref = cpu.openRate(spec, 2, 3, T, LossFunction.L2);
             RateSession dev = opencl.openRate(spec, 2, 3, T, LossFunction.L2)) {
            for (List<RateNetwork> nets : List.of(plain, masked, plain)) {
                ref.upload(nets);
                dev.upload(nets);
                assertSameTrajectories(ref.forward(batch, RateNoise.SPIKERNN, SEED, true),
                        dev.forward(batch, RateNoise.SPIKERNN, SEED, true));
                RateTrainingTest.assertClose(ref.gradients(batch, RateNoise.SPIKERNN, SEED).get(0).w(),
                        dev.gradients(batch, RateNoise.SPIKERNN, SEED).get(0).w(), "dL/dw");
            }
            // The noise form is a build constant too: each call's form rebuilds the kernels when it changes.
            RateNoise continuous = RateNoise.SPIKERNN.withRecurrent(0.2, NoiseForm.CONTINUOUS);
            for (RateNoise noise : List.of(continuous, RateNoise.SPIKERNN, continuous)) {
                assertSameTrajectories(ref.forward(batch, noise, SEED, true), dev.forward(batch, noise, SEED, true));
                RateTrainingTest.assertClose(ref.gradients(batch, noise, SEED).get(0).tausGaus(),
                        dev.gradients(batch, noise, SEED).get(0).tausGaus(), "dL/dtaus_gaus");
            }
        }
    }

    /** What the kernels implement and what they refuse, through the one predicate the CLI uses too. */
    @Test
    void theEngineAcceptsExactlyWhatTheKernelsImplement() {
        NetworkSpec abs = positivity(Positivity.ABS, true, true).apply(base());
        assertTrue(OpenClEngine.supports(abs, LossFunction.L2, RateNoise.SPIKERNN, AdamConfig.SPIKERNN));
        assertTrue(OpenClEngine.supports(base(), LossFunction.L1, RateNoise.SPIKERNN, AdamConfig.SPIKERNN));
        NetworkSpec alpha = base().withOptions(base().options().withAlpha(AlphaMode.TRAINABLE_ALPHA))
                .withActivation(Activation.RTANH);
        RateNoise nn4n = RateNoise.SPIKERNN.withRecurrent(0.1, NoiseForm.NN4N);
        assertTrue(OpenClEngine.supports(alpha, LossFunction.L2, nn4n, AdamConfig.SPIKERNN));
        NetworkSpec regularised = base().withOptions(base().options()
                .withRegularisers(new Regularisers(0.01, 0, 0, 0, 0, 0, 0)));
        NetworkSpec pycog = trainable(true, true, false, true).apply(abs);
        assertTrue(OpenClEngine.supports(pycog, LossFunction.L1, RateNoise.SPIKERNN, AdamConfig.SPIKERNN));
        NetworkSpec sigmoid = base().withOptions(base().options().withOutput(OutputActivation.SIGMOID));
        assertTrue(OpenClEngine.supports(regularised, LossFunction.L2, RateNoise.SPIKERNN, AdamConfig.SPIKERNN));
        assertTrue(OpenClEngine.supports(sigmoid, LossFunction.L2, RateNoise.SPIKERNN, AdamConfig.SPIKERNN));
        assertTrue(OpenClEngine.supports(base(), LossFunction.MSE, RateNoise.SPIKERNN, AdamConfig.SPIKERNN));
        assertTrue(OpenClEngine.supports(outputs(3, OutputActivation.SOFTMAX).apply(base()),
                LossFunction.CROSS_ENTROPY, RateNoise.SPIKERNN, AdamConfig.SPIKERNN));
        assertTrue(OpenClEngine.supports(base(), LossFunction.L2, RateNoise.SPIKERNN.withPost(0.1),
                AdamConfig.SPIKERNN));
        assertTrue(OpenClEngine.supports(base(), LossFunction.L2, RateNoise.SPIKERNN.withInputs(0.1, 0.2, true),
                AdamConfig.SPIKERNN));
        assertTrue(OpenClEngine.supports(base().withOutputs(2), LossFunction.L2, RateNoise.SPIKERNN,
                AdamConfig.SPIKERNN));
        assertTrue(OpenClEngine.runs(base().withInputs(0), LossFunction.L2, RateNoise.SPIKERNN));
        assertTrue(OpenClEngine.supports(base(), LossFunction.L2, RateNoise.SPIKERNN,
                new SgdConfig(0.01, 1.0)));
    }
}
