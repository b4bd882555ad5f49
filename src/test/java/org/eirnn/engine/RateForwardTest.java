package org.eirnn.engine;

import org.eirnn.engine.cpu.LegacyRateStep;
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

/** The forward pass of spec §2.2 on every engine, batch size and ensemble size. */
class RateForwardTest {
    private static final long SEED = 20190521L;

    static java.util.stream.Stream<Arguments> enginesNetworksBatches() {
        List<Arguments> out = new ArrayList<>();
        for (String engine : TestEngines.names()) {
            for (int k : new int[] {1, 3}) {
                for (int b : new int[] {1, 7, 64}) {
                    out.add(Arguments.of(engine, k, b));
                }
            }
        }
        return out.stream();
    }

    /**
     * Tolerance on x, r and o against the double-precision replay. CPU: the same double arithmetic, so only
     * rounding. OpenCL computes in float32: each step rounds x to ~6e-8 relative (|x| stays below ~5 here) and the
     * float Box–Muller normal differs from the double one by ≤ 1e-5·(1+|z|)·σ; the leak (1 − 1/τ) and the
     * sigmoid's slope (≤ 1/4) times |W_rec| (spectral radius ~1.5) contract, so errors do not grow over the 200
     * steps but settle near a few float ulps of |x| (|x| reaches ~9 here, ulp 1e-6). Measured on POCL: max |Δx|
     * 6.2e-6, max |Δo| 3.1e-6 over K=3 × B=64 trials. 3e-5 leaves room for other devices' libm without hiding a
     * wrong draw: one misplaced normal already moves x by ~0.04.
     */
    static double tolerance(String engine) {
        return engine.equals("cpu") ? 1e-11 : 3e-5;
    }

    /** go-nogo's shape with N = 102 (not a multiple of 4 or 16, so partial unit groups and tiles occur). */
    static NetworkSpec spec() {
        return new NetworkSpec(102, 1, 0.2, 0.2, 4, 1.5, WeightDistribution.GAUS, true, Activation.SIGMOID,
                DecayTaus.range(4, 20));
    }

    /** K networks from NetworkInit, with some raw weights pushed negative (relu must zero them) and a readout
     * large enough that o is of order 1 (the initial w_out/100 would make o insensitive to errors). */
    static List<RateNetwork> networks(NetworkSpec spec, int k) {
        List<RateNetwork> nets = new ArrayList<>();
        for (int net = 0; net < k; net++) {
            RateNetwork r = NetworkInit.draw(spec, SEED, net);
            for (int ij = 0; ij < r.w.length; ij += 7) {
                r.w[ij] = -Math.abs(r.w[ij]) - 0.1;
            }
            for (int i = 0; i < r.wOut.length; i++) {
                r.wOut[i] *= 30;
            }
            r.bOut[0] = 0.05 * (net + 1);
            nets.add(r);
        }
        return nets;
    }

    @ParameterizedTest(name = "{0} K={1} B={2}")
    @MethodSource("enginesNetworksBatches")
    void forwardWithNoiseEqualsRepeatedRateSteps(String engineName, int k, int b) {
        NetworkSpec spec = spec();
        List<RateNetwork> nets = networks(spec, k);
        TrialBatch batch = new GoNogoTask().generate(new RandomKey(SEED, 0, RandomStream.TASK), 1000, k * b);
        RateNoise noise = RateNoise.SPIKERNN;
        Trajectories got;
        try (Engine engine = TestEngines.open(engineName);
             RateSession session = engine.openRate(spec, k, b, GoNogoTask.T, LossFunction.L2)) {
            session.upload(nets);
            got = session.forward(batch, noise, SEED, true);
        }
        double tol = tolerance(engineName);
        int n = spec.n();
        int steps = GoNogoTask.T;
        for (int trial = 0; trial < k * b; trial++) {
            Replay want = replay(nets.get(trial / b), batch, trial, noise, new RandomKey(SEED, trial / b, RandomStream.RATE_X0));
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < n; i++) {
                    assertEquals(want.x[t][i], got.x(trial, t, i), tol, "x trial " + trial + " t " + t + " i " + i);
                    assertEquals(want.r[t][i], got.r(trial, t, i), tol, "r trial " + trial + " t " + t + " i " + i);
                }
            }
            double sq = 0;
            for (int i = 0; i < steps - 1; i++) {
                assertEquals(want.o[i], got.o(trial, i), tol, "o trial " + trial + " index " + i);
                double e = want.o[i] - batch.target(trial, i);
                sq += e * e;
            }
            assertEquals(Math.sqrt(sq), got.loss()[trial], tol * Math.sqrt(steps), "loss trial " + trial);
        }
    }

    /**
     * A 3-unit network with noise off (x_0 = 0) against spec §2.2's Euler update written out by hand: τ = 2
     * (α = 1/2), units 0, 1 excitatory and 2 inhibitory (column 2 enters negatively), raw weight w_10 negative
     * (relu zeroes it), sigmoid, one input pulse at t = 0 that drives x_1 (one-step delay).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.eirnn.engine.TestEngines#names")
    void threeUnitsFollowTheEulerFormulaByHand(String engineName) {
        NetworkSpec spec = new NetworkSpec(3, 1, 0.2, 0.2, 0, 1.5, WeightDistribution.GAUS, true, Activation.SIGMOID,
                DecayTaus.single(2));
        double[] w = {0.0, 0.8, 0.5,
                -0.7, 0.0, 0.3,
                0.6, 0.4, 0.0};
        double[] wIn = {1.0, -0.5, 0.25};
        double[] wOut = {0.5, -1.0, 2.0};
        RateNetwork net = new RateNetwork(spec, w, wIn, wOut, 0.1, new double[3], new boolean[] {false, false, true},
                new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1});
        int steps = 4;
        double[] u = {1, 0, 0, 0};
        double[] z = {0, 0.5, 0.5, 0};
        TrialBatch batch = new TrialBatch(1, 1, steps, u, z, new int[] {1}, new long[] {0});
        Trajectories got;
        try (Engine engine = TestEngines.open(engineName);
             RateSession session = engine.openRate(spec, 1, 1, steps, LossFunction.L2)) {
            session.upload(List.of(net));
            got = session.forward(batch, RateNoise.NONE, SEED, true);
        }
        // W_rec = relu(w)·diag(1, 1, −1): column 2 negated, w_10 = −0.7 → 0.
        double[][] wRec = {{0.0, 0.8, -0.5}, {0.0, 0.0, -0.3}, {0.6, 0.4, -0.0}};
        double[] x = {0, 0, 0};
        double[] r = {0.5, 0.5, 0.5};
        double tol = tolerance(engineName) / 10;
        // Step 1 by hand: x_1 = ½·0 + ½·(W_rec·(½,½,½) + w_in·1).
        double[] x1 = {0.5 * (0.5 * 0.8 - 0.5 * 0.5 + 1.0), 0.5 * (-0.5 * 0.3 - 0.5), 0.5 * (0.5 * 0.6 + 0.5 * 0.4 + 0.25)};
        for (int i = 0; i < 3; i++) {
            assertEquals(x1[i], got.x(0, 1, i), tol, "x_1 unit " + i);
        }
        double sq = 0;
        for (int t = 1; t < steps; t++) {
            double[] next = new double[3];
            for (int i = 0; i < 3; i++) {
                double drive = wRec[i][0] * r[0] + wRec[i][1] * r[1] + wRec[i][2] * r[2] + wIn[i] * u[t - 1];
                next[i] = 0.5 * x[i] + 0.5 * drive;
            }
            x = next;
            for (int i = 0; i < 3; i++) {
                r[i] = 1 / (1 + Math.exp(-x[i]));
                assertEquals(x[i], got.x(0, t, i), tol, "x t " + t + " unit " + i);
                assertEquals(r[i], got.r(0, t, i), tol, "r t " + t + " unit " + i);
            }
            double o = 0.1 + 0.5 * r[0] - 1.0 * r[1] + 2.0 * r[2];
            assertEquals(o, got.o(0, t - 1), tol, "o index " + (t - 1));
            sq += (o - z[t - 1]) * (o - z[t - 1]);
        }
        assertEquals(Math.sqrt(sq), got.loss()[0], tol, "l2 loss = root of the summed squares (spec §2.3)");
    }

    private record Replay(double[][] x, double[][] r, double[] o) {
    }

    /** Trial {@code b} as T−1 calls of the pure step function, with the noise drawn up front. */
    private static Replay replay(RateNetwork net, TrialBatch batch, int b, RateNoise noise, RandomKey x0Key) {
        int n = net.n();
        int steps = batch.steps();
        long id = batch.trialIds()[b];
        double[][] xi = new double[steps][n];
        x0Key.normals(id, 0, xi[0], 0, n);
        RandomKey noiseKey = x0Key.with(RandomStream.RATE_NOISE);
        for (int t = 1; t < steps; t++) {
            noiseKey.normals(id, t, xi[t], 0, n);
        }
        double[][] x = new double[steps][n];
        double[][] r = new double[steps][n];
        double[] o = new double[steps - 1];
        for (int i = 0; i < n; i++) {
            x[0][i] = noise.x0Sd() * xi[0][i];
            r[0][i] = net.spec.activation().apply(x[0][i]);
        }
        double[] tau = net.tau();
        double[] alpha = new double[n];
        for (int i = 0; i < n; i++) {
            alpha[i] = 1 / tau[i];
        }
        double[] wRec = net.effectiveRecurrent();
        for (int t = 1; t < steps; t++) {
            double[] scaled = new double[n];
            for (int i = 0; i < n; i++) {
                scaled[i] = noise.noiseSd() * xi[t][i];
            }
            double[] u = new double[batch.inputs()];
            for (int c = 0; c < u.length; c++) {
                u[c] = batch.u(b, c, t - 1);
            }
            LegacyRateStep.step(n, u.length, wRec, net.wIn, alpha, net.spec.activation(), x[t - 1], r[t - 1], u, scaled,
                    x[t], r[t]);
            o[t - 1] = LegacyRateStep.output(n, net.wOut, net.bOut[0], r[t]);
        }
        return new Replay(x, r, o);
    }
}
