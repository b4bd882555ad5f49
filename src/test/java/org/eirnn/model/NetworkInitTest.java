package org.eirnn.model;

import org.eirnn.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Initialisation and the effective recurrent matrix against spec §2.1 and the invariants of §11. */
class NetworkInitTest {

    private static NetworkSpec spec(int n, int somN, boolean dale) {
        return new NetworkSpec(n, 1, 0.2, 0.2, somN, 1.5, WeightDistribution.GAUS, dale, Activation.SIGMOID,
                DecayTaus.range(4, 20));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void effectiveMatrixKeepsDaleSignsAndSomZeros(int somN) {
        RateNetwork net = NetworkInit.draw(spec(200, somN, true), 7, 1);
        int n = net.n();
        double[] eff = net.effectiveRecurrent();
        int somSeen = 0;
        for (int i = 0; i < n; i++) {
            boolean som = false;
            if (net.inh[i] && somSeen < somN) {
                som = true;
                somSeen++;
            }
            for (int j = 0; j < n; j++) {
                double v = eff[i * n + j];
                if (net.inh[j]) {
                    assertTrue(v <= 0, "inhibitory column " + j + " has " + v);
                } else {
                    assertTrue(v >= 0, "excitatory column " + j + " has " + v);
                }
                if (som && net.inh[j]) {
                    assertEquals(0.0, v, 0.0, "SOM row " + i + " must get no inhibitory input");
                    assertEquals(0.0, net.somMask[i * n + j]);
                } else {
                    assertEquals(1.0, net.somMask[i * n + j]);
                }
            }
        }
        assertEquals(somN, somSeen);
    }

    @Test
    void proportionsFollowPinhAndPrec() {
        NetworkSpec s = spec(400, 0, true);
        RateNetwork net = NetworkInit.draw(s, 11, 0);
        int n = net.n();
        // Bernoulli(0.2) per unit: SD sqrt(400·0.16) = 8 units.
        assertEquals(80, net.inhibitoryCount(), 4 * 8);
        int nonzero = 0;
        double sumSq = 0;
        for (double v : net.w) {
            assertTrue(v >= 0, "Dale: initial weights are absolute values");
            if (v != 0) {
                nonzero++;
                sumSq += v * v;
            }
        }
        assertEquals(0.2, nonzero / (double) (n * n), 0.01);
        // Non-zero entries are |N(0,1)|·gain/sqrt(N·P_rec): mean square gain²/(N·P_rec).
        double expected = 1.5 * 1.5 / (n * 0.2);
        assertEquals(expected, sumSq / nonzero, 0.05 * expected);
    }

    /**
     * Spec §2.1: w_in N(0,1) (N×N_in), w_out N(0,1)/100, b_out 0, taus_gaus N(0,1), self-connections allowed,
     * gamma weights Gamma(2, 0.003) without gain scaling.
     */
    @Test
    void inputReadoutTauAndGammaDrawsFollowSpikeRnn() {
        int n = 2000;
        RateNetwork net = NetworkInit.draw(spec(n, 0, true).withInputs(4), 13, 0);
        assertEquals(n * 4, net.wIn.length);
        assertMeanAndSd(net.wIn, 0, 1);
        assertMeanAndSd(net.wOut, 0, 0.01);
        assertMeanAndSd(net.tausGaus, 0, 1);
        assertEquals(0.0, net.bOut[0]);
        int selfConnected = 0;
        for (int i = 0; i < n; i++) {
            selfConnected += net.w[i * n + i] != 0 ? 1 : 0;
        }
        assertEquals(0.2 * n, selfConnected, 4 * Math.sqrt(n * 0.16), "the diagonal is drawn like any entry");

        NetworkSpec gamma = new NetworkSpec(400, 1, 0.2, 0.2, 0, 1.5, WeightDistribution.GAMMA, true,
                Activation.SIGMOID, DecayTaus.range(4, 20));
        double[] w = NetworkInit.draw(gamma, 2, 0).w;
        double[] nonzero = java.util.Arrays.stream(w).filter(v -> v != 0).toArray();
        assertEquals(0.2, nonzero.length / (double) w.length, 0.01);
        assertMeanAndSd(nonzero, 2 * 0.003, Math.sqrt(2) * 0.003);
    }

    /** Sample mean and SD within 5 standard errors (the SD's standard error taken as sd/√(2n), loose for skew). */
    private static void assertMeanAndSd(double[] v, double mean, double sd) {
        double sum = 0;
        double sumSq = 0;
        for (double x : v) {
            sum += x;
            sumSq += x * x;
        }
        double m = sum / v.length;
        double s = Math.sqrt(sumSq / v.length - m * m);
        assertEquals(mean, m, 5 * sd / Math.sqrt(v.length), "mean");
        assertEquals(sd, s, 5 * sd * Math.sqrt(2.0 / v.length), "sd");
    }

    @Test
    void withoutDaleAllUnitsAreExcitatoryAndWeightsSigned() {
        RateNetwork net = NetworkInit.draw(spec(100, 0, false), 3, 0);
        assertEquals(0, net.inhibitoryCount());
        boolean negative = false;
        for (double v : net.w) {
            negative |= v < 0;
        }
        assertTrue(negative);
        double[] eff = net.effectiveRecurrent();
        for (int k = 0; k < eff.length; k++) {
            assertEquals(net.w[k], eff[k], 0.0, "no Dale: W_rec = w (m = I, no SOM)");
        }
    }

    @Test
    void ensembleMembersDifferAndDrawsAreReproducible() {
        NetworkSpec s = spec(50, 0, true);
        RateNetwork a = NetworkInit.draw(s, 5, 0);
        RateNetwork b = NetworkInit.draw(s, 5, 1);
        assertTrue(a.sameParameters(NetworkInit.draw(s, 5, 0)));
        assertTrue(!a.sameParameters(b));
    }

    @Test
    void tauIsStrictlyInsideTheRange() {
        RateNetwork net = NetworkInit.draw(spec(300, 0, true), 1, 0);
        for (double tau : net.tau()) {
            assertTrue(tau > 4 && tau < 20, "tau " + tau);
        }
        assertEquals(4 + 16 * 0.5, DecayTaus.range(4, 20).tau(0.0), 1e-12);
        assertEquals(10, DecayTaus.single(10).tau(3.0));
    }

    private static void assertBad(String fragment, Executable e) {
        InvalidInputException ex = assertThrows(InvalidInputException.class, e::execute);
        assertTrue(ex.getMessage().contains(fragment), ex.getMessage());
        assertTrue(!ex.getMessage().contains("\n"), "one line");
    }

    @Test
    void badParametersAreOneClearLine() {
        DecayTaus t = DecayTaus.range(4, 20);
        assertBad("N=0", () -> new NetworkSpec(0, 1, 0.2, 0.2, 0, 1.5, WeightDistribution.GAUS, true,
                Activation.SIGMOID, t));
        assertBad("P_inh=1.5", () -> new NetworkSpec(10, 1, 1.5, 0.2, 0, 1.5, WeightDistribution.GAUS, true,
                Activation.SIGMOID, t));
        assertBad("P_inh=-0.1", () -> new NetworkSpec(10, 1, -0.1, 0.2, 0, 1.5, WeightDistribution.GAUS, true,
                Activation.SIGMOID, t));
        assertBad("min <= max", () -> DecayTaus.range(20, 4));
        assertBad("swish", () -> Activation.parse("swish"));
    }

    /**
     * spikeRNN takes som_inh = np.where(inh)[0][:som_N]: with fewer inhibitory units than som_N every inhibitory unit
     * is a SOM unit, without Dale there are none (som_m all ones); som_N is kept as given.
     */
    @Test
    void somNBeyondTheInhibitoryUnitsTakesThemAllAsSpikeRnnDoes() {
        RateNetwork net = NetworkInit.draw(spec(60, 50, true), 1, 0);
        assertTrue(net.inhibitoryCount() > 0 && net.inhibitoryCount() < 50, "needs 0 < NI < som_N");
        assertEquals(50, net.spec.somN());
        int n = net.n();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(net.inh[i] && net.inh[j] ? 0.0 : 1.0, net.somMask[i * n + j]);
            }
        }
        RateNetwork noDale = NetworkInit.draw(spec(20, 3, false), 1, 0);
        for (double v : noDale.somMask) {
            assertEquals(1.0, v);
        }
    }

    interface Executable {
        void execute();
    }
}
