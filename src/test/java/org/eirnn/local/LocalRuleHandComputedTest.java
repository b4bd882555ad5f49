package org.eirnn.local;

import org.eirnn.engine.opencl.OpenClTestDevice;
import org.eirnn.task.ForecastTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local rule's updates (spec peers §2.2, with the presynaptic sign in the V1 rule) against a hand computation
 * for a 3-unit network: units 0 and 1 excitatory, unit 2 inhibitory, one channel, no noise, τ_elg = 2 steps, η 0.01.
 * The first step is worked out on paper (numbers below); the next steps are written out here in plain arithmetic,
 * independent of the engines' code, and both engines (CPU; OpenCL in double) must agree.
 */
class LocalRuleHandComputedTest {
    private static final double ALPHA = 0.1;
    private static final double TAU = 2;
    private static final double LR = 0.01;
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    private static final double EPS = 1e-8;
    private static final NgcSpec SPEC = new NgcSpec(3, 1, 1, ALPHA, 0, 0, TAU, LR, B1, B2, EPS, 0.02);

    private static final double[] W1 = {0.5, 0.2, 0.4};
    private static final double[] BIAS1 = {0.1, -0.3, 0.0};
    /** V1[j][i], presynaptic j (row 2 is the inhibitory unit's), postsynaptic i. */
    private static final double[][] V1 = {{0.0, 0.3, 0.2}, {0.1, 0.0, 0.4}, {0.6, 0.5, 0.0}};
    private static final double[] W1O = {0.7, 0.2, 0.3};
    private static final double BIAS1O = 0.05;
    private static final double[] S = {1, 1, -1};

    private static LocalEnsemble ensemble() {
        LocalEnsemble e = new LocalEnsemble(SPEC, 1);
        for (int i = 0; i < 3; i++) {
            e.theta[SPEC.w1(0, i)] = W1[i];
            e.theta[SPEC.b1(i)] = BIAS1[i];
            e.theta[SPEC.w1o(i, 0)] = W1O[i];
            for (int j = 0; j < 3; j++) {
                e.theta[SPEC.v1(j, i)] = V1[j][i];
            }
        }
        e.theta[SPEC.b1o(0)] = BIAS1O;
        return e;
    }

    /** Adam's first step on a trace tr: m̂ = tr, v̂ = tr², so θ moves by −η·tr/(|tr| + ε). */
    private static double firstStep(double theta, double tr) {
        return theta - LR * tr / (Math.abs(tr) + EPS);
    }

    @Test
    void firstStepAsOnPaper() {
        LocalEnsemble e = ensemble();
        // u_0 = 1, y_1 = 0.5. j = b1 + u W1 = (0.6, −0.1, 0.4); x = 0.1 j = (0.06, −0.01, 0.04); r = (0.06, 0, 0.04)
        // o = 0.05 + 0.06·0.7 + 0.04·0.3 = 0.104; e = 0.396; d = e·W1o ⊙ relu′(x) = (0.2772, 0, 0.1188)
        PassMetrics[][] m = new CpuLocalRule().run(e, new ForecastTask("two points", 2, 1, new double[] {1.0, 0.5}),
                1, 0, 1, true);
        assertEquals(0.396 * 0.396, m[0][0].sse(), 1e-15);
        // traces after one step: U/τ_elg
        assertEquals(-0.06 * 0.396 / TAU, e.trace[SPEC.w1o(0, 0)], 1e-15);
        assertEquals(0.0, e.trace[SPEC.w1o(1, 0)], 0);
        assertEquals(-0.396 / TAU, e.trace[SPEC.b1o(0)], 1e-15);
        assertEquals(-0.2772 / TAU, e.trace[SPEC.w1(0, 0)], 1e-15);
        assertEquals(-0.1188 / TAU, e.trace[SPEC.b1(2)], 1e-15);
        assertEquals(0.0, e.trace[SPEC.v1(2, 0)], 0);   // r_{−1} = 0: no recurrent update yet
        // first Adam step: θ moves by η against the trace's sign; W1o stays ≥ 0
        assertEquals(firstStep(0.7, -0.06 * 0.396 / TAU), e.theta[SPEC.w1o(0, 0)], 1e-15);
        assertEquals(0.71, e.theta[SPEC.w1o(0, 0)], 1e-7);   // ε = 1e-8 against |Ē| ≈ 0.01-0.2
        assertEquals(0.2, e.theta[SPEC.w1o(1, 0)], 0);
        assertEquals(0.06, e.theta[SPEC.b1o(0)], 1e-7);   // ε = 1e-8 against |Ē| ≈ 0.01-0.2
        assertEquals(0.51, e.theta[SPEC.w1(0, 0)], 1e-7);   // ε = 1e-8 against |Ē| ≈ 0.01-0.2
        assertEquals(0.2, e.theta[SPEC.w1(0, 1)], 0);
        assertEquals(0.01, e.theta[SPEC.b1(2)], 1e-7);   // ε = 1e-8 against |Ē| ≈ 0.01-0.2
    }

    /** θ after the given steps of one pass, written out in plain arithmetic. */
    private static double[] byHand(double[] y) {
        double[] w1 = W1.clone();
        double[] b1 = BIAS1.clone();
        double[][] v1 = {V1[0].clone(), V1[1].clone(), V1[2].clone()};
        double[] w1o = W1O.clone();
        double b1o = BIAS1O;
        double[] x = new double[3];
        double[] rPrev = new double[3];
        Moments mo = new Moments();
        for (int s = 0; s + 1 < y.length; s++) {
            double[] r = new double[3];
            for (int i = 0; i < 3; i++) {
                double j = b1[i] + y[s] * w1[i] + S[0] * rPrev[0] * v1[0][i] + S[1] * rPrev[1] * v1[1][i]
                        + S[2] * rPrev[2] * v1[2][i];
                x[i] = x[i] + ALPHA * (-x[i] + j);
                r[i] = Math.max(x[i], 0);
            }
            double o = b1o + r[0] * w1o[0] + r[1] * w1o[1] + r[2] * w1o[2];
            double e = y[s + 1] - o;
            double[] d = new double[3];
            for (int i = 0; i < 3; i++) {
                d[i] = x[i] > 0 ? e * w1o[i] : 0;
            }
            mo.t++;
            for (int i = 0; i < 3; i++) {
                w1o[i] = Math.max(0, mo.step("W1o" + i, w1o[i], -r[i] * e));
                w1[i] = Math.max(0, mo.step("W1" + i, w1[i], -y[s] * d[i]));
                b1[i] = mo.step("b1" + i, b1[i], -d[i]);
                for (int j = 0; j < 3; j++) {
                    // the presynaptic sign: an inhibitory row's effective weight is −V1, so its update flips
                    v1[j][i] = Math.max(0, mo.step("V1" + j + i, v1[j][i], -S[j] * rPrev[j] * d[i]));
                }
            }
            b1o = mo.step("b1o", b1o, -e);
            rPrev = r;
        }
        double[] out = new double[SPEC.parameters()];
        for (int i = 0; i < 3; i++) {
            out[SPEC.w1(0, i)] = w1[i];
            out[SPEC.b1(i)] = b1[i];
            out[SPEC.w1o(i, 0)] = w1o[i];
            for (int j = 0; j < 3; j++) {
                out[SPEC.v1(j, i)] = v1[j][i];
            }
        }
        out[SPEC.b1o(0)] = b1o;
        return out;
    }

    /** Trace and Adam moments by name, as the rule defines them. */
    private static final class Moments {
        final java.util.Map<String, double[]> state = new java.util.HashMap<>();
        int t;

        double step(String name, double theta, double update) {
            double[] s = state.computeIfAbsent(name, n -> new double[3]);   // trace, m, v
            s[0] = s[0] + (update - s[0]) / TAU;
            s[1] = B1 * s[1] + (1 - B1) * s[0];
            s[2] = B2 * s[2] + (1 - B2) * s[0] * s[0];
            double mHat = s[1] / (1 - Math.pow(B1, t));
            double vHat = s[2] / (1 - Math.pow(B2, t));
            return theta - LR * mHat / (Math.sqrt(vHat) + EPS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void fourStepsEqualTheHandComputation(String engine) {
        double[] y = {1.0, 0.5, -0.2, 0.8, 0.9};
        LocalEnsemble e = ensemble();
        try (LocalEngine rule = engine.equals("cpu") ? new CpuLocalRule()
                : new OpenClLocalRule(OpenClTestDevice.require(), true)) {
            rule.run(e, new ForecastTask("five points", 5, 1, y), 1, 0, 1, true);
        }
        double[] expected = byHand(y);
        for (int p = 0; p < expected.length; p++) {
            assertEquals(expected[p], e.theta[p], 1e-12, "parameter " + p);
        }
        // the inhibitory row really learned, in the direction the sign gives (the shipped rule's would be opposite)
        double moved = e.theta[SPEC.v1(2, 0)] - V1[2][0];
        assertTrue(Math.abs(moved) > 1e-3, "V1 row of the inhibitory unit did not move: " + moved);
    }

    @Test
    void withoutTheSignTheInhibitoryRowWouldMoveTheOtherWay() {
        // r_{s−1,2} > 0 and d_{s,0} > 0 after the first step: the signed rule's U = −S_2 r d = +r d > 0, so θ falls
        double[] y = {1.0, 0.5, 0.9};
        LocalEnsemble e = ensemble();
        new CpuLocalRule().run(e, new ForecastTask("three points", 3, 1, y), 1, 0, 1, true);
        assertTrue(e.trace[SPEC.v1(2, 0)] > 0, "inhibitory row trace " + e.trace[SPEC.v1(2, 0)]);
        assertTrue(e.trace[SPEC.v1(0, 0)] < 0 || e.trace[SPEC.v1(0, 0)] == 0,
                "excitatory row trace " + e.trace[SPEC.v1(0, 0)]);
        assertTrue(e.theta[SPEC.v1(2, 0)] < V1[2][0], "an inhibitory synapse onto a unit that needs more drive "
                + "must weaken");
    }
}
