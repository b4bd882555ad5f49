package org.eirnn.task.pycog;

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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rdm tasks against spec peers §1.7's table, at pycog's training step Δt = 20 ms unless stated. */
class RdmTaskTest {
    private static final RandomKey KEY = new RandomKey(3, 0, RandomStream.TASK);

    private static RdmTask task(RdmTask.Variant v) {
        return new RdmTask(v, 20, 100);
    }

    @Test
    void denseValidationTrialHasPycogsEpochsTargetsMaskAndScaling() {
        RdmTask t = task(RdmTask.Variant.DENSE);
        assertEquals(11, t.conditions());
        assertEquals(101, t.steps());                // catch trial 2000 ms = 100 steps, + 1
        // validation trial id 1 = condition 1: 1 % coherence, direction +1, choice 0
        TrialBatch b = t.generate(KEY, 1, 1, TrialPurpose.VALIDATION);
        assertEquals(1, b.labels()[0]);
        assertChannel(b.u(), b, 0, 0, 0, 101, new double[][] {{5, 45, (1 + 0.032) / 2}});
        assertChannel(b.u(), b, 0, 1, 0, 101, new double[][] {{5, 45, (1 - 0.032) / 2}});
        assertChannel(b.target(), b, 0, 0, 1, 101, new double[][] {{0, 5, 0.2}, {45, 60, 1.0}});
        assertChannel(b.target(), b, 0, 1, 1, 101, new double[][] {{0, 5, 0.2}, {45, 60, 0.2}});
        assertMask(b, 0, new int[][] {{0, 5}, {45, 60}});
        assertEquals(59, PycogTask.trialEnd(b, 0));
        // condition 10: 16 %, direction −1, choice 1
        TrialBatch c = t.generate(KEY, 10 + 11 * 7, 1, TrialPurpose.VALIDATION);
        assertEquals(10, c.labels()[0]);
        assertEquals(1, t.choice(10));
        assertEquals(-16.0, RdmTask.signedCoherence(10));
        assertChannel(c.u(), c, 0, 1, 0, 101, new double[][] {{5, 45, (1 + 0.512) / 2}});
        assertChannel(c.u(), c, 0, 0, 0, 101, new double[][] {{5, 45, (1 - 0.512) / 2}});
        assertChannel(c.target(), c, 0, 1, 1, 101, new double[][] {{0, 5, 0.2}, {45, 60, 1.0}});
    }

    @Test
    void catchTrialIsLowAndFullyMaskedFor2000Ms() {
        TrialBatch b = task(RdmTask.Variant.DENSE).generate(KEY, 22, 1, TrialPurpose.VALIDATION);
        assertEquals(0, b.labels()[0]);
        assertChannel(b.u(), b, 0, 0, 0, 101, new double[][] {});
        assertChannel(b.target(), b, 0, 0, 1, 101, new double[][] {{0, 100, 0.2}});
        assertChannel(b.target(), b, 0, 1, 1, 101, new double[][] {{0, 100, 0.2}});
        assertMask(b, 0, new int[][] {{0, 100}});
        assertEquals(99, PycogTask.trialEnd(b, 0));
    }

    @Test
    void testTrialsFixateLongerAndFinerStepsKeepTheMilliseconds() {
        RdmTask t = task(RdmTask.Variant.FIXED);
        TrialBatch test = nonCatch(t, TrialPurpose.TEST);
        assertMask(test, 0, new int[][] {{0, 15}, {55, 70}});   // fixation 300 ms
        assertEquals(500, new RdmTask(RdmTask.Variant.VARSTIM, 20, 100).fixationMs(TrialPurpose.TEST));
        RdmTask fine = new RdmTask(RdmTask.Variant.DENSE, 0.5, 100);
        assertEquals(4001, fine.steps());
        TrialBatch b = fine.generate(KEY, 2, 1, TrialPurpose.VALIDATION);   // condition 2: 2 %, +1
        assertChannel(b.u(), b, 0, 0, 0, 4001, new double[][] {{200, 1800, (1 + 0.064) / 2}});
        assertMask(b, 0, new int[][] {{0, 200}, {1800, 2400}});
    }

    /** The first non-catch trial of the purpose. */
    static TrialBatch nonCatch(PycogTask t, TrialPurpose purpose) {
        for (long id = 0; ; id++) {
            TrialBatch b = t.generate(KEY, id, 1, purpose);
            if (b.labels()[0] != 0) {
                return b;
            }
        }
    }

    @Test
    void reactionTimeVersionRewardsFrom300MsAfterOnsetToTheEnd() {
        RdmTask t = task(RdmTask.Variant.RT);
        assertEquals(3, t.inputs());
        TrialBatch b = t.generate(KEY, 1, 1, TrialPurpose.VALIDATION);
        assertChannel(b.u(), b, 0, RdmTask.START, 0, 101, new double[][] {{5, 45, 1}});
        assertChannel(b.target(), b, 0, 0, 1, 101, new double[][] {{0, 5, 0.2}, {20, 45, 1.2}});
        assertMask(b, 0, new int[][] {{0, 5}, {20, 45}});
        TrialBatch test = nonCatch(t, TrialPurpose.TEST);
        assertEquals(15 + 75 - 1, PycogTask.trialEnd(test, 0));  // fixation 300 + stimulus 1500 ms
    }

    @Test
    void catchProbabilityAndConditionsFollowTheTable() {
        for (RdmTask.Variant v : List.of(RdmTask.Variant.DENSE, RdmTask.Variant.RT)) {
            RdmTask t = task(v);
            int n = 22_000;
            int[] counts = new int[11];
            for (int label : t.generate(KEY, 0, n).labels()) {
                counts[label]++;
            }
            double pCatch = v == RdmTask.Variant.RT ? 5.0 / 11 : 1.0 / 11;
            TrialChecks.assertProportion(counts[0], n, pCatch);
            for (int c = 1; c < 11; c++) {
                TrialChecks.assertProportion(counts[c], n, (1 - pCatch) / 10);
            }
        }
    }

    @Test
    void varstimDurationsAreTruncatedExponentialOnTheGrid() {
        RdmTask t = task(RdmTask.Variant.VARSTIM);
        int n = 4000;
        TrialBatch b = t.generate(KEY, 0, n);
        double sum = 0;
        int trials = 0;
        for (int k = 0; k < n; k++) {
            if (b.labels()[k] == 0) {
                continue;
            }
            int cue = 0;
            for (int s = 0; s < b.steps(); s++) {
                cue += b.u(k, RdmTask.START, s) == 1 ? 1 : 0;
            }
            double stimulus = cue * 20.0 - 300;   // the cue covers stimulus and decision
            assertTrue(stimulus >= 80 && stimulus <= 1480, "stimulus " + stimulus);
            assertEquals(0, stimulus % 20, 1e-9);
            assertEquals(5 + cue - 1, PycogTask.trialEnd(b, k));
            sum += stimulus;
            trials++;
        }
        double mean = sum / trials;
        double expected = TrialChecks.flooredTruncatedExponentialMean(330, 80, 1500, 20);
        // standard deviation of the duration is below 330 ms: 5 standard errors
        assertEquals(expected, mean, 5 * 330 / Math.sqrt(trials));
        assertThrows(UnsupportedOperationException.class, () -> t.isCorrect(new double[400], 0, 1));
    }

    @Test
    void meetsTargetIsMeanOfLastFiveAbove85() {
        RdmTask t = task(RdmTask.Variant.DENSE);
        assertTrue(t.meetsTarget(List.of(10.0, 80.0, 90.0, 90.0, 90.0, 90.0)));
        assertFalse(t.meetsTarget(List.of(85.0, 85.0, 85.0, 85.0, 85.0)));
        assertFalse(t.meetsTarget(List.of(100.0, 60.0, 90.0, 90.0, 90.0, 90.0)));
        assertFalse(t.meetsTarget(List.of()));
    }

    @Test
    void scoreIsPercentCorrectOverNonCatchTrialsAtEachTrialsEnd() {
        RdmTask t = task(RdmTask.Variant.DENSE);
        TrialBatch b = t.generate(KEY, 0, 22, TrialPurpose.VALIDATION);   // conditions 0…10 twice
        int len = b.steps() - 1;
        double[] o = new double[22 * 2 * len];
        // trials 0…10 answer right, 11…21 wrong; values after each trial's end favour the other channel
        for (int k = 0; k < 22; k++) {
            int cond = b.labels()[k];
            int want = cond == 0 ? 0 : t.choice(cond);
            int pick = k < 11 ? want : 1 - want;
            int end = PycogTask.trialEnd(b, k);
            for (int i = 0; i < len; i++) {
                o[(k * 2 + pick) * len + i] = i <= end ? 1.0 : 0.0;
                o[(k * 2 + 1 - pick) * len + i] = i <= end ? 0.2 : 1.0;
            }
            if (cond != 0) {
                assertEquals(k < 11, t.isCorrect(o, k * 2 * len, cond));
            }
        }
        assertEquals(50.0, t.score(b, o, 0, 22).value(), 1e-12);
        assertEquals(100.0, t.score(b, o, 0, 11).value(), 1e-12);
        assertEquals("performance_2afc", t.score(b, o, 0, 11).measure());
        assertTrue(Double.isNaN(t.score(b, o, 0, 1).value()));   // only the catch trial
    }
}
