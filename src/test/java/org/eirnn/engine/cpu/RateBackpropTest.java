package org.eirnn.engine.cpu;

import org.eirnn.engine.Gradients;
import org.eirnn.engine.RateSession;
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
import org.eirnn.train.GradientCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-derived BPTT of {@link RateBackprop} against central finite differences in double. */
class RateBackpropTest {
    static final int N = 12;
    static final int T = 30;
    static final int INPUTS = 2;
    static final long SEED = 7;

    /** A small made-up task: Gaussian inputs, a sine target from step 10, so every output step matters. */
    static TrialBatch smallBatch(int trials, long seed) {
        RandomKey key = new RandomKey(seed, 0, RandomStream.TASK);
        double[] u = new double[trials * INPUTS * T];
        double[] z = new double[trials * T];
        long[] ids = new long[trials];
        for (int b = 0; b < trials; b++) {
            ids[b] = 100 + b;
            for (int c = 0; c < INPUTS; c++) {
                for (int t = 0; t < T; t++) {
                    u[(b * INPUTS + c) * T + t] = key.normal(b, t, c);
                }
            }
            for (int t = 10; t < T; t++) {
                z[b * T + t] = Math.sin(t / 4.0 + b);
            }
        }
        return new TrialBatch(trials, INPUTS, T, u, z, new int[trials], ids);
    }

    /** Dale on, a SOM mask, some weights pushed below 0 (so relu's zero gradient is exercised). */
    static RateNetwork smallNetwork(Activation act, DecayTaus taus) {
        return smallNetwork(act, taus, true);
    }

    /** Without Dale: no relu, no signs, no SOM units; raw weights of both signs. */
    static RateNetwork smallNetwork(Activation act, DecayTaus taus, boolean dale) {
        NetworkSpec spec = new NetworkSpec(N, INPUTS, 0.4, 0.5, dale ? 2 : 0, 1.5, WeightDistribution.GAUS, dale, act,
                taus);
        RateNetwork net = NetworkInit.draw(spec, SEED, 0);
        for (int ij = 0; ij < N * N; ij += 7) {
            if (net.w[ij] > 0.05) {
                net.w[ij] = -net.w[ij];
            }
        }
        for (int i = 0; i < N; i++) {
            net.wOut[i] *= 30;   // a readout large enough that the loss is not dominated by the target alone
        }
        net.bOut[0] = 0.1;
        return net;
    }

    static java.util.stream.Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Activation a : List.of(Activation.SIGMOID, Activation.CLIPPED_RELU, Activation.SOFTPLUS)) {
            for (LossFunction l : List.of(LossFunction.L2, LossFunction.L1)) {
                out.add(Arguments.of(a, l, DecayTaus.range(4, 20), true));
            }
        }
        out.add(Arguments.of(Activation.SIGMOID, LossFunction.L2, DecayTaus.single(5), true));
        out.add(Arguments.of(Activation.SOFTPLUS, LossFunction.L2, DecayTaus.range(4, 20), false));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} dale={3}")
    @MethodSource("cases")
    void gradientsEqualCentralFiniteDifferences(Activation act, LossFunction loss, DecayTaus taus, boolean dale) {
        RateNetwork net = smallNetwork(act, taus, dale);
        assertTrue(!dale || net.inhibitoryCount() >= 2, "the SOM mask needs inhibitory units");
        TrialBatch batch = smallBatch(3, SEED);
        RateNoise noise = RateNoise.SPIKERNN;
        Gradients analytic;
        try (CpuEngine engine = new CpuEngine();
             RateSession s = engine.openRate(net.spec, 1, batch.trials(), T, loss)) {
            s.upload(List.of(net));
            analytic = s.gradients(batch, noise, SEED).get(0);
        }
        int[] all = IntStream.range(0, org.eirnn.engine.AdamState.parameterCount(N)).toArray();
        double[] numeric = GradientCheck.finiteDifferences(net, loss, batch, noise, SEED, 1e-5, all);
        for (GradientCheck.VariableError e : GradientCheck.compare(analytic, numeric)) {
            boolean zeroExpected = e.name().equals("taus_gaus") && !taus.trainable();
            assertTrue(zeroExpected || e.norm() > 1e-6, e.name() + " gradient vanishes: the check would be empty");
            assertTrue(e.relativeError() <= 1e-6, e.name() + " relative error " + e.relativeError());
        }
        assertTrue(GradientCheck.compare(analytic, numeric).get(0).checked() > N * N / 4, "too few weights checked");
        // relu: weights at or below 0 (pruned or pushed negative) get exactly 0, SOM-masked entries too
        for (int ij = 0; ij < N * N; ij++) {
            if (dale && net.w[ij] <= 0 || net.somMask[ij] == 0) {
                assertEquals(0.0, analytic.w()[ij], "w[" + ij + "]");
            }
        }
    }

    @Test
    void batchGradientIsTheMeanOfPerTrialGradients() {
        RateNetwork net = smallNetwork(Activation.SIGMOID, DecayTaus.range(4, 20));
        TrialBatch batch = smallBatch(3, SEED);
        try (CpuEngine engine = new CpuEngine();
             RateSession s = engine.openRate(net.spec, 1, 3, T, LossFunction.L2)) {
            s.upload(List.of(net));
            var traj = s.forward(batch, RateNoise.SPIKERNN, SEED, true);
            Gradients all = LegacyRateBackprop.gradients(net, LossFunction.L2, traj, batch, 0, 3);
            double meanBOut = 0;
            double meanW5 = 0;
            for (int b = 0; b < 3; b++) {
                Gradients one = LegacyRateBackprop.gradients(net, LossFunction.L2, traj, batch, b, 1);
                meanBOut += one.bOut()[0] / 3;
                meanW5 += one.w()[5] / 3;
            }
            assertEquals(meanBOut, all.bOut()[0], 1e-15);
            assertEquals(meanW5, all.w()[5], 1e-15);
            assertEquals((traj.loss()[0] + traj.loss()[1] + traj.loss()[2]) / 3, all.loss(), 1e-12);
        }
    }
}
