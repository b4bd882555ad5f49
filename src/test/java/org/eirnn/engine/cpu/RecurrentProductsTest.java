package org.eirnn.engine.cpu;

import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The sparse recurrent products against EJML's dense ones on a spikeRNN network (P_rec = 0.2, so its pattern is
 * sparse), and their multi-threaded form against the single-threaded one, bit for bit.
 */
class RecurrentProductsTest {
    private static DMatrixRMaj random(int rows, int cols, long seed) {
        return DenseOpsTest.random(rows, cols, seed);
    }


    /** The three products of one step and a second gradient step, as a pass makes them. */
    private static double[][] products(RecurrentProducts rp, DMatrixRMaj r, DMatrixRMaj s) {
        DMatrixRMaj d = new DMatrixRMaj(r.numRows, r.numCols);
        rp.drive(r, d);
        DMatrixRMaj dR = random(r.numRows, r.numCols, 9);
        rp.addWeightGradient(r, s);
        rp.addWeightGradient(s, r);
        rp.addBack(dR);
        return new double[][] {d.data, dR.data, rp.weightGradient().data};
    }

    /** Zeroes the entries of an N×N matrix outside the pattern. */
    private static void onPattern(RecurrentPattern p, double[] m) {
        boolean[] in = new boolean[m.length];
        for (int i = 0; i < p.n(); i++) {
            for (int k = p.rowStart()[i]; k < p.rowStart()[i + 1]; k++) {
                in[i * p.n() + p.column()[k]] = true;
            }
        }
        for (int q = 0; q < m.length; q++) {
            m[q] = in[q] ? m[q] : 0.0;
        }
    }

    private static void assertRelative(double[] expected, double[] actual, String what) {
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertArrayEquals(expected, actual, 1e-12 * scale, what);
    }

    @ParameterizedTest(name = "N={0} B={1}")
    @CsvSource({"12,1", "50,7", "200,64", "200,256"})
    void sparseProductsEqualDenseAndTheirThreadedTwin(int n, int trials) {
        RateNetwork net = NetworkInit.draw(NetworkSpec.defaults(n, 1, org.eirnn.model.DecayTaus.range(4, 20)), 3, 0);
        NetworkTerms terms = NetworkTerms.of(net, RateNoise.SPIKERNN);
        assertNotNull(terms.pattern(), "a P_rec = 0.2 network runs the sparse products");
        NetworkTerms dense = new NetworkTerms(terms.wRec(), terms.wIn(), terms.wOut(), terms.bRec(), terms.bOut(),
                terms.alpha(), terms.noiseSd(), terms.noiseSlope(), terms.x0(), terms.wRecT(), terms.wInT(), null);
        DMatrixRMaj r = random(trials, n, 1);
        DMatrixRMaj s = random(trials, n, 2);
        double[][] want = products(RecurrentProducts.of(dense, trials, DenseOps.SINGLE_THREADED), r, s);
        double[][] single = products(RecurrentProducts.of(terms, trials, DenseOps.SINGLE_THREADED), r, s);
        double[][] multi = products(RecurrentProducts.of(terms, trials, DenseOps.MULTI_THREADED), r, s);
        onPattern(terms.pattern(), want[2]);
        String[] names = {"r W_recᵀ", "δr + s W_rec", "Σ sᵀ r (on the pattern; the chain rule zeroes the rest)"};
        for (int q = 0; q < 3; q++) {
            assertRelative(want[q], single[q], names[q] + " sparse vs dense");
            assertArrayEquals(single[q], multi[q], 0.0, names[q] + " multi- vs single-threaded");
        }
    }

    @ParameterizedTest(name = "P_rec={0}")
    @CsvSource({"0.2,true", "0.9,false"})
    void patternHoldsNonzerosAndGradientCarryingEntriesOnly(double pRec, boolean sparse) {
        NetworkSpec base = NetworkSpec.defaults(40, 1, org.eirnn.model.DecayTaus.range(4, 20));
        NetworkSpec spec = new NetworkSpec(40, 1, base.pInh(), pRec, base.somN(), base.gain(), base.wDist(),
                base.applyDale(), base.activation(), base.taus(), 1, base.options());
        RateNetwork net = NetworkInit.draw(spec, 5, 0);
        double[] w = net.effectiveRecurrent();
        RecurrentPattern p = RecurrentPattern.of(net, w);
        assertEquals(sparse, p != null);
        if (p == null) {
            return;
        }
        int nonzero = 0;
        for (double v : w) {
            nonzero += v != 0 ? 1 : 0;
        }
        assertEquals(nonzero, p.entries(), "relu's pruned entries (w ≤ 0) carry no gradient and stay out");
        for (int i = 0; i < 40; i++) {
            for (int k = p.rowStart()[i]; k < p.rowStart()[i + 1]; k++) {
                assertEquals(w[i * 40 + p.column()[k]], p.value()[k], 0.0);
            }
        }
    }

    @ParameterizedTest(name = "trials={0}")
    @CsvSource({"3", "33", "100"})
    void denseNetworksKeepEjmlProducts(int trials) {
        NetworkSpec base = NetworkSpec.defaults(30, 1, org.eirnn.model.DecayTaus.range(4, 20));
        NetworkSpec spec = new NetworkSpec(30, 1, base.pInh(), 1.0, base.somN(), base.gain(), base.wDist(),
                base.applyDale(), base.activation(), base.taus(), 1, base.options());
        NetworkTerms terms = NetworkTerms.of(NetworkInit.draw(spec, 5, 0), RateNoise.SPIKERNN);
        assertNull(terms.pattern(), "P_rec = 1: dense");
        DMatrixRMaj r = random(trials, 30, 1);
        DMatrixRMaj s = random(trials, 30, 2);
        double[][] single = products(RecurrentProducts.of(terms, trials, DenseOps.SINGLE_THREADED), r, s);
        double[][] multi = products(RecurrentProducts.of(terms, trials, DenseOps.MULTI_THREADED), r, s);
        for (int q = 0; q < 3; q++) {
            assertArrayEquals(single[q], multi[q], 0.0);
        }
    }
}
