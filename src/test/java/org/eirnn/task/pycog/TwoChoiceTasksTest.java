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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mante, multisensory and romo against spec peers §1.7's table at Δt = 20 ms. */
class TwoChoiceTasksTest {
    private static final RandomKey KEY = new RandomKey(8, 1, RandomStream.TASK);

    @Test
    void manteConditionsFollowTheCuedModality() {
        ContextTask t = new ContextTask(false, 20, 100);
        assertEquals(73, t.conditions());
        assertEquals(150, t.setup().n());
        assertEquals(50, t.setup().nGradient());
        // condition 37: (context m, coh 1, 1, motion +1, colour −1): motion decides, choice 0
        assertTrue(ContextTask.motionContext(37));
        assertEquals(1, ContextTask.motionDirection(37));
        assertEquals(-1, ContextTask.colourDirection(37));
        assertEquals(0, t.choice(37));
        // condition 38: the same stimuli under the colour context: choice 1
        assertFalse(ContextTask.motionContext(38));
        assertEquals(1, t.choice(38));
        // condition 72: colour context, coh 10 and 10, both −1
        assertEquals(10, ContextTask.motionCoherence(72));
        assertEquals(10, ContextTask.colourCoherence(72));
        TrialBatch b = t.generate(KEY, 38, 1, TrialPurpose.VALIDATION);
        assertEquals(38, b.labels()[0]);
        assertChannel(b.u(), b, 0, 0, 0, 101, new double[][] {});
        assertChannel(b.u(), b, 0, 1, 0, 101, new double[][] {{5, 45, 1}});
        assertChannel(b.u(), b, 0, 2, 0, 101, new double[][] {{5, 45, 0.525}});
        assertChannel(b.u(), b, 0, 3, 0, 101, new double[][] {{5, 45, 0.475}});
        assertChannel(b.u(), b, 0, 4, 0, 101, new double[][] {{5, 45, 0.475}});
        assertChannel(b.u(), b, 0, 5, 0, 101, new double[][] {{5, 45, 0.525}});
        assertChannel(b.target(), b, 0, 1, 1, 101, new double[][] {{0, 5, 0.2}, {45, 60, 1}});
        assertMask(b, 0, new int[][] {{0, 5}, {45, 60}});
        TrialBatch test = RdmTaskTest.nonCatch(t, TrialPurpose.TEST);
        assertMask(test, 0, new int[][] {{0, 20}, {60, 75}});   // fixation 400 ms
        int n = 36_500;
        int catches = 0;
        for (int label : t.generate(KEY, 0, n).labels()) {
            catches += label == 0 ? 1 : 0;
        }
        TrialChecks.assertProportion(catches, n, 1.0 / 73);
    }

    @Test
    void multisensoryTuningStartCueAndCatches() {
        MultisensoryTask t = new MultisensoryTask(20, 100);
        assertEquals(25, t.conditions());
        assertEquals("v", MultisensoryTask.modality(1));
        assertEquals(9, MultisensoryTask.frequency(1));
        assertEquals(1, t.choice(1));
        assertEquals("va", MultisensoryTask.modality(24));
        assertEquals(16, MultisensoryTask.frequency(24));
        assertEquals(0, t.choice(24));
        assertEquals(1, t.choice(12));   // (12−1) div 3 = 3: 12 Hz < 12.5
        assertEquals(0, t.choice(13));   // 13 Hz
        TrialBatch b = t.generate(KEY, 24, 1, TrialPurpose.VALIDATION);
        assertChannel(b.u(), b, 0, MultisensoryTask.VISUAL_P, 0, 126, new double[][] {{5, 55, 1.2}});
        assertChannel(b.u(), b, 0, MultisensoryTask.AUDITORY_P, 0, 126, new double[][] {{5, 55, 1.2}});
        assertChannel(b.u(), b, 0, MultisensoryTask.VISUAL_N, 0, 126, new double[][] {{5, 55, 0.4}});
        assertChannel(b.u(), b, 0, MultisensoryTask.START, 0, 126, new double[][] {{5, 70, 1}});
        assertMask(b, 0, new int[][] {{0, 5}, {55, 70}});
        TrialBatch v = t.generate(KEY, 2 + 25, 1, TrialPurpose.VALIDATION);   // condition 2: a, 9 Hz
        assertChannel(v.u(), v, 0, MultisensoryTask.VISUAL_P, 0, 126, new double[][] {});
        assertChannel(v.u(), v, 0, MultisensoryTask.AUDITORY_P, 0, 126, new double[][] {{5, 55, 0.4}});
        assertChannel(v.u(), v, 0, MultisensoryTask.AUDITORY_N, 0, 126, new double[][] {{5, 55, 1.2}});
        TrialBatch c = t.generate(KEY, 0, 1, TrialPurpose.VALIDATION);
        assertMask(c, 0, new int[][] {{0, 125}});                // catch 2500 ms
        int n = 20_000;
        int catches = 0;
        for (int label : t.generate(KEY, 0, n).labels()) {
            catches += label == 0 ? 1 : 0;
        }
        TrialChecks.assertProportion(catches, n, 0.2);
    }

    @Test
    void romoPairsTuningAndDelays() {
        RomoTask t = new RomoTask(20, 100);
        assertEquals(11, t.conditions());
        assertEquals(245, t.steps());    // 100 + 500 + 3480 + 500 + 300 ms = 244 steps, + 1
        assertEquals(18, RomoTask.f1(1));
        assertEquals(10, RomoTask.f2(1));
        assertEquals(0, t.choice(1));
        assertEquals(26, RomoTask.f1(10));
        assertEquals(34, RomoTask.f2(10));
        assertEquals(1, t.choice(10));
        assertEquals(0.4 + 0.8 * 8 / 24, RomoTask.TUNING.positive(18), 1e-15);
        assertEquals(0.4 + 0.8 * 16 / 24, RomoTask.TUNING.negative(18), 1e-15);
        TrialBatch test = RdmTaskTest.nonCatch(t, TrialPurpose.TEST);
        int f1Cond = test.labels()[0];
        // test: fixation 500, f1 500, delay 3000, f2 500, decision 300 ms
        assertChannel(test.u(), test, 0, 0, 0, t.steps(TrialPurpose.TEST), new double[][] {
                {25, 50, RomoTask.TUNING.positive(RomoTask.f1(f1Cond))}, {200, 225, RomoTask.TUNING.positive(RomoTask.f2(f1Cond))}});
        assertMask(test, 0, new int[][] {{0, 25}, {225, 240}});
        int n = 3000;
        TrialBatch b = t.generate(KEY, 0, n);
        double sum = 0;
        int trials = 0;
        for (int k = 0; k < n; k++) {
            if (b.labels()[k] != 0) {
                int end = PycogTask.trialEnd(b, k) + 1;
                double delay = end * 20.0 - 1400;
                assertTrue(delay >= 2500 && delay <= 3480, "delay " + delay);
                sum += delay;
                trials++;
            }
        }
        // floor of U(2500, 3500) to 20 ms: mean 2990, sd ≈ 289
        assertEquals(2990, sum / trials, 5 * 289 / Math.sqrt(trials));
    }

    @Test
    void romoScoreIsTheWorstConditionAndStopsOnTheLastValue() {
        RomoTask t = new RomoTask(20, 100);
        TrialBatch b = t.generate(KEY, 0, 22, TrialPurpose.VALIDATION);
        int len = b.steps() - 1;
        double[] o = new double[22 * 2 * len];
        for (int k = 0; k < 22; k++) {
            int cond = b.labels()[k];
            // every condition right on both of its trials except condition 3, wrong on one (trial 14)
            int pick = cond == 0 ? 0 : k == 14 ? 1 - t.choice(cond) : t.choice(cond);
            int end = PycogTask.trialEnd(b, k);
            o[(k * 2 + pick) * len + end] = 1.0;
        }
        assertEquals(3, b.labels()[14]);
        assertEquals(50.0, t.score(b, o, 0, 22).value(), 1e-12);
        assertEquals("performance_2afc_min_condition", t.score(b, o, 0, 22).measure());
        assertEquals(100.0, t.score(b, o, 0, 11).value(), 1e-12);
        assertTrue(t.meetsTarget(List.of(10.0, 85.0)));
        assertFalse(t.meetsTarget(List.of(100.0, 84.9)));
    }
}
