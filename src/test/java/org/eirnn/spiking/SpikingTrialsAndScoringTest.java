package org.eirnn.spiking;

import org.eirnn.InvalidInputException;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.ManteTask;
import org.eirnn.task.Tasks;
import org.eirnn.task.XorTask;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The grid-search stimuli, windows, thresholds and tie rule of spec §5. */
class SpikingTrialsAndScoringTest {
    private static final RandomKey KEY = new RandomKey(4, 0, RandomStream.TASK);

    @Test
    void goNogoStimulusIsMatlabsZeros1x201WithColumns51To75() {
        long go = SpikingTrials.firstOfKind(Tasks.byName("go-nogo"), KEY, 0, "go");
        SpikingTrials.Stimulus s = SpikingTrials.stimulus(Tasks.byName("go-nogo"), KEY, go);
        assertEquals(201, s.columns());
        assertEquals(1, s.label());
        for (int c = 0; c < 201; c++) {
            assertEquals(c >= 50 && c < 75 ? 1.0 : 0.0, s.u()[c], "column " + (c + 1) + " (MATLAB)");
        }
        long nogo = SpikingTrials.firstOfKind(Tasks.byName("go-nogo"), KEY, 0, "nogo");
        assertEquals(0, SpikingTrials.stimulus(Tasks.byName("go-nogo"), KEY, nogo).label());
        assertArrayEquals(new double[201], SpikingTrials.stimulus(Tasks.byName("go-nogo"), KEY, nogo).u());
    }

    @Test
    void manteStimulusIs4x501WithTheContextHeldToTheLastColumn() {
        SpikingTrials.Stimulus s = SpikingTrials.stimulus(new ManteTask(), KEY, 3);
        assertEquals(501, s.columns());
        double ctxA = s.u()[2 * 501 + 500], ctxB = s.u()[3 * 501 + 500];
        assertEquals(1.0, ctxA + ctxB, "one context row is 1 through column 501");
        assertEquals(0.0, s.u()[500], "sensory rows are 0 after the stimulus");
        assertTrue(s.u()[50] != 0 && s.u()[249] != 0 && s.u()[250] == 0, "sensory window is columns 51..250");
    }

    @Test
    void xorStimulusIs2x301() {
        SpikingTrials.Stimulus s = SpikingTrials.stimulus(XorTask.spikeRnn(), KEY, 1);
        assertEquals(301, s.columns());
        assertEquals(s.label(), (int) Math.signum(s.u()[50] * s.u()[301 + 110]));
    }

    @Test
    void windowsAndThresholdsFollowLambdaGridSearch() {
        SpikingCriterion goNogo = SpikingCriterion.forTask("go-nogo");
        assertEquals(10_000, goNogo.windowFrom());
        assertTrue(goNogo.correct(1, 0.71, -5));
        assertFalse(goNogo.correct(1, 0.7, 0));
        assertTrue(goNogo.correct(0, 0.29, -5), "NoGo uses the signed max: a large negative excursion is fine");
        assertFalse(goNogo.correct(0, 0.3, 0));
        assertEquals(20_000, SpikingCriterion.forTask("xor").windowFrom());
        assertEquals(26_000, SpikingCriterion.forTask("mante").windowFrom());
        assertEquals(17_500, SpikingCriterion.forTask("dms").windowFrom());
        SpikingCriterion mante = SpikingCriterion.forTask("mante");
        assertTrue(mante.correct(-1, 2, -0.71));
        assertFalse(mante.correct(-1, 2, -0.7));
        assertTrue(mante.correct(1, 0.71, -2));
    }

    @Test
    void theFirstMaximumWinsTies() {
        assertEquals(1, SpikingEvaluation.bestIndex(new double[] {0.5, 0.9, 0.9, 0.2}));
        assertEquals(0, SpikingEvaluation.bestIndex(new double[] {0.7, 0.7}));
    }

    @Test
    void factorListsAndMatlabRanges() {
        double[] grid = ScalingFactors.parse("20:5:75");
        assertEquals(12, grid.length);
        assertEquals(20, grid[0]);
        assertEquals(75, grid[11]);
        assertArrayEquals(new double[] {4, 6, 8}, ScalingFactors.parse("4:2:8"));
        assertArrayEquals(new double[] {20, 33.5}, ScalingFactors.parse("20, 33.5"));
        assertThrows(InvalidInputException.class, () -> ScalingFactors.parse("20:0:75"));
        assertThrows(InvalidInputException.class, () -> ScalingFactors.parse("-1,3"));
    }

    @Test
    void inputHoldIsMatlabRoundHalfAwayFromZero() {
        assertEquals(0, LifParams.column(1));
        assertEquals(0, LifParams.column(49));
        assertEquals(1, LifParams.column(50));
        assertEquals(1, LifParams.column(149));
        assertEquals(2, LifParams.column(150));
        assertEquals(200, LifParams.column(20_000));
        assertEquals(20_000, LifParams.steps(201));
    }

    @Test
    void initialVoltagesAreUniformOnMinus65To30() {
        double[] v0 = SpikingTrials.initialVoltages(LifParams.spikeRnn(1), KEY.with(RandomStream.LIF_V0), 0, 20_000);
        int above = 0;
        for (double v : v0) {
            assertTrue(v > -65 && v < 30);
            above += v >= -40 ? 1 : 0;
        }
        assertEquals(70.0 / 95.0, above / 20_000.0, 0.015, "share starting at or above threshold");
    }

    @Test
    void downsampleKeepsEveryKthColumnFromTheFirst() {
        double[] u = {0, 1, 2, 3, 4, 10, 11, 12, 13, 14};
        assertArrayEquals(new double[] {0, 2, 4, 10, 12, 14}, SpikingTrials.downsample(u, 2, 5, 2));
    }
}
