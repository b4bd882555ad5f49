package org.eirnn.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nn4n's uniform initialisation (spec peers §3.1–3.2): bounds, moments, clamping under Dale and the balance. */
class Nn4nInitTest {

    private static NetworkSpec spec(int n, int inputs, boolean dale) {
        NetworkSpec s = new NetworkSpec(n, inputs, 0.2, 1.0, 0, 1.5, WeightDistribution.GAUS, dale,
                Activation.RECTIFY, DecayTaus.single(10));
        return s.withOptions(Preset.NN4N.options());
    }

    @Test
    void entriesAreUniformOnPlusMinusOneOverRootFanIn() {
        RateNetwork net = NetworkInit.draw(spec(100, 4, false), 1, 0);
        double[] w = net.effectiveRecurrent();
        double bound = 0.1;
        double sum = 0;
        double sq = 0;
        for (double v : w) {
            assertTrue(Math.abs(v) <= bound, "|W_rec| ≤ 1/√N");
            sum += v;
            sq += v * v;
        }
        int count = w.length;
        assertEquals(0, sum / count, 5 * bound / Math.sqrt(3 * count), "mean 0");
        assertEquals(bound * bound / 3, sq / count, 0.05 * bound * bound / 3, "variance bound²/3");
        for (double v : net.effectiveInput()) {
            assertTrue(Math.abs(v) <= 0.5, "|W_in| ≤ 1/√N_in");
        }
        for (double v : net.effectiveReadout()) {
            assertTrue(Math.abs(v) <= bound);
        }
        for (int i = 0; i < 100; i++) {
            assertEquals(0.0, net.x0[i], 0.0, "zero initial state");
            assertEquals(0.0, net.bRec[i], 0.0);
        }
    }

    @Test
    void underDaleEntriesAreClampedToTheirSignAndBalanced() {
        RateNetwork net = NetworkInit.draw(spec(80, 1, true), 2, 0);
        double[] w = net.effectiveRecurrent();
        double exc = 0;
        double inh = 0;
        int zeros = 0;
        for (int p = 0; p < w.length; p++) {
            boolean inhPre = net.inh[p % 80];
            assertTrue(inhPre ? w[p] <= 0 : w[p] >= 0, "entry " + p + " has its unit's sign");
            exc += Math.max(w[p], 0);
            inh += Math.max(-w[p], 0);
            zeros += w[p] == 0 ? 1 : 0;
        }
        assertTrue(net.inhibitoryCount() > 0);
        assertEquals(exc, inh, 1e-9 * exc, "balanced: total E = total |I|");
        assertEquals(0.5, zeros / (double) w.length, 0.05, "about half the entries clamped to 0");
    }
}
