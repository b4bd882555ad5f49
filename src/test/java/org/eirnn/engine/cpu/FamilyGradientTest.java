package org.eirnn.engine.cpu;

import org.eirnn.engine.Gradients;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trainables;
import org.eirnn.model.Activation;
import org.eirnn.model.AlphaMode;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.ModelOptions;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.NoiseForm;
import org.eirnn.model.OutputActivation;
import org.eirnn.model.Positivity;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.model.Regularisers;
import org.eirnn.model.WeightDistribution;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.TrialBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model family's hand-derived BPTT on the CPU engine ({@link FamilyBackprop}) against central finite
 * differences of the objective, one case per option of the family (masks and fixed entries, relu and abs,
 * trainable α, τ and x0, biases, multi-output, output activations, masked losses, every noise form, every
 * regulariser), over several batch sizes.
 */
class FamilyGradientTest {
    static final int N = 7;
    static final int T = 14;
    static final int IN = 2;
    static final int OUT = 2;
    static final long SEED = 11;
    static final double H = 1e-5;

    /** A named change of the base case: spec options, noise, loss. */
    record Case(String name, UnaryOperator<NetworkSpec> spec, RateNoise noise, LossFunction loss,
                UnaryOperator<RateNetwork> net) {
        @Override
        public String toString() {
            return name;
        }
    }

    static NetworkSpec base() {
        return new NetworkSpec(N, IN, 0.3, 0.6, 0, 1.5, WeightDistribution.GAUS, true, Activation.SOFTPLUS,
                DecayTaus.range(3, 9), OUT, ModelOptions.SPIKERNN);
    }

    static UnaryOperator<NetworkSpec> options(UnaryOperator<ModelOptions> change) {
        return s -> s.withOptions(change.apply(s.options()));
    }

    static final RateNoise SPIKE = new RateNoise(0.1, 0.05);

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("spikernn l2", s -> s, SPIKE, LossFunction.L2, n -> n));
        c.add(new Case("masks and fixed entries", s -> s, SPIKE, LossFunction.L2, FamilyGradientTest::masked));
        c.add(new Case("sparse W_rec (products over its pattern)", s -> s, SPIKE, LossFunction.L2,
                n -> sparse(masked(n))));
        c.add(new Case("abs positivity, positive inputs, dale readout",
                options(o -> o.withPositivity(Positivity.ABS, true, true).withTrainable(false, false, true, true)),
                SPIKE, LossFunction.L2, FamilyGradientTest::masked));
        c.add(new Case("no dale", s -> s.withDale(false), SPIKE, LossFunction.L1, n -> n));
        c.add(new Case("trainable alpha, nn4n noise", options(o -> o.withAlpha(AlphaMode.TRAINABLE_ALPHA)),
                new RateNoise(0.2, 0.05, NoiseForm.NN4N, 0, 0, 0, false), LossFunction.L2,
                FamilyGradientTest::alphaAsParameter));
        c.add(new Case("trainable taus, continuous noise", s -> s,
                new RateNoise(0.2, 0.05, NoiseForm.CONTINUOUS, 0, 0, 0, false), LossFunction.L2, n -> n));
        c.add(new Case("fixed tau, trainable x0, b_rec, w_in", s -> s.withTaus(DecayTaus.single(4))
                .withOptions(s.options().withTrainable(true, true, true, true)), SPIKE, LossFunction.MSE,
                FamilyGradientTest::offsets));
        c.add(new Case("sigmoid outputs, binary cross-entropy",
                options(o -> o.withOutput(OutputActivation.SIGMOID)), SPIKE, LossFunction.CROSS_ENTROPY, n -> n));
        c.add(new Case("softmax outputs, categorical cross-entropy",
                options(o -> o.withOutput(OutputActivation.SOFTMAX)), SPIKE, LossFunction.CROSS_ENTROPY, n -> n));
        c.add(new Case("softmax outputs, mse", options(o -> o.withOutput(OutputActivation.SOFTMAX)), SPIKE,
                LossFunction.MSE, n -> n));
        c.add(new Case("post-activation and input noise, rectified inputs", s -> s.withActivation(Activation.TANH)
                .withOptions(s.options().withTrainable(false, false, true, true)),
                new RateNoise(0.1, 0.05, NoiseForm.CONTINUOUS, 0.1, 0.3, 0.2, true), LossFunction.MSE, n -> n));
        c.add(new Case("regularisers", options(o -> o.withTrainable(false, false, true, true)
                .withRegularisers(new Regularisers(0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.3))), SPIKE,
                LossFunction.MSE, n -> n));
        c.add(new Case("firing-rate regularisers (mean, SD, CV of unit rates)",
                options(o -> o.withRegularisers(new Regularisers(0, 0, 0, 0, 0, 0, 0.1, 0.3, 0.7, 0.5))), SPIKE,
                LossFunction.L2, n -> n));
        c.add(new Case("rtanh activation, sigmoid output, l1", s -> s.withActivation(Activation.RTANH)
                .withOptions(s.options().withOutput(OutputActivation.SIGMOID)), SPIKE, LossFunction.L1, n -> n));
        return c;
    }

    static Stream<Arguments> casesAndBatches() {
        return cases().stream().flatMap(c -> Stream.of(1, 3).map(b -> Arguments.of(c, b)));
    }

    /** Zeros in C_rec, C_in and C_out, and fixed entries where C_rec and C_out are 0. */
    static RateNetwork masked(RateNetwork net) {
        for (int ij = 0; ij < N * N; ij += 5) {
            net.somMask[ij] = 0;
            net.wFixed[ij] = ij % 2 == 0 ? 0.3 : -0.2;
        }
        net.cIn[1] = 0;
        net.wInFixed[1] = 0.4;
        net.cOut[3] = 0;
        net.wOutFixed[3] = 0.25;
        return net;
    }

    /** Most recurrent entries pruned (w = 0, relu' = 0), so the pattern is sparse and the sparse products run. */
    static RateNetwork sparse(RateNetwork net) {
        for (int ij = 0; ij < N * N; ij++) {
            if (ij % 3 != 0) {
                net.w[ij] = 0;
                net.wFixed[ij] = 0;
            }
        }
        return net;
    }

    static RateNetwork alphaAsParameter(RateNetwork net) {
        for (int i = 0; i < N; i++) {
            net.tausGaus[i] = 0.15 + 0.05 * i;
        }
        return net;
    }

    static RateNetwork offsets(RateNetwork net) {
        for (int i = 0; i < N; i++) {
            net.bRec[i] = 0.1 * (i - 3);
            net.x0[i] = 0.2 - 0.05 * i;
        }
        return net;
    }

    /** Gaussian inputs; targets in (0, 1) summing to 1 over the outputs (valid for every loss); a mask with zeros. */
    static TrialBatch batch(int trials) {
        RandomKey key = new RandomKey(SEED, 0, RandomStream.TASK);
        double[] u = new double[trials * IN * T];
        double[] y = new double[trials * OUT * T];
        double[] m = new double[y.length];
        long[] ids = new long[trials];
        for (int b = 0; b < trials; b++) {
            ids[b] = 40 + b;
            for (int p = 0; p < IN * T; p++) {
                u[b * IN * T + p] = key.normal(b, p, 0);
            }
            for (int t = 0; t < T; t++) {
                double a = 0.5 + 0.4 * Math.sin(t / 3.0 + b);
                y[(b * OUT) * T + t] = a;
                y[(b * OUT + 1) * T + t] = 1 - a;
                m[(b * OUT) * T + t] = t < 3 ? 0 : 1;
                m[(b * OUT + 1) * T + t] = t % 4 == 1 ? 0 : 1;
            }
        }
        return new TrialBatch(trials, IN, OUT, T, u, y, m, new int[trials], ids);
    }

    static RateNetwork network(Case c) {
        NetworkSpec spec = c.spec().apply(base());
        RateNetwork net = NetworkInit.draw(spec, SEED, 0);
        for (int p = 0; p < net.wOut.length; p++) {
            net.wOut[p] = 0.3 * Math.cos(p);   // a readout that makes the outputs depend on the rates
        }
        for (int ij = 0; ij < N * N; ij += 6) {
            net.w[ij] = -Math.abs(net.w[ij]) - 0.05;   // relu's zero-gradient side, abs's negative side
        }
        return c.net().apply(net);
    }

    static double objective(RateNetwork net, TrialBatch batch, Case c) {
        try (RateSession s = new CpuEngine().openRate(net.spec, 1, batch.trials(), T, c.loss())) {
            s.upload(List.of(net));
            return s.gradients(batch, c.noise(), SEED).get(0).loss();
        }
    }

    @ParameterizedTest(name = "{0} B={1}")
    @MethodSource("casesAndBatches")
    void gradientsEqualCentralFiniteDifferences(Case c, int trials) {
        RateNetwork net = network(c);
        TrialBatch batch = batch(trials);
        Gradients analytic;
        try (RateSession s = new CpuEngine().openRate(net.spec, 1, trials, T, c.loss())) {
            s.upload(List.of(net));
            analytic = s.gradients(batch, c.noise(), SEED).get(0);
        }
        double[] a = Trainables.pack(analytic);
        double[] theta = Trainables.pack(net);
        int[] starts = Trainables.starts(net.spec);
        String[] names = {"w", "w_out", "b_out", "taus_gaus", "w_in", "b_rec", "x0"};
        for (int v = 0; v < names.length; v++) {
            double diff2 = 0;
            double scale2 = 0;
            for (int p = starts[v]; p < starts[v + 1]; p++) {
                if (nearKink(net, v, p - starts[v])) {
                    continue;
                }
                double numeric = centralDifference(net, theta, p, batch, c);
                diff2 += (a[p] - numeric) * (a[p] - numeric);
                scale2 += Math.max(a[p] * a[p], numeric * numeric);
            }
            double rel = scale2 > 0 ? Math.sqrt(diff2 / scale2) : 0;
            assertTrue(rel <= 2e-6, c + ": " + names[v] + " relative error " + rel);
        }
        assertTrue(norm(analytic.w()) > 1e-6, "dL/dw vanishes: the check would be empty");
    }

    /** Entries of w, w_in, w_out within H of a positivity kink: a central difference straddling it is not a slope. */
    private static boolean nearKink(RateNetwork net, int v, int p) {
        return switch (v) {
            case 0 -> net.recurrentPositivity() != Positivity.NONE && Math.abs(net.w[p] * net.somMask[p]) <= H;
            case 1 -> net.readoutPositivity() != Positivity.NONE && Math.abs(net.wOut[p] * net.cOut[p]) <= H;
            case 4 -> net.inputPositivity() != Positivity.NONE && Math.abs(net.wIn[p] * net.cIn[p]) <= H;
            default -> false;
        };
    }

    private static double centralDifference(RateNetwork net, double[] theta, int p, TrialBatch batch, Case c) {
        double[] probe = theta.clone();
        RateNetwork copy = net.copy();
        probe[p] = theta[p] + H;
        Trainables.unpack(probe, copy);
        double up = objective(copy, batch, c);
        probe[p] = theta[p] - H;
        Trainables.unpack(probe, copy);
        double down = objective(copy, batch, c);
        return (up - down) / (2 * H);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @ParameterizedTest(name = "{0} B={1}")
    @MethodSource("casesAndBatches")
    void fixedVariablesGetNoGradient(Case c, int trials) {
        RateNetwork net = network(c);
        Gradients g;
        try (RateSession s = new CpuEngine().openRate(net.spec, 1, trials, T, c.loss())) {
            s.upload(List.of(net));
            g = s.gradients(batch(trials), c.noise(), SEED).get(0);
        }
        for (int ij = 0; ij < N * N; ij++) {
            if (net.somMask[ij] == 0) {
                assertEquals(0.0, g.w()[ij], c + ": masked w[" + ij + "] must not move");
            }
        }
        ModelOptions o = net.spec.options();
        assertEquals(o.trainWIn() ? N * IN : 0, g.wIn().length, "w_in in θ only when trained");
        assertEquals(o.trainX0() ? N : 0, g.x0().length, "x0 in θ only when trained");
        if (!o.trainBOut()) {
            assertEquals(0.0, norm(g.bOut()), "b_out fixed");
        }
    }
}
