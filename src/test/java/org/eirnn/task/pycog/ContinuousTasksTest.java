package org.eirnn.task.pycog;

import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.Preset;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.WeightDistribution;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.eirnn.task.pycog.TrialChecks.assertChannel;
import static org.eirnn.task.pycog.TrialChecks.assertMask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sinewave and lee against spec peers §1.7. */
class ContinuousTasksTest {
    private static final RandomKey KEY = new RandomKey(2, 0, RandomStream.TASK);

    @Test
    void sinewaveTargetsTwoPeriodsOfEightTau() {
        SinewaveTask t = new SinewaveTask(20, 100);
        PycogSetup s = t.setup();
        assertEquals(0, t.inputs());
        assertEquals(1, t.outputs());
        assertEquals(0.05, s.sigmaRec());
        assertTrue(s.trainBRec() && s.trainBOut() && s.continuous());
        assertTrue(java.util.Arrays.stream(s.connectivity().cOut()).allMatch(c -> c == 1), "readout from every unit");
        assertEquals(81, t.steps());
        TrialBatch b = t.generate(KEY, 5, 1);
        for (int k = 0; k < 80; k++) {
            assertEquals(0.9 * Math.sin(2 * Math.PI * (k + 1) * 20 / 800.0), b.target(0, 0, k), 1e-12);
        }
        assertMask(b, 0, new int[][] {{0, 80}});
        double[] zero = new double[80];
        assertEquals(0.9 * Math.sqrt(0.5), t.score(b, zero, 0, 1).value(), 1e-12);
        assertEquals("rmse", t.score(b, zero, 0, 1).measure());
        assertFalse(t.score(b, zero, 0, 1).higherIsBetter());
        double[] exact = java.util.Arrays.copyOf(b.target(), 80);
        assertEquals(0, t.score(b, exact, 0, 1).value(), 1e-15);
        assertTrue(t.isCorrect(exact, 0, 0));
        assertFalse(t.isCorrect(zero, 0, 0));
        assertTrue(t.meetsTarget(List.of(0.3, 0.05)));
        assertFalse(t.meetsTarget(List.of(0.01, 0.051)));
    }

    @Test
    void leeShowsDotsAndOptionsAndTargetsTheNextDot() {
        LeeTask t = new LeeTask(10, 50);
        assertEquals(17, t.inputs());
        assertEquals(200, t.setup().n());
        assertEquals(0.01, t.setup().sigmaRec());
        assertEquals(8, t.conditions());
        assertEquals(351, t.steps());    // 3500 ms at Δt = τ/5 = 10 ms
        TrialBatch b = t.generate(KEY, 8 * 3, 1, TrialPurpose.VALIDATION);   // sequence 1: 4, 5, 1, 0
        assertEquals(0, b.labels()[0]);
        assertChannel(b.u(), b, 0, 9, 0, 351, new double[][] {{0, 350, 1}});
        assertChannel(b.u(), b, 0, 10, 0, 351, new double[][] {});
        assertChannel(b.u(), b, 0, 4, 0, 351, new double[][] {{100, 250, 1}});   // centre: fixation and M1
        assertChannel(b.u(), b, 0, 3, 0, 351, new double[][] {{200, 250, 1}});   // M1 options 3, 5
        assertChannel(b.u(), b, 0, 5, 0, 351, new double[][] {{200, 300, 1}});   // option in M1, current in M2
        assertChannel(b.u(), b, 0, 1, 0, 351, new double[][] {{250, 350, 1}});   // option in M2, current in M3
        assertChannel(b.u(), b, 0, 7, 0, 351, new double[][] {{250, 300, 1}});
        assertChannel(b.u(), b, 0, 0, 0, 351, new double[][] {{300, 350, 1}});
        assertChannel(b.u(), b, 0, 2, 0, 351, new double[][] {{300, 350, 1}});
        // eye x: centre 0, then dot 5 (0.5), dot 1 (0), dot 0 (−0.5); y: 0, 0, 0.5, 0.5
        assertChannel(b.target(), b, 0, 0, 1, 351, new double[][] {{200, 250, 0.5}, {300, 350, -0.5}});
        assertChannel(b.target(), b, 0, 1, 1, 351, new double[][] {{250, 350, 0.5}});
        assertMask(b, 0, new int[][] {{100, 350}});
        int n = 16_000;
        int[] counts = new int[8];
        for (int label : t.generate(KEY, 0, n).labels()) {
            counts[label]++;
        }
        for (int c = 0; c < 8; c++) {
            TrialChecks.assertProportion(counts[c], n, 1.0 / 8);
        }
    }

    /**
     * pycog's lee.py sets no Cout, so every unit reads out, the inhibitory ones with negative sign: the eye can look
     * left and down (targets at −0.5) although the rates are non-negative and b_out stays 0.
     */
    @Test
    void leeReadsOutFromEveryUnitSoTheOutputCanGoNegative() {
        PycogSetup s = new LeeTask(10, 50).setup();
        NetworkSpec spec = new NetworkSpec(s.n(), s.inputs(), 0.2, 1.0, 0, 1.5, WeightDistribution.GAUS, s.dale(),
                Activation.RECTIFY, DecayTaus.single(s.tauSteps()), s.outputs(), Preset.SONG2016.options());
        RateNetwork net = NetworkInit.draw(spec, 1, 0, s.connectivity());
        double[] wOut = net.effectiveReadout();
        for (int o = 0; o < 2; o++) {
            int positive = 0;
            int negative = 0;
            for (int i = 0; i < 200; i++) {
                double w = wOut[o * 200 + i];
                assertTrue(i < 160 ? w >= 0 : w <= 0, "output " + o + " unit " + i + ": " + w);
                positive += w > 0 ? 1 : 0;
                negative += w < 0 ? 1 : 0;
            }
            assertTrue(positive > 100 && negative > 20, "E readouts " + positive + ", I readouts " + negative);
        }
    }
}
